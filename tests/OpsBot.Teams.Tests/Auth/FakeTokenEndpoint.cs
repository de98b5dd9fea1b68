using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Teams.Tests.Auth;

/// <summary>
/// A loopback OAuth token endpoint (<c>/{tenant}/oauth2/v2.0/token</c>) that records every POST (path and form) and
/// answers as the test scripts it, by attempt number; <see cref="Gate"/> can hold answers back to line callers up.
/// </summary>
internal sealed class FakeTokenEndpoint : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly Lock _signal = new();
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _count;

    private FakeTokenEndpoint(LoopbackServer server) => _server = server;

    public sealed record Request(string Path, string ContentType, IReadOnlyDictionary<string, string> Form);

    public ConcurrentQueue<Request> Requests { get; } = new();

    /// <summary>The answer to the n-th POST (1-based); by default a one-hour token "token-{n}".</summary>
    public Func<int, HttpResponse, Task> Answer { get; set; } = (n, response) => Token(response, $"token-{n}", 3600);

    /// <summary>Awaited before answering; completed by default.</summary>
    public Task Gate { get; set; } = Task.CompletedTask;

    public string LoginBaseUrl => _server.BaseUrl;

    public static async Task<FakeTokenEndpoint> StartAsync()
    {
        FakeTokenEndpoint? endpoint = null;
        var server = await LoopbackServer.StartAsync(app => app.MapPost("/{tenant}/oauth2/v2.0/token", (HttpContext context) => endpoint!.HandleAsync(context)));
        return endpoint = new FakeTokenEndpoint(server);
    }

    public static Task Token(HttpResponse response, string token, int expiresIn) =>
        response.WriteAsJsonAsync(new { token_type = "Bearer", expires_in = expiresIn, ext_expires_in = expiresIn, access_token = token });

    public static Task Status(HttpResponse response, int status, string? retryAfter = null, string body = "")
    {
        response.StatusCode = status;
        if (retryAfter is not null)
            response.Headers.RetryAfter = retryAfter;
        response.ContentType = "application/json";
        return response.WriteAsync(body);
    }

    /// <summary>Waits (real time, generous) until <paramref name="count"/> POSTs have arrived.</summary>
    public async Task WaitForRequestsAsync(int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            Task next;
            lock (_signal)
                next = _arrived.Task;
            if (Requests.Count >= count)
                return;
            await next.WaitAsync(cts.Token);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var n = Interlocked.Increment(ref _count);
        Requests.Enqueue(new Request(context.Request.Path, context.Request.ContentType ?? "", form.ToDictionary(f => f.Key, f => f.Value.ToString())));
        lock (_signal)
        {
            var previous = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            previous.SetResult();
        }
        await Gate;
        await Answer(n, context.Response);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
