using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Aws.Http;
using OpsBot.Aws.Tests.Http;

namespace OpsBot.Aws.Tests.CloudWatch;

/// <summary>
/// Answers GetMetricData from the request itself, as CloudWatch would: for each query a datapoint per period of the
/// call's window wherever <see cref="Data"/> has a value, with the status <see cref="Status"/> gives. Keeps every call.
/// Unlike <see cref="RecordingHandler"/>'s script it answers concurrent calls (the metrics source makes them).
/// </summary>
internal sealed class FakeCloudWatchMetrics : HttpMessageHandler
{
    /// <summary>(function, executed version, metric name, period start) → value, or null for no datapoint.</summary>
    public Func<string, string, string, DateTimeOffset, double?> Data { get; set; } = (_, _, metric, _) => metric switch
    {
        "Invocations" => 100,
        "Errors" => 1,
        _ => 120,
    };

    /// <summary>(function, executed version, metric name) → StatusCode and message of that series.</summary>
    public Func<string, string, string, (string Status, string? Message)> Status { get; set; } = (_, _, _) => ("Complete", null);

    /// <summary>Region → an error answer for every call there, or null to answer with data.</summary>
    public Func<string, HttpResponseMessage?> Failure { get; set; } = _ => null;

    public ConcurrentQueue<(string Region, JsonObject Body)> Calls { get; } = new();

    /// <summary>A transport with the SigV4 suite's credentials whose calls this fake answers.</summary>
    public AwsTransport Transport()
    {
        var options = Options.Create(new AwsOptions { Region = "us-east-1", AccessKeyId = TestAws.AccessKey, SecretAccessKey = TestAws.SecretKey });
        return new AwsTransport(new HttpClient(this, disposeHandler: false), new AwsEnvironment(options), options,
            new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero)), NullLogger<AwsTransport>.Instance);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var region = request.RequestUri!.Host.Split('.')[1];
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
        Calls.Enqueue((region, body));
        return Failure(region) ?? Answer(body);
    }

    private HttpResponseMessage Answer(JsonObject body)
    {
        var start = (long)body["StartTime"]!;
        var end = (long)body["EndTime"]!;
        var results = new JsonArray();
        foreach (var query in body["MetricDataQueries"]!.AsArray())
        {
            var stat = query!["MetricStat"]!;
            var metric = (string)stat["Metric"]!["MetricName"]!;
            var dimensions = stat["Metric"]!["Dimensions"]!.AsArray().ToDictionary(d => (string)d!["Name"]!, d => (string)d!["Value"]!);
            var period = (int)stat["Period"]!;
            var (function, version) = (dimensions["FunctionName"], dimensions["ExecutedVersion"]);
            var timestamps = new JsonArray();
            var values = new JsonArray();
            for (var t = start; t < end; t += period)
            {
                if (Data(function, version, metric, DateTimeOffset.FromUnixTimeSeconds(t)) is { } value)
                {
                    timestamps.Add(t);
                    values.Add(value);
                }
            }
            var (status, message) = Status(function, version, metric);
            var messages = new JsonArray();
            if (message is not null)
                messages.Add(new JsonObject { ["Code"] = status, ["Value"] = message });
            results.Add(new JsonObject
            {
                ["Id"] = (string)query["Id"]!, ["Label"] = metric, ["Timestamps"] = timestamps, ["Values"] = values,
                ["StatusCode"] = status, ["Messages"] = messages,
            });
        }
        return RecordingHandler.Json(HttpStatusCode.OK, new JsonObject { ["MetricDataResults"] = results, ["Messages"] = new JsonArray() }.ToJsonString());
    }
}
