using System.Text.Json.Nodes;
using OpsBot.Sandbox.Aws;
using OpsBot.Sandbox.Aws.CloudWatch;
using OpsBot.Sandbox.Aws.Shared;
using OpsBot.Sandbox.Aws.Sqs;
using OpsBot.Sandbox.Aws.Traffic;

namespace OpsBot.Sandbox.Tests.Aws.CloudWatch;

/// <summary>
/// The guide's alarms beyond error rate and duration, evaluated over the emulated metrics: each function's API
/// (AWS/ApiGateway 5XXError of <c>{function}-api</c>, a 5xx for every failed invocation) and its dead-letter queue
/// (AWS/SQS ApproximateNumberOfMessagesVisible of <c>{function}-dlq</c>).
/// </summary>
public sealed class GuideAlarmsTests : IAsyncLifetime
{
    private EmulatorWorld _world = null!;
    private RawAws _aws = null!;

    public async Task InitializeAsync()
    {
        _world = await EmulatorWorld.StartAsync();
        _aws = new RawAws(_world.BaseUrl, _world.Time);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private IReadOnlyDictionary<string, string> States => _world.Get<SandboxAlarms>().States();

    [Fact]
    public void Every_function_has_the_guides_four_alarms_and_a_healthy_world_keeps_them_OK()
    {
        _world.Run(TimeSpan.FromSeconds(30));

        Assert.Equal(SandboxSeed.Functions.SelectMany(f => new[] { $"{f}-api-5xx", $"{f}-dlq-depth", $"{f}-duration", $"{f}-error-rate" }).Order(StringComparer.Ordinal),
            States.Keys);
        Assert.All(States, s => Assert.Equal("OK", s.Value));
    }

    [Fact]
    public async Task Messages_in_a_dead_letter_queue_put_its_alarm_into_ALARM_and_its_depth_is_read_as_SQS_publishes_it()
    {
        _world.Run(TimeSpan.FromSeconds(12));
        _world.Get<SqsWorld>().SendToDeadLetterQueue("influxdb_loader", 5);
        _world.Run(TimeSpan.FromSeconds(10));

        Assert.Equal("ALARM", States["influxdb_loader-dlq-depth"]);
        Assert.Equal("OK", States["lambda_router-dlq-depth"]);
        var start = EmulatorWorld.DefaultStart.ToUnixTimeSeconds();
        var answer = (await _aws.CloudWatchAsync("GetMetricData", new JsonObject
        {
            ["StartTime"] = start,
            ["EndTime"] = start + 20,
            ["MetricDataQueries"] = new JsonArray(new JsonObject
            {
                ["Id"] = "dlq",
                ["MetricStat"] = new JsonObject
                {
                    ["Metric"] = new JsonObject
                    {
                        ["Namespace"] = "AWS/SQS",
                        ["MetricName"] = "ApproximateNumberOfMessagesVisible",
                        ["Dimensions"] = new JsonArray(new JsonObject { ["Name"] = "QueueName", ["Value"] = "influxdb_loader-dlq" }),
                    },
                    ["Period"] = 10,
                    ["Stat"] = "Maximum",
                },
            }),
            ["ScanBy"] = "TimestampAscending",
        })).Json;
        Assert.Equal([0.0, 5.0], answer["MetricDataResults"]![0]!["Values"]!.AsArray().Select(v => v!.GetValue<double>()));

        Assert.Equal(5, _world.Get<SqsWorld>().PurgeDeadLetterQueue("influxdb_loader"));
        _world.Run(TimeSpan.FromSeconds(10));
        Assert.Equal("ALARM", States["influxdb_loader-dlq-depth"]); // the period that ended held messages until the purge
        _world.Run(TimeSpan.FromSeconds(10));
        Assert.Equal("OK", States["influxdb_loader-dlq-depth"]);
    }

    [Fact]
    public void Failed_invocations_are_5xx_answers_of_the_functions_API_and_more_than_1_percent_is_an_alarm()
    {
        _world.Routes.Canary("rag_query_processor", "5", 0.1);
        _world.Get<TrafficFaults>().Set("rag_query_processor", "5", 0.3);
        _world.Run(TimeSpan.FromSeconds(20));

        var store = _world.Get<MetricStore>();
        var second = EmulatorWorld.DefaultStart.ToUnixTimeSeconds() + 5;
        var errors = store.At(MetricKey.Of("AWS/ApiGateway", "5XXError", [new Dimension("ApiName", "rag_query_processor-api")]), second)!.Value;
        var count = store.At(MetricKey.Of("AWS/ApiGateway", "Count", [new Dimension("ApiName", "rag_query_processor-api")]), second)!.Value;
        var lambdaErrors = store.At(MetricKey.Of("AWS/Lambda", "Errors", LambdaMetrics.FunctionDimensions("rag_query_processor")), second)!.Value;
        Assert.Equal((200.0, lambdaErrors.Sum), (count.Sum, errors.Sum));
        Assert.InRange(errors.Value(Statistics.Average), 0.02, 0.04);
        Assert.Equal("ALARM", States["rag_query_processor-api-5xx"]);
        Assert.Equal("OK", States["rag_query_processor-error-rate"]);
        var latency = store.At(MetricKey.Of("AWS/ApiGateway", "Latency", [new Dimension("ApiName", "rag_query_processor-api")]), second)!.Value;
        var integration = store.At(MetricKey.Of("AWS/ApiGateway", "IntegrationLatency", [new Dimension("ApiName", "rag_query_processor-api")]), second)!.Value;
        Assert.Equal(15, latency.Value(Statistics.Average) - integration.Value(Statistics.Average), 6);
    }
}
