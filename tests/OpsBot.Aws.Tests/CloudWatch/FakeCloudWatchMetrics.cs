using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Aws.Http;
using OpsBot.Aws.Tests.Http;

namespace OpsBot.Aws.Tests.CloudWatch;

/// <summary>
/// Answers GetMetricData from the request itself, as CloudWatch would: for each query that returns data a datapoint per
/// period of the call's window wherever <see cref="Data"/> (Lambda metrics) or <see cref="Other"/> (any other metric,
/// and expressions) has a value, with the status <see cref="Status"/> or <see cref="OtherStatus"/> gives. Refuses a
/// call as CloudWatch would (400 <c>InvalidParameterValue</c>) when it holds more than 500 queries, an id that repeats
/// or does not match <c>^[a-z][a-zA-Z0-9_]*$</c>, or an expression naming an id the call does not have. Keeps every
/// call. Unlike <see cref="RecordingHandler"/>'s script it answers concurrent calls (the metrics source makes them).
/// </summary>
internal sealed partial class FakeCloudWatchMetrics : HttpMessageHandler
{
    /// <summary>(function, executed version, metric name — "Duration p99" for the percentile —, period start) → value, or null for no datapoint.</summary>
    public Func<string, string, string, DateTimeOffset, double?> Data { get; set; } = (_, _, metric, _) => metric switch
    {
        "Invocations" => 100,
        "Errors" => 1,
        _ => 120,
    };

    /// <summary>(function, executed version, metric name) → StatusCode and message of that series.</summary>
    public Func<string, string, string, (string Status, string? Message)> Status { get; set; } = (_, _, _) => ("Complete", null);

    /// <summary>(query as sent, period start) → value of a query that is not a Lambda metric (a check's metric or expression), or null.</summary>
    public Func<JsonObject, DateTimeOffset, double?> Other { get; set; } = (query, _) => query["Expression"] is null ? 2 : 1;

    /// <summary>Query as sent → StatusCode and message of a series that is not a Lambda metric.</summary>
    public Func<JsonObject, (string Status, string? Message)> OtherStatus { get; set; } = _ => ("Complete", null);

    /// <summary>Region → an error answer for every call there, or null to answer with data.</summary>
    public Func<string, HttpResponseMessage?> Failure { get; set; } = _ => null;

    /// <summary>A call's body → an error answer for it, or null to answer with data.</summary>
    public Func<JsonObject, HttpResponseMessage?> CallFailure { get; set; } = _ => null;

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
        return Failure(region) ?? CallFailure(body) ?? Invalid(body) ?? Answer(body);
    }

    /// <summary>The 400 CloudWatch answers a call it cannot run, or null.</summary>
    private static HttpResponseMessage? Invalid(JsonObject body)
    {
        var queries = body["MetricDataQueries"]!.AsArray().Select(q => q!.AsObject()).ToList();
        var ids = queries.Select(q => (string)q["Id"]!).ToList();
        var problem =
            queries.Count > 500 ? $"{queries.Count} queries, at most 500" :
            ids.FirstOrDefault(id => !ValidId().IsMatch(id)) is { } bad ? $"Id {bad} is invalid" :
            ids.GroupBy(id => id).FirstOrDefault(g => g.Count() > 1) is { } twice ? $"Id {twice.Key} repeats" :
            queries.Select(q => (string?)q["Expression"]).OfType<string>()
                .SelectMany(e => Reference().Matches(Literals().Replace(e, "''")).Select(m => m.Groups[1].Value))
                .FirstOrDefault(name => !ids.Contains(name)) is { } unknown ? $"Unrecognized identifier {unknown} in expression" : null;
        return problem is null
            ? null
            : RecordingHandler.Respond(HttpStatusCode.BadRequest, $$"""{"__type":"InvalidParameterValueException","message":"{{problem}}"}""",
                "application/x-amz-json-1.0", [("x-amzn-query-error", "InvalidParameterValue;Sender")]);
    }

    [GeneratedRegex("^[a-z][a-zA-Z0-9_]*$")]
    private static partial Regex ValidId();

    /// <summary>A lower-case identifier that is not a function call: what an expression refers to (quoted strings and numbers taken out first).</summary>
    [GeneratedRegex(@"\b([a-z][a-zA-Z0-9_]*)\b(?!\s*\()")]
    private static partial Regex Reference();

    [GeneratedRegex("""'[^']*'|"[^"]*"|\b\d[\w.]*""")]
    private static partial Regex Literals();

    private HttpResponseMessage Answer(JsonObject body)
    {
        var start = (long)body["StartTime"]!;
        var end = (long)body["EndTime"]!;
        var results = new JsonArray();
        var queries = body["MetricDataQueries"]!.AsArray().Select(q => q!.AsObject()).ToList();
        foreach (var query in queries.Where(q => (bool?)q["ReturnData"] != false))
        {
            var stat = query["MetricStat"];
            var metric = (string?)stat?["Metric"]!["MetricName"] ?? (string)query["Expression"]!;
            var dimensions = stat?["Metric"]!["Dimensions"]!.AsArray().ToDictionary(d => (string)d!["Name"]!, d => (string)d!["Value"]!) ?? [];
            // An expression takes the period of its inputs.
            var period = (int?)stat?["Period"] ?? (int?)query["Period"] ?? 60;
            var lambda = dimensions.ContainsKey("ExecutedVersion") && (string?)stat?["Metric"]!["Namespace"] == "AWS/Lambda";
            var (function, version) = lambda ? (dimensions["FunctionName"], dimensions["ExecutedVersion"]) : ("", "");
            var series = lambda && (string?)stat!["Stat"] == "p99" ? "Duration p99" : metric;
            var timestamps = new JsonArray();
            var values = new JsonArray();
            for (var t = start; t < end; t += period)
            {
                var at = DateTimeOffset.FromUnixTimeSeconds(t);
                if ((lambda ? Data(function, version, series, at) : Other(query, at)) is { } value)
                {
                    timestamps.Add(t);
                    values.Add(value);
                }
            }
            var (status, message) = lambda ? Status(function, version, series) : OtherStatus(query);
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
