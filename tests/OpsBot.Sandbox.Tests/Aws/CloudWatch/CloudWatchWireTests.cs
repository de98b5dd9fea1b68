using System.Text.Json.Nodes;
using OpsBot.Sandbox.Aws.Traffic;

namespace OpsBot.Sandbox.Tests.Aws.CloudWatch;

/// <summary>CloudWatch's JSON 1.0 wire as the emulator speaks it: paging, ordering, metric math and CloudWatch's refusals.</summary>
public sealed class CloudWatchWireTests : IAsyncLifetime
{
    private EmulatorWorld _world = null!;
    private RawAws _aws = null!;

    private long Start => EmulatorWorld.DefaultStart.ToUnixTimeSeconds();

    public async Task InitializeAsync()
    {
        _world = await EmulatorWorld.StartAsync();
        _aws = new RawAws(_world.BaseUrl, _world.Time);
        _world.Routes.Canary("lambda_router", "5", 0.1);
        // 60% of a 10% canary fails: 6.2% of the alias, above the seeded alarm's 5%.
        _world.Get<TrafficFaults>().Set("lambda_router", "5", 0.6);
        _world.Run(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task GetMetricData_pages_by_MaxDatapoints_newest_first_and_the_pages_add_up()
    {
        var request = Request(Query("inv", "Invocations", "Sum", period: 1), Query("err", "Errors", "Sum", period: 1));
        request["MaxDatapoints"] = 25;
        var pages = new List<JsonObject>();
        do
        {
            var response = await _aws.CloudWatchAsync("GetMetricData", request);
            Assert.Equal((200, "application/x-amz-json-1.0"), (response.Status, response.Header("Content-Type")));
            pages.Add(response.Json);
            request["NextToken"] = response.Json["NextToken"]?.DeepClone();
        }
        while (request["NextToken"] is not null);

        Assert.Equal(3, pages.Count); // 30 + 30 points, 25 a page
        // A query with points on later pages is PartialData, also when this page holds none of them.
        Assert.Equal(["PartialData", "PartialData"], pages[0]["MetricDataResults"]!.AsArray().Select(r => r!["StatusCode"]!.GetValue<string>()));
        Assert.Equal(["Complete", "Complete"], pages[2]["MetricDataResults"]!.AsArray().Select(r => r!["StatusCode"]!.GetValue<string>()));
        var inv = pages.SelectMany(p => p["MetricDataResults"]!.AsArray().Single(r => r!["Id"]!.GetValue<string>() == "inv")!["Timestamps"]!.AsArray())
            .Select(t => t!.GetValue<long>()).ToList();
        Assert.Equal(Enumerable.Range(0, 30).Select(i => Start + 29 - i), inv);
        var errors = pages.SelectMany(p => p["MetricDataResults"]!.AsArray().Single(r => r!["Id"]!.GetValue<string>() == "err")!["Values"]!.AsArray())
            .Select(v => v!.GetValue<double>()).ToList();
        Assert.Equal(30, errors.Count);
        Assert.Equal(360, errors.Sum()); // 60% of 20 a second
    }

    [Fact]
    public async Task GetMetricData_answers_periods_ascending_when_asked_with_labels_and_metric_math()
    {
        var request = Request(
            Query("errors", "Errors", "Sum", period: 10, returnData: false),
            Query("invocations", "Invocations", "Sum", period: 10, returnData: false),
            new JsonObject { ["Id"] = "rate", ["Expression"] = "100 * errors / invocations", ["Label"] = "Canary error rate" },
            Query("avg", "Duration", "Average", period: 10),
            Query("count", "Duration", "SampleCount", period: 10));
        request["ScanBy"] = "TimestampAscending";
        var response = await _aws.CloudWatchAsync("GetMetricData", request);
        var results = response.Json["MetricDataResults"]!.AsArray();

        Assert.Equal(["rate", "avg", "count"], results.Select(r => r!["Id"]!.GetValue<string>()));
        var rate = results[0]!;
        Assert.Equal("Canary error rate", rate["Label"]!.GetValue<string>());
        Assert.Equal([Start, Start + 10, Start + 20], rate["Timestamps"]!.AsArray().Select(t => t!.GetValue<long>()));
        Assert.All(rate["Values"]!.AsArray(), v => Assert.Equal(60.0, v!.GetValue<double>(), 9));
        Assert.Equal("Duration", results[1]!["Label"]!.GetValue<string>());
        Assert.All(results[2]!["Values"]!.AsArray(), v => Assert.Equal(200.0, v!.GetValue<double>()));
        Assert.Equal("Complete", results[1]!["StatusCode"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetMetricData_leaves_out_periods_without_data_and_metrics_that_do_not_exist()
    {
        var request = Request(Query("old", "Invocations", "Sum", period: 60), Query("none", "Invocations", "Sum", period: 60, version: "9"));
        request["StartTime"] = Start - 3600;
        var results = (await _aws.CloudWatchAsync("GetMetricData", request)).Json["MetricDataResults"]!.AsArray();
        Assert.Equal([Start], results[0]!["Timestamps"]!.AsArray().Select(t => t!.GetValue<long>()));
        Assert.Empty(results[1]!["Timestamps"]!.AsArray());
    }

    public static TheoryData<string, string, string> Refusals() => new()
    {
        { """{"MetricDataQueries":[{"Id":"m","Expression":"METRICS()"}],"StartTime":1,"EndTime":2}""", "InvalidParameterValue", "does not evaluate the function METRICS()" },
        { """{"MetricDataQueries":[{"Id":"m","Expression":"a +"}],"StartTime":1,"EndTime":2}""", "InvalidParameterValue", "Error in expression 'm': the expression ends too early" },
        { """{"MetricDataQueries":[{"Id":"m","Expression":"x * 2"}],"StartTime":1,"EndTime":2}""", "InvalidParameterValue", "Unrecognized metric id 'x'" },
        { """{"MetricDataQueries":[{"Id":"Bad","Expression":"1"}],"StartTime":1,"EndTime":2}""", "InvalidParameterValue", "The value Bad for parameter MetricDataQueries.member.1.Id is not valid" },
        { """{"MetricDataQueries":[{"Id":"m"}],"StartTime":1,"EndTime":2}""", "InvalidParameterCombination", "Exactly one of MetricDataQueries.member.1.MetricStat and" },
        { """{"MetricDataQueries":[{"Id":"m","MetricStat":{"Metric":{"Namespace":"AWS/Lambda","MetricName":"Errors"},"Period":0,"Stat":"Sum"}}],"StartTime":1,"EndTime":2}""", "InvalidParameterValue", "MetricStat.Period must be greater than 0" },
        { """{"MetricDataQueries":[{"Id":"m","MetricStat":{"Metric":{"Namespace":"AWS/Lambda","MetricName":"Errors"},"Period":60,"Stat":"Median"}}],"StartTime":1,"EndTime":2}""", "InvalidParameterValue", "and percentiles (p99, p99.9)" },
        { """{"MetricDataQueries":[{"Id":"m","Expression":"1"}],"StartTime":5,"EndTime":5}""", "InvalidParameterValue", "The parameter StartTime must be less than the parameter EndTime." },
        { """{"MetricDataQueries":[{"Id":"m","Expression":"1"}],"EndTime":5}""", "MissingParameter", "The parameter StartTime is required." },
        { """{"MetricDataQueries":[{"Id":"m","Expression":"1"}],"StartTime":1,"EndTime":5,"NextToken":"bm9wZQ"}""", "InvalidNextToken", "NextToken is invalid" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task GetMetricData_refuses_bad_input_as_CloudWatch_does_with_the_query_error_header(string body, string code, string message)
    {
        var response = await _aws.CloudWatchAsync("GetMetricData", JsonNode.Parse(body)!);
        Assert.Equal(400, response.Status);
        Assert.Equal($"{code};Sender", response.Header("x-amzn-query-error"));
        Assert.Contains(message, response.Json["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_500_queries_are_refused()
    {
        var request = Request([.. Enumerable.Range(0, 501).Select(i => Query($"q{i}", "Errors", "Sum", period: 60))]);
        var response = await _aws.CloudWatchAsync("GetMetricData", request);
        Assert.Equal((400, "InvalidParameterValue;Sender"), (response.Status, response.Header("x-amzn-query-error")));
        Assert.Equal(("InvalidParameterValueException", "The collection MetricDataQueries must not have a size greater than 500."),
            (response.Json["__type"]!.GetValue<string>(), response.Json["message"]!.GetValue<string>()));
        Assert.Equal(200, (await _aws.CloudWatchAsync("GetMetricData", Request([.. Enumerable.Range(0, 500).Select(i => Query($"q{i}", "Errors", "Sum", period: 60))]))).Status);
    }

    [Fact]
    public async Task DescribeAlarms_pages_filters_and_leaves_composite_alarms_out_unless_asked()
    {
        var names = new List<string>();
        JsonNode? token = null;
        do
        {
            var page = (await _aws.CloudWatchAsync("DescribeAlarms", new JsonObject { ["MaxRecords"] = 3, ["NextToken"] = token?.DeepClone() })).Json;
            Assert.Null(page["CompositeAlarms"]);
            names.AddRange(page["MetricAlarms"]!.AsArray().Select(a => a!["AlarmName"]!.GetValue<string>()));
            token = page["NextToken"];
        }
        while (token is not null);
        Assert.Equal(20, names.Count);
        Assert.Equal(names.Order(StringComparer.Ordinal), names);

        var both = (await _aws.CloudWatchAsync("DescribeAlarms", JsonNode.Parse("""{"AlarmNames":["lambda_router-error-rate","lambda_router-duration","x"],"AlarmTypes":["MetricAlarm","CompositeAlarm"]}""")!)).Json;
        Assert.Empty(both["CompositeAlarms"]!.AsArray());
        var alarms = both["MetricAlarms"]!.AsArray();
        Assert.Equal(["lambda_router-duration", "lambda_router-error-rate"], alarms.Select(a => a!["AlarmName"]!.GetValue<string>()));
        var duration = alarms[0]!;
        Assert.Equal(("Duration", "AWS/Lambda", "Average", 10, 10000.0, "GreaterThanThreshold", 1),
            (duration["MetricName"]!.GetValue<string>(), duration["Namespace"]!.GetValue<string>(), duration["Statistic"]!.GetValue<string>(),
             duration["Period"]!.GetValue<int>(), duration["Threshold"]!.GetValue<double>(), duration["ComparisonOperator"]!.GetValue<string>(),
             duration["EvaluationPeriods"]!.GetValue<int>()));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"Name":"FunctionName","Value":"lambda_router"},{"Name":"Resource","Value":"lambda_router:live"}]"""), duration["Dimensions"]));
        var errorRate = alarms[1]!;
        Assert.Equal("arn:aws:cloudwatch:us-east-1:000000000000:alarm:lambda_router-error-rate", errorRate["AlarmArn"]!.GetValue<string>());
        Assert.Equal(("ALARM", 2, 2, 5.0), (errorRate["StateValue"]!.GetValue<string>(), errorRate["EvaluationPeriods"]!.GetValue<int>(),
            errorRate["DatapointsToAlarm"]!.GetValue<int>(), errorRate["Threshold"]!.GetValue<double>()));
        Assert.Equal(["errors", "invocations", "error_rate"], errorRate["Metrics"]!.AsArray().Select(m => m!["Id"]!.GetValue<string>()));
        Assert.Null(errorRate["MetricName"]);
        Assert.Equal(EmulatorWorld.DefaultStart.AddSeconds(20).ToUnixTimeSeconds(), errorRate["StateUpdatedTimestamp"]!.GetValue<double>());
        Assert.Equal("Average", JsonNode.Parse(duration["StateReasonData"]!.GetValue<string>())!["statistic"]!.GetValue<string>());

        var inAlarm = (await _aws.CloudWatchAsync("DescribeAlarms", JsonNode.Parse("""{"StateValue":"ALARM"}""")!)).Json["MetricAlarms"]!.AsArray();
        Assert.Equal(["lambda_router-api-5xx", "lambda_router-error-rate"], inAlarm.Select(a => a!["AlarmName"]!.GetValue<string>()));
        var prefixed = (await _aws.CloudWatchAsync("DescribeAlarms", JsonNode.Parse("""{"AlarmNamePrefix":"influx"}""")!)).Json["MetricAlarms"]!.AsArray();
        Assert.Equal(["influxdb_loader-api-5xx", "influxdb_loader-dlq-depth", "influxdb_loader-duration", "influxdb_loader-error-rate"],
            prefixed.Select(a => a!["AlarmName"]!.GetValue<string>()));
    }

    [Fact]
    public async Task DescribeAlarms_refuses_too_many_names_a_bad_token_and_an_unknown_operation_is_refused_too()
    {
        var many = new JsonObject { ["AlarmNames"] = new JsonArray([.. Enumerable.Range(0, 101).Select(i => (JsonNode)$"a{i}")]) };
        var tooMany = await _aws.CloudWatchAsync("DescribeAlarms", many);
        Assert.Equal((400, "InvalidParameterValue;Sender"), (tooMany.Status, tooMany.Header("x-amzn-query-error")));
        var badToken = await _aws.CloudWatchAsync("DescribeAlarms", JsonNode.Parse("""{"NextToken":"zz"}""")!);
        Assert.Equal((400, "InvalidNextToken;Sender", "InvalidNextToken"), (badToken.Status, badToken.Header("x-amzn-query-error"), badToken.Json["__type"]!.GetValue<string>()));
        var unknown = await _aws.CloudWatchAsync("PutMetricAlarm", new JsonObject());
        Assert.Equal((400, "InvalidAction;Sender"), (unknown.Status, unknown.Header("x-amzn-query-error")));
        var wrongSecret = await _aws.CloudWatchAsync("DescribeAlarms", new JsonObject(), secret: "wrong");
        Assert.Equal((403, "SignatureDoesNotMatch;Sender"), (wrongSecret.Status, wrongSecret.Header("x-amzn-query-error")));
    }

    private JsonObject Request(params JsonObject[] queries) => new()
    {
        ["MetricDataQueries"] = new JsonArray([.. queries]),
        ["StartTime"] = Start,
        ["EndTime"] = Start + 30,
    };

    private static JsonObject Query(string id, string metric, string stat, int period, bool returnData = true, string version = "5") => new()
    {
        ["Id"] = id,
        ["MetricStat"] = new JsonObject
        {
            ["Metric"] = new JsonObject
            {
                ["Namespace"] = "AWS/Lambda",
                ["MetricName"] = metric,
                ["Dimensions"] = new JsonArray(
                    new JsonObject { ["Name"] = "FunctionName", ["Value"] = "lambda_router" },
                    new JsonObject { ["Name"] = "Resource", ["Value"] = "lambda_router:live" },
                    new JsonObject { ["Name"] = "ExecutedVersion", ["Value"] = version }),
            },
            ["Period"] = period,
            ["Stat"] = stat,
        },
        ["ReturnData"] = returnData,
    };
}
