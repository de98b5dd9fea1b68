using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using OpsBot.Aws.Lambda;
using OpsBot.Aws.Logs;
using OpsBot.Aws.Tests.Http;

namespace OpsBot.Aws.Tests.Logs;

/// <summary>
/// Lambda's GetFunctionConfiguration and CloudWatch Logs' StartQuery, GetQueryResults and StopQuery over one
/// <see cref="RecordingHandler"/>, each answered with a recorded body: the configuration (<see cref="LogGroup"/> in its
/// LoggingConfig when set), a query id, then the scripted <see cref="Polls"/> in order (the last one repeats).
/// </summary>
internal sealed class FakeLogs
{
    public FakeLogs() => Handler = new RecordingHandler().Answer(Respond);

    public static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 20, 0, TimeSpan.Zero);

    public RecordingHandler Handler { get; }

    public WaitingClock Time { get; } = new(Now);

    public string? LogGroup { get; set; }

    /// <summary>An error answer for GetFunctionConfiguration instead of the configuration.</summary>
    public HttpResponseMessage? ConfigurationFailure { get; set; }

    /// <summary>An error answer for StartQuery instead of a query id.</summary>
    public Func<HttpResponseMessage>? StartFailure { get; set; }

    /// <summary>GetQueryResults answers (bodies), in order; the last one repeats.</summary>
    public ConcurrentQueue<string> Polls { get; } = new();

    /// <summary>Called on every GetQueryResults before it is answered.</summary>
    public Action? OnPoll { get; set; }

    private string _lastPoll = Result("Running");

    public IEnumerable<SentRequest> Logs(string operation) => Handler.Sent.Where(s => s.Header("X-Amz-Target") == $"Logs_20140328.{operation}");

    public IEnumerable<SentRequest> Configurations => Handler.Sent.Where(s => s.Uri.AbsolutePath.EndsWith("/configuration", StringComparison.Ordinal));

    public JsonObject StartBody => JsonNode.Parse(Logs("StartQuery").Single().Text)!.AsObject();

    public CloudWatchLogSearch Search()
    {
        var transport = TestAws.Transport(Handler, Time);
        return new CloudWatchLogSearch(
            new FunctionLogGroups(new LambdaClient(transport), Time, NullLogger<FunctionLogGroups>.Instance),
            new InsightsQueryRunner(new LogsClient(transport), Time, NullLogger<InsightsQueryRunner>.Instance));
    }

    /// <summary>A GetQueryResults body with <paramref name="rows"/> (timestamp, message, stream) and the status.</summary>
    public static string Result(string status, params (string Timestamp, string Message, string Stream)[] rows) =>
        new JsonObject
        {
            ["results"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonArray(
                Field("@timestamp", r.Timestamp), Field("@message", r.Message), Field("@logStream", r.Stream), Field("@ptr", "CmAKJgoiMTIzNDU2Nzg5MDEy")))]),
            ["statistics"] = new JsonObject { ["recordsMatched"] = rows.Length, ["recordsScanned"] = 1000.0, ["bytesScanned"] = 123456.0 },
            ["status"] = status,
        }.ToJsonString();

    private HttpResponseMessage Poll()
    {
        OnPoll?.Invoke();
        _lastPoll = Polls.TryDequeue(out var next) ? next : _lastPoll;
        return RecordingHandler.Json(HttpStatusCode.OK, _lastPoll);
    }

    private static JsonObject Field(string field, string value) => new() { ["field"] = field, ["value"] = value };

    private HttpResponseMessage Respond(SentRequest sent)
    {
        if (sent.Uri.AbsolutePath.EndsWith("/configuration", StringComparison.Ordinal))
        {
            return ConfigurationFailure ?? RecordingHandler.Json(HttpStatusCode.OK, new JsonObject
            {
                ["FunctionName"] = "lambda_router", ["Version"] = "5",
                ["LoggingConfig"] = LogGroup is null ? new JsonObject { ["LogFormat"] = "Text" } : new JsonObject { ["LogFormat"] = "JSON", ["LogGroup"] = LogGroup },
            }.ToJsonString());
        }
        return sent.Header("X-Amz-Target") switch
        {
            "Logs_20140328.StartQuery" => StartFailure?.Invoke() ?? RecordingHandler.Json(HttpStatusCode.OK, """{"queryId":"q-1"}"""),
            "Logs_20140328.GetQueryResults" => Poll(),
            "Logs_20140328.StopQuery" => RecordingHandler.Json(HttpStatusCode.OK, """{"success":true}"""),
            var other => throw new InvalidOperationException($"unexpected call {sent.Method} {sent.Uri} {other}"),
        };
    }
}
