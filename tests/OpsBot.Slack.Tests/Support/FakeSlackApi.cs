using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace OpsBot.Slack.Tests.Support;

/// <summary>What OpsBot sent to Slack, read back off the wire.</summary>
public sealed record SlackCall(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>The Web API method ("chat.postMessage"), or the host for a response_url or an upload.</summary>
    public string Target => Uri.AbsolutePath.StartsWith("/api/", StringComparison.Ordinal) ? Uri.AbsolutePath[5..] : Uri.Host;

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public JsonObject Json => JsonNode.Parse(Text)!.AsObject();

    public IReadOnlyDictionary<string, string> Form =>
        QueryHelpers.ParseQuery("?" + Text).ToDictionary(p => p.Key, p => p.Value.ToString());
}

/// <summary>
/// Slack's Web API, response_url and upload host in memory (an HTTP handler: no socket is opened). Every call is
/// recorded; each method answers as Slack does, unless a test scripted other answers for it.
/// </summary>
public sealed class FakeSlackApi : HttpMessageHandler
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<SlackCall, HttpResponseMessage>>> _scripts = new();
    private readonly object _signal = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _ts;

    public ConcurrentQueue<SlackCall> Calls { get; } = new();

    public IReadOnlyList<SlackCall> CallsTo(string method) => [.. Calls.Where(c => c.Target == method)];

    /// <summary>The next call to <paramref name="method"/> gets this answer (answers queue up in order).</summary>
    public FakeSlackApi Script(string method, Func<SlackCall, HttpResponseMessage> answer)
    {
        _scripts.GetOrAdd(method, _ => new()).Enqueue(answer);
        return this;
    }

    public FakeSlackApi Script(string method, HttpStatusCode status, string body, params (string Name, string Value)[] headers) =>
        Script(method, _ => Respond(status, body, headers));

    /// <summary>Waits (real time, generous) until a call matches; fails the test with what was seen otherwise.</summary>
    public async Task<SlackCall> WaitForAsync(Func<SlackCall, bool> match, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            Task next;
            lock (_signal)
                next = _next.Task;
            if (Calls.FirstOrDefault(match) is { } found)
                return found;
            try
            {
                await next.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("No matching Slack call. Seen:\n" + string.Join("\n", Calls.Select(c => $"{c.Target}: {c.Text}")));
            }
        }
    }

    public Task<SlackCall> WaitForAsync(string method, TimeSpan? timeout = null) => WaitForAsync(c => c.Target == method, timeout);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
            headers[name] = string.Join(",", values);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        if (request.Content is not null)
        {
            foreach (var (name, values) in request.Content.Headers)
                headers[name] = string.Join(",", values);
        }
        var call = new SlackCall(request.Method, request.RequestUri!, headers, body);
        var response = _scripts.TryGetValue(call.Target, out var script) && script.TryDequeue(out var scripted) ? scripted(call) : Default(call);
        Calls.Enqueue(call);
        lock (_signal)
        {
            var previous = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            previous.SetResult();
        }
        return response;
    }

    private HttpResponseMessage Default(SlackCall call) => call.Target switch
    {
        "chat.postMessage" => Ok(new JsonObject { ["channel"] = call.Json["channel"]!.GetValue<string>(), ["ts"] = NextTs() }),
        "chat.update" => Ok(new JsonObject { ["channel"] = call.Json["channel"]!.GetValue<string>(), ["ts"] = call.Json["ts"]!.GetValue<string>() }),
        "chat.postEphemeral" => Ok(new JsonObject { ["message_ts"] = NextTs() }),
        "files.getUploadURLExternal" => Ok(new JsonObject { ["upload_url"] = "https://files.slack.com/upload/v1/ABC123", ["file_id"] = "F0CHART" }),
        "files.completeUploadExternal" => Ok(new JsonObject { ["files"] = new JsonArray(new JsonObject { ["id"] = "F0CHART" }) }),
        "usergroups.users.list" => Ok(new JsonObject { ["users"] = new JsonArray("U0BOB", "U0CAROL") }),
        "files.slack.com" => Respond(HttpStatusCode.OK, $"OK - {call.Body.Length}"),
        _ when !call.Uri.AbsolutePath.StartsWith("/api/", StringComparison.Ordinal) => Respond(HttpStatusCode.OK, """{"ok":true}"""), // a response_url
        _ => Respond(HttpStatusCode.NotFound, """{"ok":false,"error":"unknown_method"}"""),
    };

    private string NextTs() => $"1764230400.{Interlocked.Increment(ref _ts):D6}";

    public static HttpResponseMessage Ok(JsonObject body)
    {
        body["ok"] = true;
        return Respond(HttpStatusCode.OK, body.ToJsonString());
    }

    public static HttpResponseMessage Respond(HttpStatusCode status, string body, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
            response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }
}
