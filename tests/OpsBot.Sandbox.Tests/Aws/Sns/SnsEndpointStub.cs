using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.Tests.Aws.Sns;

/// <summary>
/// A subscriber's HTTP endpoint on 127.0.0.1 (any free port): keeps every POST (headers and body) and answers each with
/// the next of the statuses it was told (<see cref="AnswerNext"/>; a zero holds the answer past the delivery timeout), 200
/// when there are none left.
/// </summary>
internal sealed class SnsEndpointStub : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly Lock _lock = new();
    private readonly Queue<int> _answers = new();
    private readonly List<Received> _received = [];
    private readonly WebApplication _app;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SnsEndpointStub(WebApplication app) => _app = app;

    /// <summary>Where SNS is to POST: <c>http://127.0.0.1:&lt;port&gt;/sns/alarms</c>.</summary>
    public Uri Url => new(_app.BaseUrl(), "sns/alarms");

    public static async Task<SnsEndpointStub> StartAsync()
    {
        var app = LoopbackApp.CreateBuilder().Build();
        var stub = new SnsEndpointStub(app);
        app.MapPost("/sns/alarms", stub.ReceiveAsync);
        await app.StartAsync();
        return stub;
    }

    /// <summary>Answers the next POSTs with <paramref name="statuses"/>, in order (0: no answer until the sender gives up).</summary>
    public void AnswerNext(params int[] statuses)
    {
        lock (_lock)
        {
            foreach (var status in statuses)
                _answers.Enqueue(status);
        }
    }

    /// <summary>Every POST so far, oldest first.</summary>
    public IReadOnlyList<Received> All
    {
        get
        {
            lock (_lock)
                return [.. _received];
        }
    }

    /// <summary>The first POST that matches, waiting for it (on the wall clock, a real socket) up to 15 s.</summary>
    public async Task<Received> FirstAsync(Func<Received, bool> match, string what)
    {
        var give = DateTimeOffset.UtcNow + Patience;
        while (true)
        {
            Task arrived;
            lock (_lock)
            {
                if (_received.FirstOrDefault(match) is { } found)
                    return found;
                arrived = _arrived.Task;
            }
            var left = give - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(arrived, Task.Delay(left)) != arrived)
                throw new TimeoutException($"No {what} within {Patience.TotalSeconds} s; received: {string.Join(", ", All.Select(r => r.Type))}");
        }
    }

    /// <summary>The first message of <paramref name="type"/>.</summary>
    public Task<Received> FirstAsync(string type) => FirstAsync(r => r.Type == type, type);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        int status;
        lock (_lock)
        {
            _received.Add(new Received(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body));
            status = _answers.TryDequeue(out var next) ? next : 200;
            var arrived = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            arrived.SetResult();
        }
        if (status == 0)
        {
            // Held until the sender hangs up (its timeout), then nothing: the attempt timed out.
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }
        context.Response.StatusCode = status;
    }

    /// <summary>A POST as the endpoint got it.</summary>
    public sealed record Received(IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public string Type => Headers.GetValueOrDefault("x-amz-sns-message-type") ?? "";

        public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

        /// <summary>A notification's message, parsed (CloudWatch's alarm JSON).</summary>
        public JsonObject Message => JsonNode.Parse((string)Json["Message"]!)!.AsObject();

        public string? Header(string name) => Headers.GetValueOrDefault(name);
    }
}
