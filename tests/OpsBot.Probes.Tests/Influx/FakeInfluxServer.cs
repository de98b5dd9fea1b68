using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpsBot.Probes.Tests.Support;

namespace OpsBot.Probes.Tests.Influx;

/// <summary>Which InfluxDB the stand-in plays.</summary>
internal enum InfluxKind
{
    /// <summary>2.x OSS: <c>/ping</c> with <c>X-Influxdb-Version: v2.7.4</c>, JSON <c>/health</c>, v2 write and Flux query.</summary>
    V2,

    /// <summary>Debian's 1.6: <c>/ping</c> only; <c>/health</c> and the v2 API are 404.</summary>
    V1,

    /// <summary>InfluxDB 3 Core: JSON <c>/ping</c>, plain-text <c>/health</c>, v2 write, no Flux.</summary>
    V3,

    /// <summary>Says nothing of its version, answers <c>/health</c> like 2.x, but runs no Flux (405): Cloud Serverless-like.</summary>
    NoFlux,
}

/// <summary>
/// An InfluxDB on 127.0.0.1 that answers the endpoints InfluxDB.Client and the probe use the way the real servers do,
/// keeps the points written to it (line protocol) and finds them again for a Flux query on their value (annotated
/// CSV, CRLF rows, as InfluxDB 2 returns it). It records every request.
/// </summary>
internal sealed partial class FakeInfluxServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<Recorded> _requests = new();
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _reached = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoopbackServer? _server;

    private FakeInfluxServer(InfluxKind kind) => Kind = kind;

    public sealed record Recorded(string Method, string PathAndQuery, string? Authorization, string Body);

    public InfluxKind Kind { get; }

    public string Url => _server!.Url;

    /// <summary>"pass", or "fail" (then <c>/health</c> answers 503).</summary>
    public string Health { get; set; } = "pass";

    /// <summary>When set, write and query need <c>Authorization: Token &lt;it&gt;</c>, else 401.</summary>
    public string? Token { get; set; }

    /// <summary>A 401 that quotes what it was sent (a careless proxy): the probe must still not show the token.</summary>
    public bool EchoAuthorization { get; set; }

    /// <summary>Queries find nothing, as if the write had been lost.</summary>
    public bool Forgetful { get; set; }

    /// <summary>Runs before a path is answered (a test advances its fake clock here).</summary>
    public Action<string>? BeforeAnswer { get; set; }

    /// <summary>Requests to this path get no answer until the server is disposed.</summary>
    public string? HangOn { get; set; }

    public IReadOnlyList<Recorded> Requests => [.. _requests];

    public IReadOnlyList<string> Lines => [.. _lines];

    public static async Task<FakeInfluxServer> StartAsync(InfluxKind kind)
    {
        var fake = new FakeInfluxServer(kind);
        fake._server = await LoopbackServer.StartAsync(app => app.Run(fake.AnswerAsync));
        return fake;
    }

    /// <summary>Completes when a request to <paramref name="path"/> has arrived.</summary>
    public Task Reached(string path) => _reached.GetOrAdd(path, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public async ValueTask DisposeAsync()
    {
        _released.TrySetResult();
        if (_server is not null)
            await _server.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        var body = await new StreamReader(http.Request.Body).ReadToEndAsync(http.RequestAborted);
        _requests.Enqueue(new(http.Request.Method, path + http.Request.QueryString, http.Request.Headers.Authorization.FirstOrDefault(), body));
        _reached.GetOrAdd(path, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        if (path == HangOn)
            await _released.Task.WaitAsync(http.RequestAborted);
        BeforeAnswer?.Invoke(path);

        var response = http.Response;
        response.Headers["X-Influxdb-Build"] = "OSS";
        switch (Kind, path)
        {
            case (InfluxKind.V2, "/ping"):
                response.Headers["X-Influxdb-Version"] = "v2.7.4";
                response.StatusCode = 204;
                return;
            case (InfluxKind.V1, "/ping"):
                response.Headers["X-Influxdb-Version"] = "1.6.7~rc0";
                response.StatusCode = 204;
                return;
            case (InfluxKind.V3, "/ping"):
                response.Headers["X-Influxdb-Version"] = "3.0.1";
                await JsonAsync(response, 200, """{"version":"3.0.1","revision":"f4e8b5d"}""");
                return;
            case (InfluxKind.NoFlux, "/ping"):
                response.StatusCode = 204;
                return;
            case (InfluxKind.NoFlux, "/health"):
                await JsonAsync(response, 200, """{"name":"influxdb","message":"ready for queries and writes","status":"pass","checks":[]}""");
                return;
            case (InfluxKind.V2, "/health"):
                await JsonAsync(response, Health == "pass" ? 200 : 503, Health == "pass"
                    ? """{"name":"influxdb","message":"ready for queries and writes","status":"pass","checks":[],"version":"v2.7.4","commit":"407fa622e9"}"""
                    : """{"name":"influxdb","message":"storage engine unavailable","status":"fail","checks":[],"version":"v2.7.4","commit":"407fa622e9"}""");
                return;
            case (InfluxKind.V3, "/health"):
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync("OK");
                return;
            case (InfluxKind.V2 or InfluxKind.V3 or InfluxKind.NoFlux, "/api/v2/write") when Authorized(http):
                foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    _lines.Enqueue(line);
                response.StatusCode = 204;
                return;
            case (InfluxKind.V2, "/api/v2/query") when Authorized(http):
                response.ContentType = "text/csv; charset=utf-8";
                await response.WriteAsync(QueryAnswer(body));
                return;
            case (InfluxKind.NoFlux, "/api/v2/query"):
                await JsonAsync(response, 405, """{"code":"method not allowed","message":"allow: GET, HEAD"}""");
                return;
            case (InfluxKind.V2 or InfluxKind.V3 or InfluxKind.NoFlux, "/api/v2/write" or "/api/v2/query"):
                var quoted = EchoAuthorization ? $" (got {http.Request.Headers.Authorization})" : "";
                await JsonAsync(response, 401, $$"""{"code":"unauthorized","message":"unauthorized access{{quoted}}"}""");
                return;
            default:
                response.StatusCode = 404;
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync("404 page not found\n");
                return;
        }
    }

    private bool Authorized(HttpContext http) => Token is null || http.Request.Headers.Authorization == $"Token {Token}";

    // The probe's query filters on one value and keeps _time and _value: one table, no group key.
    private string QueryAnswer(string requestBody)
    {
        var wanted = ValueFilter().Match(requestBody);
        var found = !Forgetful && wanted.Success && _lines.Any(l => l.EndsWith($" nonce=\"{wanted.Groups[1].Value}\"", StringComparison.Ordinal));
        return found
            ? "#datatype,string,long,dateTime:RFC3339,string\r\n" +
              "#group,false,false,false,false\r\n" +
              "#default,_result,,,\r\n" +
              ",result,table,_time,_value\r\n" +
              $",,0,2026-12-07T10:00:00.123456789Z,{wanted.Groups[1].Value}\r\n" +
              "\r\n"
            : "\r\n";
    }

    private static async Task JsonAsync(HttpResponse response, int status, string json)
    {
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(json);
    }

    // The query arrives inside JSON, its quotes escaped: r._value == \"<value>\"
    [GeneratedRegex(@"r\._value == \\""([0-9a-f]{32})\\""")]
    private static partial Regex ValueFilter();
}
