using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.Slack;

/// <summary>What the fake answers a call: an HTTP status, a JSON body in Slack's shape (<c>{"ok":true,...}</c> or
/// <c>{"ok":false,"error":"..."}</c>), and the headers that go with it.</summary>
internal sealed class SlackAnswer
{
    private SlackAnswer(int status, JsonObject body, string? error)
    {
        Status = status;
        Body = body;
        Error = error;
    }

    public int Status { get; }

    public JsonObject Body { get; }

    /// <summary>The <c>error</c> code, or null for a success.</summary>
    public string? Error { get; }

    public int? RetryAfterSeconds { get; private init; }

    /// <summary><c>{"ok":true}</c> followed by <paramref name="fields"/>.</summary>
    public static SlackAnswer Ok(JsonObject? fields = null, int status = StatusCodes.Status200OK)
    {
        var body = new JsonObject { ["ok"] = true };
        if (fields is not null)
        {
            foreach (var (key, value) in fields.ToList())
            {
                fields.Remove(key);
                body[key] = value;
            }
        }
        return new SlackAnswer(status, body, null);
    }

    /// <summary><c>{"ok":false,"error":code}</c>; Slack answers Web API errors with HTTP 200.</summary>
    public static SlackAnswer Fail(string code, int status = StatusCodes.Status200OK, JsonObject? extra = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error"] = code };
        if (extra is not null)
        {
            foreach (var (key, value) in extra.ToList())
            {
                extra.Remove(key);
                body[key] = value;
            }
        }
        return new SlackAnswer(status, body, code);
    }

    /// <summary>An error with Slack's explanation of what was wrong: <c>response_metadata.messages</c> holds each
    /// detail prefixed with <c>[ERROR]</c> (what Slack's SDKs log), and for blocks the plain <c>errors</c> array too.</summary>
    public static SlackAnswer Explained(string code, IReadOnlyList<string> details, bool withErrorsArray = false)
    {
        var extra = new JsonObject();
        if (withErrorsArray)
            extra["errors"] = new JsonArray([.. details.Select(d => (JsonNode)d)]);
        extra["response_metadata"] = new JsonObject { ["messages"] = new JsonArray([.. details.Select(d => (JsonNode)$"[ERROR] {d}")]) };
        return Fail(code, extra: extra);
    }

    /// <summary>HTTP 429 with <c>Retry-After</c> and <c>{"ok":false,"error":"ratelimited"}</c>.</summary>
    public static SlackAnswer RateLimited(int retryAfterSeconds) =>
        new(StatusCodes.Status429TooManyRequests, new JsonObject { ["ok"] = false, ["error"] = "ratelimited" }, "ratelimited")
        {
            RetryAfterSeconds = retryAfterSeconds,
        };

    /// <summary>Adds Slack's warnings: <c>warning</c> (comma-separated, the older field) and
    /// <c>response_metadata.warnings</c>, with the explanation Slack gives for a missing charset.</summary>
    public SlackAnswer WithWarnings(IReadOnlyList<string> warnings)
    {
        if (warnings.Count == 0)
            return this;
        Body["warning"] = string.Join(',', warnings);
        if (Body["response_metadata"] is not JsonObject metadata)
            Body["response_metadata"] = metadata = [];
        metadata["warnings"] = new JsonArray([.. warnings.Select(w => (JsonNode)w)]);
        if (warnings.Contains("missing_charset"))
        {
            if (metadata["messages"] is not JsonArray messages)
                metadata["messages"] = messages = [];
            messages.Add("[WARN] A Content-Type HTTP header was presented but did not declare a charset, such as a 'utf-8'");
        }
        return this;
    }

    public Task WriteAsync(HttpResponse response)
    {
        response.StatusCode = Status;
        if (RetryAfterSeconds is { } seconds)
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.ContentType = "application/json; charset=utf-8";
        return response.WriteAsync(Body.ToJsonString(), response.HttpContext.RequestAborted);
    }
}
