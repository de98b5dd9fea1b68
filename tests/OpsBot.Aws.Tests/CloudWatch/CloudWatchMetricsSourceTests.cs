using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using OpsBot.Aws.CloudWatch;
using OpsBot.Aws.Http;
using OpsBot.Aws.Tests.Http;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Tests.CloudWatch;

public sealed partial class CloudWatchMetricsSourceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private static FunctionTarget Target(string function = "lambda_router", string? region = "us-east-1") =>
        new() { Environment = "dev", Function = function, Alias = "live", Region = region };

    private static MetricQuery Query(string id, string version = "8", int fromMinute = 0, int toMinute = 5, string function = "lambda_router", string? region = "us-east-1") =>
        new(id, Target(function, region), version, T0.AddMinutes(fromMinute), T0.AddMinutes(toMinute), 60);

    private static CloudWatchMetricsSource Source(RecordingHandler handler) => Source(TestAws.Transport(handler));

    private static CloudWatchMetricsSource Source(FakeCloudWatchMetrics cloudWatch) => Source(cloudWatch.Transport());

    private static CloudWatchMetricsSource Source(AwsTransport transport) =>
        new(new CloudWatchClient(transport), NullLogger<CloudWatchMetricsSource>.Instance);

    [GeneratedRegex("^[a-z][a-zA-Z0-9_]*$")]
    private static partial Regex CloudWatchId();

    [Fact]
    public async Task A_query_becomes_invocations_sum_errors_sum_and_duration_average_of_the_executed_version_behind_the_alias()
    {
        var cloudWatch = new FakeCloudWatchMetrics();

        await Source(cloudWatch).ReadAsync([Query("q0", version: "8")], default);

        var (_, body) = Assert.Single(cloudWatch.Calls);
        var expected = JsonNode.Parse($$"""
            {"MetricDataQueries":[
              {"Id":"q0_invocations","MetricStat":{"Metric":{"Namespace":"AWS/Lambda","MetricName":"Invocations","Dimensions":{{Dimensions}}},"Period":60,"Stat":"Sum"},"ReturnData":true},
              {"Id":"q0_errors","MetricStat":{"Metric":{"Namespace":"AWS/Lambda","MetricName":"Errors","Dimensions":{{Dimensions}}},"Period":60,"Stat":"Sum"},"ReturnData":true},
              {"Id":"q0_duration","MetricStat":{"Metric":{"Namespace":"AWS/Lambda","MetricName":"Duration","Dimensions":{{Dimensions}}},"Period":60,"Stat":"Average"},"ReturnData":true}],
             "StartTime":{{T0.ToUnixTimeSeconds()}},"EndTime":{{T0.AddMinutes(5).ToUnixTimeSeconds()}},"ScanBy":"TimestampAscending"}
            """);
        Assert.True(JsonNode.DeepEquals(expected, body), body.ToJsonString());
    }

    private const string Dimensions = """
        [{"Name":"FunctionName","Value":"lambda_router"},{"Name":"Resource","Value":"lambda_router:live"},{"Name":"ExecutedVersion","Value":"8"}]
        """;

    [Fact]
    public async Task A_detailed_query_adds_duration_p99_and_throttles_sum_and_reads_them_per_period()
    {
        var cloudWatch = new FakeCloudWatchMetrics
        {
            Data = (_, _, metric, t) => (metric, (int)(t - T0).TotalMinutes) switch
            {
                ("Invocations", 2) => null,
                ("Invocations", var m) => 10 * (m + 1),
                ("Errors", _) => 1,
                ("Duration", var m) => 100 + m,
                ("Duration p99", 3) => null,
                ("Duration p99", var m) => 900 + m,
                ("Throttles", 2) => 7,
                ("Throttles", 4) => 1,
                _ => null,
            },
        };

        var series = Assert.Single(await Source(cloudWatch).ReadAsync([Query("q") with { Detailed = true }], default));

        var (_, body) = Assert.Single(cloudWatch.Calls);
        var queries = body["MetricDataQueries"]!.AsArray();
        Assert.Equal(["q0_invocations", "q0_errors", "q0_duration", "q0_p99", "q0_throttles"], queries.Select(q => (string)q!["Id"]!));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""
            {"Id":"q0_p99","MetricStat":{"Metric":{"Namespace":"AWS/Lambda","MetricName":"Duration","Dimensions":{{Dimensions}}},"Period":60,"Stat":"p99"},"ReturnData":true}
            """), queries[3]), queries[3]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""
            {"Id":"q0_throttles","MetricStat":{"Metric":{"Namespace":"AWS/Lambda","MetricName":"Throttles","Dimensions":{{Dimensions}}},"Period":60,"Stat":"Sum"},"ReturnData":true}
            """), queries[4]), queries[4]!.ToJsonString());
        Assert.Null(series.Error);
        Assert.Equal(
        [
            new MetricPoint(T0, 10, 1, 100) { P99DurationMs = 900, Throttles = 0 },
            new MetricPoint(T0.AddMinutes(1), 20, 1, 101) { P99DurationMs = 901, Throttles = 0 },
            // Every request of minute 2 was throttled: no invocations, but the period is there for its throttles.
            new MetricPoint(T0.AddMinutes(2), 0, 1, 102) { P99DurationMs = 902, Throttles = 7 },
            new MetricPoint(T0.AddMinutes(3), 40, 1, 103) { P99DurationMs = null, Throttles = 0 },
            new MetricPoint(T0.AddMinutes(4), 50, 1, 104) { P99DurationMs = 904, Throttles = 1 },
        ], series.Points);
    }

    [Fact]
    public async Task A_failed_p99_series_is_an_error_of_the_detailed_query()
    {
        var cloudWatch = new FakeCloudWatchMetrics { Status = (_, _, metric) => metric == "Duration p99" ? ("InternalError", null) : ("Complete", null) };

        var series = await Source(cloudWatch).ReadAsync([Query("plain"), Query("detailed") with { Detailed = true }], default);

        Assert.Null(series[0].Error);
        Assert.Equal("CloudWatch Duration p99 data InternalError", series[1].Error);
    }

    [Fact]
    public async Task Up_to_166_queries_share_one_call_of_498_with_valid_unique_ids()
    {
        var cloudWatch = new FakeCloudWatchMetrics();
        var queries = Enumerable.Range(0, 166).Select(i => Query($"m{i}", version: $"{i}")).ToList();

        var series = await Source(cloudWatch).ReadAsync(queries, default);

        var (_, body) = Assert.Single(cloudWatch.Calls);
        var ids = body["MetricDataQueries"]!.AsArray().Select(q => (string)q!["Id"]!).ToList();
        Assert.Equal(498, ids.Count);
        Assert.Equal(498, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches(CloudWatchId(), id));
        Assert.Equal(queries.Select(q => q.Id), series.Select(s => s.Id));
        Assert.All(series, s => Assert.Null(s.Error));
    }

    [Fact]
    public async Task The_167th_query_takes_a_second_call()
    {
        var cloudWatch = new FakeCloudWatchMetrics();
        var queries = Enumerable.Range(0, 167).Select(i => Query($"m{i}", version: $"{i}")).ToList();

        var series = await Source(cloudWatch).ReadAsync(queries, default);

        Assert.Equal([3, 498], cloudWatch.Calls.Select(c => c.Body["MetricDataQueries"]!.AsArray().Count).Order());
        Assert.Equal(queries.Select(q => q.Id), series.Select(s => s.Id));
        Assert.All(series, s => Assert.Equal(5, s.Points.Count));
    }

    [Fact]
    public async Task Each_region_gets_its_own_call()
    {
        var cloudWatch = new FakeCloudWatchMetrics();
        var queries = new[]
        {
            Query("a", region: "us-east-1"), Query("b", region: "eu-west-2"), Query("c", region: "us-east-1", version: "9"),
        };

        var series = await Source(cloudWatch).ReadAsync(queries, default);

        Assert.Equal(["eu-west-2", "us-east-1"], cloudWatch.Calls.Select(c => c.Region).Order());
        Assert.Equal(3, cloudWatch.Calls.Single(c => c.Region == "eu-west-2").Body["MetricDataQueries"]!.AsArray().Count);
        Assert.Equal(6, cloudWatch.Calls.Single(c => c.Region == "us-east-1").Body["MetricDataQueries"]!.AsArray().Count);
        Assert.Equal(["a", "b", "c"], series.Select(s => s.Id));
    }

    [Fact]
    public async Task A_call_asks_for_the_union_window_and_each_series_keeps_only_its_own_points()
    {
        var cloudWatch = new FakeCloudWatchMetrics();
        var early = Query("early", version: "7", fromMinute: 0, toMinute: 5);
        var late = Query("late", version: "8", fromMinute: 2, toMinute: 8);

        var series = await Source(cloudWatch).ReadAsync([early, late], default);

        var (_, body) = Assert.Single(cloudWatch.Calls);
        Assert.Equal(T0.ToUnixTimeSeconds(), (long)body["StartTime"]!);
        Assert.Equal(T0.AddMinutes(8).ToUnixTimeSeconds(), (long)body["EndTime"]!);
        Assert.Equal(Enumerable.Range(0, 5).Select(m => T0.AddMinutes(m)), series[0].Points.Select(p => p.Start));
        Assert.Equal(Enumerable.Range(2, 6).Select(m => T0.AddMinutes(m)), series[1].Points.Select(p => p.Start));
    }

    [Fact]
    public async Task A_period_without_invocations_is_absent_missing_errors_are_zero_and_missing_duration_is_null()
    {
        var cloudWatch = new FakeCloudWatchMetrics
        {
            Data = (_, _, metric, t) => (metric, (int)(t - T0).TotalMinutes) switch
            {
                ("Invocations", 2) => null,
                ("Invocations", var m) => 10 * (m + 1),
                ("Errors", 1) => null,
                ("Errors", var m) => m,
                ("Duration", 3) => null,
                ("Duration", var m) => 100 + m,
                _ => null,
            },
        };

        var series = Assert.Single(await Source(cloudWatch).ReadAsync([Query("q")], default));

        Assert.Null(series.Error);
        Assert.Equal(
        [
            new MetricPoint(T0, 10, 0, 100),
            new MetricPoint(T0.AddMinutes(1), 20, 0, 101),
            new MetricPoint(T0.AddMinutes(3), 40, 3, null),
            new MetricPoint(T0.AddMinutes(4), 50, 4, 104),
        ], series.Points);
    }

    [Fact]
    public async Task A_forbidden_or_failed_series_makes_an_error_on_its_own_query_only()
    {
        var cloudWatch = new FakeCloudWatchMetrics
        {
            Status = (_, version, metric) => (version, metric) switch
            {
                ("8", "Errors") => ("Forbidden", "Authentication too complex to retrieve cross region data"),
                ("9", "Duration") => ("InternalError", null),
                _ => ("Complete", null),
            },
        };

        var series = await Source(cloudWatch).ReadAsync([Query("stable", "7"), Query("canary", "8"), Query("other", "9")], default);

        Assert.Single(cloudWatch.Calls);
        Assert.Null(series[0].Error);
        Assert.Equal(5, series[0].Points.Count);
        Assert.Equal("CloudWatch Errors data Forbidden: Forbidden Authentication too complex to retrieve cross region data", series[1].Error);
        Assert.Empty(series[1].Points);
        Assert.Equal("CloudWatch Duration data InternalError", series[2].Error);
    }

    [Fact]
    public async Task Partial_data_is_completed_from_the_next_page()
    {
        var handler = new RecordingHandler()
            .Answer(HttpStatusCode.OK, $$"""
                {"MetricDataResults":[
                  {"Id":"q0_invocations","Timestamps":[{{T0.ToUnixTimeSeconds()}}],"Values":[10],"StatusCode":"PartialData"},
                  {"Id":"q0_errors","Timestamps":[],"Values":[],"StatusCode":"PartialData"},
                  {"Id":"q0_duration","Timestamps":[{{T0.ToUnixTimeSeconds()}}],"Values":[50],"StatusCode":"PartialData"}],"NextToken":"more"}
                """)
            .Answer(HttpStatusCode.OK, $$"""
                {"MetricDataResults":[
                  {"Id":"q0_invocations","Timestamps":[{{T0.AddMinutes(1).ToUnixTimeSeconds()}}],"Values":[20],"StatusCode":"Complete"},
                  {"Id":"q0_errors","Timestamps":[{{T0.AddMinutes(1).ToUnixTimeSeconds()}}],"Values":[2],"StatusCode":"Complete"},
                  {"Id":"q0_duration","Timestamps":[{{T0.AddMinutes(1).ToUnixTimeSeconds()}}],"Values":[60],"StatusCode":"Complete"}]}
                """);

        var series = Assert.Single(await Source(handler).ReadAsync([Query("q")], default));

        Assert.Equal(2, handler.Sent.Count);
        Assert.Equal([new MetricPoint(T0, 10, 0, 50), new MetricPoint(T0.AddMinutes(1), 20, 2, 60)], series.Points);
    }

    [Fact]
    public async Task A_failed_call_errors_its_own_queries_and_the_other_regions_still_answer()
    {
        var cloudWatch = new FakeCloudWatchMetrics
        {
            Failure = region => region == "eu-west-2"
                ? RecordingHandler.Respond(HttpStatusCode.Forbidden, """{"__type":"AccessDeniedException","message":"not allowed"}""", "application/x-amz-json-1.0", [("x-amzn-query-error", "AccessDenied;Sender")])
                : null,
        };

        var series = await Source(cloudWatch).ReadAsync([Query("ok", region: "us-east-1"), Query("denied", region: "eu-west-2")], default);

        Assert.Null(series[0].Error);
        Assert.Equal("cloudwatch GetMetricData failed: AccessDenied (HTTP 403): not allowed", series[1].Error);
    }

    [Fact]
    public async Task When_every_call_fails_the_read_throws()
    {
        var cloudWatch = new FakeCloudWatchMetrics
        {
            Failure = _ => RecordingHandler.Respond(HttpStatusCode.BadRequest, """{"__type":"InvalidParameterValueException","message":"bad"}""",
                "application/x-amz-json-1.0", [("x-amzn-query-error", "InvalidParameterValue;Sender")]),
        };

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => Source(cloudWatch).ReadAsync([Query("a"), Query("b", region: "eu-west-2")], default));

        Assert.Equal(2, cloudWatch.Calls.Count);
        Assert.Equal("InvalidParameterValue", e.Code);
    }

    [Fact]
    public async Task No_queries_or_empty_windows_make_no_call()
    {
        var handler = new RecordingHandler();

        Assert.Empty(await Source(handler).ReadAsync([], default));
        var series = Assert.Single(await Source(handler).ReadAsync([Query("empty", fromMinute: 5, toMinute: 5)], default));

        Assert.Empty(handler.Sent);
        Assert.Equal("empty", series.Id);
        Assert.Empty(series.Points);
        Assert.Null(series.Error);
    }
}
