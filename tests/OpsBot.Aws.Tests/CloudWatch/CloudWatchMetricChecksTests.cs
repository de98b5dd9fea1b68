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

/// <summary>Metric checks read by <see cref="CloudWatchMetricsSource"/> in the same GetMetricData calls as the Lambda queries.</summary>
public sealed partial class CloudWatchMetricChecksTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);

    private static readonly KeyValuePair<string, string>[] Queue = [new("QueueName", "influxdb_loader-dlq")];

    private static readonly KeyValuePair<string, string>[] Api = [new("ApiName", "ons-data-platform")];

    private static CheckMetric Metric(string id, string name = "ApproximateNumberOfMessagesVisible", string ns = "AWS/SQS", string stat = "Maximum",
        KeyValuePair<string, string>[]? dimensions = null) =>
        new(id, ns, name, dimensions ?? Queue, stat);

    private static CheckQuery Check(string id, string? expression = null, CheckMetric[]? metrics = null, string? region = "us-east-1",
        int fromMinute = 0, int toMinute = 5) =>
        new(id, region, null, metrics ?? [Metric("m")], expression, T0.AddMinutes(fromMinute), T0.AddMinutes(toMinute), 60);

    private static CheckQuery Rate(string id, string? region = "us-east-1") => Check(id, "100 * errors / (requests + 0)",
        [Metric("errors", "5XXError", "AWS/ApiGateway", "Sum", Api), Metric("requests", "Count", "AWS/ApiGateway", "Sum", Api)], region);

    private static MetricQuery Lambda(string id, string version = "8", bool detailed = false, string? region = "us-east-1") =>
        new(id, new FunctionTarget { Environment = "dev", Function = "lambda_router", Alias = "live", Region = region }, version, T0, T0.AddMinutes(5), 60)
        {
            Detailed = detailed,
        };

    private static CloudWatchMetricsSource Source(FakeCloudWatchMetrics cloudWatch) =>
        new(new CloudWatchClient(cloudWatch.Transport()), NullLogger<CloudWatchMetricsSource>.Instance);

    private static List<JsonObject> Queries(JsonObject body) => [.. body["MetricDataQueries"]!.AsArray().Select(q => q!.AsObject())];

    [GeneratedRegex("^[a-z][a-zA-Z0-9_]*$")]
    private static partial Regex CloudWatchId();

    [Fact]
    public async Task A_check_of_one_metric_is_one_query_that_returns_its_data()
    {
        var cloudWatch = new FakeCloudWatchMetrics { Other = (_, t) => t == T0.AddMinutes(1) ? null : 3 };

        var answers = await Source(cloudWatch).ReadAsync(new MetricBatch([], [Check("dlq")]), default);

        var (_, body) = Assert.Single(cloudWatch.Calls);
        var expected = JsonNode.Parse($$"""
            {"MetricDataQueries":[
              {"Id":"c0","MetricStat":{"Metric":{"Namespace":"AWS/SQS","MetricName":"ApproximateNumberOfMessagesVisible",
                "Dimensions":[{"Name":"QueueName","Value":"influxdb_loader-dlq"}]},"Period":60,"Stat":"Maximum"},"ReturnData":true}],
             "StartTime":{{T0.ToUnixTimeSeconds()}},"EndTime":{{T0.AddMinutes(5).ToUnixTimeSeconds()}},"ScanBy":"TimestampAscending"}
            """);
        Assert.True(JsonNode.DeepEquals(expected, body), body.ToJsonString());
        var series = Assert.Single(answers.Checks);
        Assert.Equal("dlq", series.Id);
        Assert.Null(series.Error);
        Assert.Equal([T0, T0.AddMinutes(2), T0.AddMinutes(3), T0.AddMinutes(4)], series.Points.Select(p => p.Start));
        Assert.All(series.Points, p => Assert.Equal(3, p.Value));
    }

    [Fact]
    public async Task An_expression_is_sent_over_its_renamed_inputs_which_return_no_data()
    {
        var cloudWatch = new FakeCloudWatchMetrics();

        var answers = await Source(cloudWatch).ReadAsync(new MetricBatch([Lambda("q")], [Rate("api-5xx")]), default);

        var (_, body) = Assert.Single(cloudWatch.Calls);
        var queries = Queries(body);
        // The checks are placed first (they cannot be split), then the Lambda queries.
        Assert.Equal(["c0_0", "c0_1", "c0", "q0_invocations", "q0_errors", "q0_duration"], queries.Select(q => (string)q["Id"]!));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"Id":"c0_0","MetricStat":{"Metric":{"Namespace":"AWS/ApiGateway","MetricName":"5XXError",
              "Dimensions":[{"Name":"ApiName","Value":"ons-data-platform"}]},"Period":60,"Stat":"Sum"},"ReturnData":false}
            """), queries[0]), queries[0].ToJsonString());
        Assert.Equal(false, (bool?)queries[1]["ReturnData"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"Id":"c0","ReturnData":true,"Expression":"100 * c0_0 / (c0_1 + 0)","Period":60}"""), queries[2]),
            queries[2].ToJsonString());
        Assert.Null(answers.Lambda[0].Error);
        var check = Assert.Single(answers.Checks);
        Assert.Null(check.Error);
        Assert.Equal(5, check.Points.Count);
    }

    [Fact]
    public async Task Checks_that_name_their_metrics_alike_get_ids_unique_in_the_call()
    {
        var cloudWatch = new FakeCloudWatchMetrics();
        var checks = new[] { Rate("a"), Rate("b"), Check("c", "m * 2", [Metric("m")]) };

        var answers = await Source(cloudWatch).ReadAsync(new MetricBatch([], checks), default);

        var (_, body) = Assert.Single(cloudWatch.Calls);
        var queries = Queries(body);
        Assert.Equal(queries.Count, queries.Select(q => (string)q["Id"]!).Distinct().Count());
        Assert.Equal(["100 * c0_0 / (c0_1 + 0)", "100 * c1_0 / (c1_1 + 0)", "c2_0 * 2"],
            queries.Select(q => (string?)q["Expression"]).OfType<string>().Order(StringComparer.Ordinal));
        Assert.All(answers.Checks, c => Assert.Null(c.Error));
        Assert.Equal(["a", "b", "c"], answers.Checks.Select(c => c.Id));
    }

    public static TheoryData<int, int> LambdaCounts => new()
    {
        { 0, 0 }, { 1, 0 }, { 100, 0 }, { 100, 40 }, { 167, 0 }, { 100, 100 }, { 300, 0 }, { 500, 0 }, { 250, 250 },
    };

    [Theory]
    [MemberData(nameof(LambdaCounts))]
    public async Task A_hundred_checks_and_the_lambda_queries_take_ceil_of_their_cloudwatch_queries_over_500_calls(int lambda, int detailed)
    {
        var cloudWatch = new FakeCloudWatchMetrics();
        // Half the checks are one metric (1 query), half an expression over two (3 queries): 200 CloudWatch queries.
        var checks = Enumerable.Range(0, 100).Select(i => i % 2 == 0 ? Check($"dlq{i}") : Rate($"rate{i}")).ToList();
        var queries = Enumerable.Range(0, lambda).Select(i => Lambda($"l{i}", $"{i}", detailed: i < detailed)).ToList();
        var total = checks.Sum(c => c.Cost) + lambda * 3 + detailed * 2;

        var answers = await Source(cloudWatch).ReadAsync(new MetricBatch(queries, checks), default);

        Assert.Equal((total + 499) / 500, cloudWatch.Calls.Count);
        Assert.Equal(total, cloudWatch.Calls.Sum(c => Queries(c.Body).Count));
        foreach (var (_, body) in cloudWatch.Calls)
        {
            var ids = Queries(body).Select(q => (string)q["Id"]!).ToList();
            Assert.InRange(ids.Count, 1, 500);
            Assert.Equal(ids.Count, ids.Distinct().Count());
            Assert.All(ids, id => Assert.Matches(CloudWatchId(), id));
        }
        Assert.Equal(queries.Select(q => q.Id), answers.Lambda.Select(s => s.Id));
        Assert.Equal(checks.Select(c => c.Id), answers.Checks.Select(c => c.Id));
        Assert.All(answers.Lambda, s => Assert.Equal((null, 5), (s.Error, s.Points.Count)));
        Assert.All(answers.Checks, c => Assert.Equal((null, 5), (c.Error, c.Points.Count)));
    }

    [Fact]
    public async Task A_checks_error_status_becomes_its_error_and_the_others_still_answer()
    {
        var cloudWatch = new FakeCloudWatchMetrics
        {
            OtherStatus = q => (string)q["Id"]! == "c1" ? ("Forbidden", "Insufficient permissions for AWS/ApiGateway") : ("Complete", null),
        };

        var answers = await Source(cloudWatch).ReadAsync(new MetricBatch([Lambda("q")], [Check("dlq"), Rate("api")]), default);

        Assert.Single(cloudWatch.Calls);
        Assert.Null(answers.Lambda[0].Error);
        Assert.Null(answers.Checks[0].Error);
        Assert.Equal(5, answers.Checks[0].Points.Count);
        Assert.Equal("CloudWatch check data Forbidden: Forbidden Insufficient permissions for AWS/ApiGateway", answers.Checks[1].Error);
        Assert.Empty(answers.Checks[1].Points);
    }

    [Fact]
    public async Task A_check_keeps_only_the_points_of_its_own_window()
    {
        var cloudWatch = new FakeCloudWatchMetrics();

        var answers = await Source(cloudWatch).ReadAsync(new MetricBatch([Lambda("q")], [Check("late", fromMinute: 3, toMinute: 8)]), default);

        var (_, body) = Assert.Single(cloudWatch.Calls);
        Assert.Equal(T0.AddMinutes(8).ToUnixTimeSeconds(), (long)body["EndTime"]!);
        Assert.Equal([T0.AddMinutes(3), T0.AddMinutes(4), T0.AddMinutes(5), T0.AddMinutes(6), T0.AddMinutes(7)], answers.Checks[0].Points.Select(p => p.Start));
        Assert.Equal(5, answers.Lambda[0].Points.Count);
    }

    [Fact]
    public async Task Checks_of_other_regions_get_their_own_calls_and_a_failed_call_errors_what_it_carried()
    {
        var cloudWatch = new FakeCloudWatchMetrics
        {
            Failure = region => region == "eu-west-2"
                ? RecordingHandler.Respond(HttpStatusCode.Forbidden, """{"__type":"AccessDeniedException","message":"not allowed"}""", "application/x-amz-json-1.0", [("x-amzn-query-error", "AccessDenied;Sender")])
                : null,
        };

        var answers = await Source(cloudWatch).ReadAsync(
            new MetricBatch([Lambda("east"), Lambda("west", region: "eu-west-2")], [Check("east-dlq"), Check("west-dlq", region: "eu-west-2")]), default);

        Assert.Equal(["eu-west-2", "us-east-1"], cloudWatch.Calls.Select(c => c.Region).Order());
        Assert.Null(answers.Lambda[0].Error);
        Assert.Null(answers.Checks[0].Error);
        Assert.Equal("cloudwatch GetMetricData failed: AccessDenied (HTTP 403): not allowed", answers.Lambda[1].Error);
        Assert.Equal("cloudwatch GetMetricData failed: AccessDenied (HTTP 403): not allowed", answers.Checks[1].Error);
    }

    [Fact]
    public async Task When_every_call_fails_the_read_throws_even_with_checks_only()
    {
        var cloudWatch = new FakeCloudWatchMetrics
        {
            Failure = _ => RecordingHandler.Respond(HttpStatusCode.BadRequest, """{"__type":"InvalidParameterValueException","message":"bad"}""",
                "application/x-amz-json-1.0", [("x-amzn-query-error", "InvalidParameterValue;Sender")]),
        };

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => Source(cloudWatch).ReadAsync(new MetricBatch([], [Check("a")]), default));

        Assert.Equal("InvalidParameterValue", e.Code);
    }

    [Fact]
    public async Task A_check_that_cannot_be_sent_is_answered_with_an_error_and_the_rest_still_are()
    {
        var cloudWatch = new FakeCloudWatchMetrics();
        var checks = new[]
        {
            Check("none", metrics: []),
            Check("two", metrics: [Metric("a"), Metric("b")]),
            Check("huge", "SUM(METRICS())", [.. Enumerable.Range(0, 500).Select(i => Metric($"m{i}"))]),
            Check("empty", fromMinute: 5, toMinute: 5),
            Check("fine"),
            Check("twice", "m + m", [Metric("m"), Metric("m", "NumberOfMessagesSent")]),
        };

        var answers = await Source(cloudWatch).ReadAsync(new MetricBatch([], checks), default);

        var (_, body) = Assert.Single(cloudWatch.Calls);
        Assert.Single(Queries(body));
        Assert.Equal("the check names no metric", answers.Checks[0].Error);
        Assert.Equal("the check has 2 metrics and no expression: it needs one metric, or an expression over them", answers.Checks[1].Error);
        Assert.Equal("the check needs 501 CloudWatch queries, more than the 500 a GetMetricData call holds", answers.Checks[2].Error);
        Assert.Equal((null, 0), (answers.Checks[3].Error, answers.Checks[3].Points.Count));
        Assert.Equal((null, 5), (answers.Checks[4].Error, answers.Checks[4].Points.Count));
        Assert.Equal("the check's metric ids repeat", answers.Checks[5].Error);
    }

    [Fact]
    public async Task A_lambda_query_split_over_two_calls_reads_its_series_from_both_and_errors_if_either_fails()
    {
        // 500 Lambda queries are 1500 CloudWatch queries: 3 calls of 166 whole queries and 2 left over, which are split.
        var queries = Enumerable.Range(0, 500).Select(i => Lambda($"l{i}", $"{i}")).ToList();
        var cloudWatch = new FakeCloudWatchMetrics();

        var answers = await Source(cloudWatch).ReadAsync(queries, default);

        Assert.Equal([500, 500, 500], cloudWatch.Calls.Select(c => Queries(c.Body).Count));
        Assert.All(answers, s => Assert.Equal((null, 5), (s.Error, s.Points.Count)));

        var failing = new FakeCloudWatchMetrics
        {
            CallFailure = body => Queries(body).Any(q => (string)q["Id"]! == "q0_invocations")
                ? RecordingHandler.Respond(HttpStatusCode.BadRequest, """{"__type":"InvalidParameterValueException","message":"bad"}""",
                    "application/x-amz-json-1.0", [("x-amzn-query-error", "InvalidParameterValue;Sender")])
                : null,
        };
        var partly = await Source(failing).ReadAsync(queries, default);

        var split = Queries(failing.Calls.Single(c => Queries(c.Body).Any(q => (string)q["Id"]! == "q0_invocations")).Body)
            .Select(q => ((string)q["Id"]!).Split('_')[0]).Distinct().ToList();
        Assert.Equal(167, split.Count); // 166 whole queries and a part of one split over two calls
        Assert.Equal(split.Select(id => "l" + id[1..]).Order(), partly.Where(s => s.Error is not null).Select(s => s.Id).Order());
        Assert.All(partly.Where(s => s.Error is not null), s => Assert.Equal("cloudwatch GetMetricData failed: InvalidParameterValue (HTTP 400): bad", s.Error));
        Assert.All(partly.Where(s => s.Error is null), s => Assert.Equal(5, s.Points.Count));
    }
}
