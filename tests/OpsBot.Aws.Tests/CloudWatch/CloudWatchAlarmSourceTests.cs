using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using OpsBot.Aws.CloudWatch;
using OpsBot.Aws.Http;
using OpsBot.Aws.Tests.Http;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Tests.CloudWatch;

public sealed class CloudWatchAlarmSourceTests
{
    private readonly ConcurrentQueue<(string Region, JsonObject Body)> _calls = new();

    /// <summary>A DescribeAlarms that knows every alarm whose name does not start with "missing": "c-" ones are composite, "red-" ones in ALARM.</summary>
    private RecordingHandler CloudWatch() => new RecordingHandler().Answer(sent =>
    {
        var body = CloudWatchWire.Body(sent);
        _calls.Enqueue((CloudWatchWire.Region(sent), body));
        var known = body["AlarmNames"]!.AsArray().Select(n => (string)n!).Where(n => !n.StartsWith("missing", StringComparison.Ordinal)).ToList();
        JsonObject Alarm(string name) => new()
        {
            ["AlarmName"] = name,
            ["StateValue"] = name.StartsWith("red-", StringComparison.Ordinal) ? "ALARM" : "OK",
            ["StateReason"] = $"reason of {name} in {CloudWatchWire.Region(sent)}",
            ["StateUpdatedTimestamp"] = 1754000000,
        };
        var answer = new JsonObject
        {
            ["MetricAlarms"] = new JsonArray([.. known.Where(n => !n.StartsWith("c-", StringComparison.Ordinal)).Select(Alarm)]),
            ["CompositeAlarms"] = new JsonArray([.. known.Where(n => n.StartsWith("c-", StringComparison.Ordinal)).Select(Alarm)]),
        };
        return RecordingHandler.Json(HttpStatusCode.OK, answer.ToJsonString());
    });

    private static CloudWatchAlarmSource Source(RecordingHandler handler) =>
        new(new CloudWatchClient(TestAws.Transport(handler)), NullLogger<CloudWatchAlarmSource>.Instance);

    [Fact]
    public async Task States_and_reasons_of_metric_and_composite_alarms_are_answered_per_query_and_missing_alarms_are_absent()
    {
        var errors = new AlarmQuery("dev", "red-errors", "us-east-1");
        var health = new AlarmQuery("dev", "c-health", "us-east-1");
        var latency = new AlarmQuery("dev", "latency", "us-east-1");
        var missing = new AlarmQuery("dev", "missing-alarm", "us-east-1");

        var answer = await Source(CloudWatch()).GetAsync([errors, health, latency, missing], default);

        var (_, body) = Assert.Single(_calls);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"AlarmNames":["red-errors","c-health","latency","missing-alarm"],"AlarmTypes":["MetricAlarm","CompositeAlarm"],"MaxRecords":100}
            """), body), body.ToJsonString());
        Assert.Equal(3, answer.Count);
        Assert.Equal(new AlarmStatus("red-errors", AlarmState.Alarm, "reason of red-errors in us-east-1"), answer[errors]);
        Assert.Equal(new AlarmStatus("c-health", AlarmState.Ok, "reason of c-health in us-east-1"), answer[health]);
        Assert.Equal(AlarmState.Ok, answer[latency].State);
        Assert.False(answer.ContainsKey(missing));
    }

    [Fact]
    public async Task Insufficient_data_is_mapped_and_an_unknown_state_is_left_out()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """
            {"MetricAlarms":[{"AlarmName":"a","StateValue":"INSUFFICIENT_DATA","StateReason":"no data"},{"AlarmName":"b","StateValue":"PURPLE"}]}
            """);
        var (a, b) = (new AlarmQuery("dev", "a"), new AlarmQuery("dev", "b"));

        var answer = await Source(handler).GetAsync([a, b], default);

        Assert.Equal(new AlarmStatus("a", AlarmState.InsufficientData, "no data"), answer[a]);
        Assert.False(answer.ContainsKey(b));
    }

    [Fact]
    public async Task Names_are_asked_in_chunks_of_100()
    {
        var queries = Enumerable.Range(0, 250).Select(i => new AlarmQuery("prod", $"alarm-{i:000}", "us-east-1")).ToList();

        var answer = await Source(CloudWatch()).GetAsync(queries, default);

        Assert.Equal([100, 100, 50], _calls.Select(c => c.Body["AlarmNames"]!.AsArray().Count));
        Assert.Equal(250, _calls.SelectMany(c => c.Body["AlarmNames"]!.AsArray().Select(n => (string)n!)).Distinct().Count());
        Assert.Equal(250, answer.Count);
    }

    [Fact]
    public async Task Each_region_is_asked_separately_and_a_name_shared_within_a_region_is_asked_once()
    {
        var devEast = new AlarmQuery("dev", "red-router", "us-east-1");
        var stagingEast = new AlarmQuery("staging", "red-router", "us-east-1");
        var prodWest = new AlarmQuery("prod", "red-router", "eu-west-2");

        var answer = await Source(CloudWatch()).GetAsync([devEast, stagingEast, prodWest], default);

        Assert.Equal(["eu-west-2", "us-east-1"], _calls.Select(c => c.Region).Order());
        Assert.All(_calls, c => Assert.Equal(["red-router"], c.Body["AlarmNames"]!.AsArray().Select(n => (string)n!)));
        Assert.Equal("reason of red-router in us-east-1", answer[devEast].Reason);
        Assert.Equal("reason of red-router in us-east-1", answer[stagingEast].Reason);
        Assert.Equal("reason of red-router in eu-west-2", answer[prodWest].Reason);
    }

    [Fact]
    public async Task A_failed_call_throws_rather_than_making_alarms_look_missing()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.BadRequest, """{"__type":"InvalidNextToken","message":"expired"}""",
            "application/x-amz-json-1.0", ("x-amzn-query-error", "InvalidNextToken;Sender"));

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => Source(handler).GetAsync([new AlarmQuery("dev", "a", "us-east-1")], default));

        Assert.Equal("InvalidNextToken", e.Code);
    }
}
