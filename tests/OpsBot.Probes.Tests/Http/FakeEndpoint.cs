using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OpsBot.Probes.Tests.Support;

namespace OpsBot.Probes.Tests.Http;

/// <summary>
/// A health API on 127.0.0.1 like the platform's <c>/health</c>: <c>/health</c> answers JSON (and quotes the
/// <c>x-api-key</c> it got, as a careless service might), <c>/down</c> 503, <c>/moved</c> a redirect, <c>/text</c>
/// plain text, <c>/slow</c> nothing until disposed. It records each request's path and headers.
/// </summary>
internal sealed class FakeEndpoint : IAsyncDisposable
{
    private readonly ConcurrentQueue<(string Path, IReadOnlyDictionary<string, string> Headers)> _requests = new();
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoopbackServer? _server;

    public string Url => _server!.Url;

    public Action<string>? BeforeAnswer { get; set; }

    public IReadOnlyList<(string Path, IReadOnlyDictionary<string, string> Headers)> Requests => [.. _requests];

    /// <summary>Completes when <c>/slow</c> has been asked.</summary>
    public Task SlowReached => _reached.Task;

    public static async Task<FakeEndpoint> StartAsync(X509Certificate2? certificate = null)
    {
        var fake = new FakeEndpoint();
        fake._server = await LoopbackServer.StartAsync(app => app.Run(fake.AnswerAsync), certificate);
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        _released.TrySetResult();
        if (_server is not null)
            await _server.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        _requests.Enqueue((path, http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        BeforeAnswer?.Invoke(path);
        var response = http.Response;
        switch (path)
        {
            case "/health":
                response.ContentType = "application/json";
                var key = http.Request.Headers["x-api-key"].ToString();
                await response.WriteAsync($$"""{"status":"OK","checks":{"db":"ok","cache":"degraded","replicas":3},"key":"{{key}}"}""");
                return;
            case "/down":
                response.StatusCode = 503;
                return;
            case "/moved":
                response.StatusCode = 302;
                response.Headers.Location = "/health";
                return;
            case "/text":
                await response.WriteAsync("all good");
                return;
            case "/slow":
                _reached.TrySetResult();
                await _released.Task.WaitAsync(http.RequestAborted);
                return;
            default:
                response.StatusCode = 404;
                return;
        }
    }
}
