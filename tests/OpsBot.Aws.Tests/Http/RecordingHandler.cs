using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace OpsBot.Aws.Tests.Http;

/// <summary>What a client sent, read back off the wire.</summary>
public sealed record SentRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}

/// <summary>
/// An HTTP handler that records every request and answers from a script of recorded responses (in order; the last one
/// repeats). No socket is opened.
/// </summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<SentRequest, CancellationToken, Task<HttpResponseMessage>>> _script = new();
    private Func<SentRequest, CancellationToken, Task<HttpResponseMessage>> _last = (_, _) => Task.FromResult(Json(HttpStatusCode.OK, "{}"));

    public ConcurrentQueue<SentRequest> Sent { get; } = new();

    public SentRequest Last => Sent.Last();

    public RecordingHandler Answer(HttpStatusCode status, string body, string contentType = "application/json", params (string Name, string Value)[] headers) =>
        Answer(_ => Respond(status, body, contentType, headers));

    public RecordingHandler Answer(Func<SentRequest, HttpResponseMessage> respond)
    {
        _script.Enqueue((sent, _) => Task.FromResult(respond(sent)));
        return this;
    }

    private int _hanging;

    /// <summary>How many calls are waiting in <see cref="Hang"/> right now.</summary>
    public int Hanging => Volatile.Read(ref _hanging);

    /// <summary>The next call gets no answer until it is cancelled (a service that hangs).</summary>
    public RecordingHandler Hang()
    {
        _script.Enqueue(async (_, cancellationToken) =>
        {
            Interlocked.Increment(ref _hanging);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _hanging);
            }
            throw new InvalidOperationException("unreachable");
        });
        return this;
    }

    /// <summary>The next call fails without an answer (connection refused).</summary>
    public RecordingHandler Refuse() => Answer(_ => throw new HttpRequestException("Connection refused (127.0.0.1:4566)"));

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
        var sent = new SentRequest(request.Method, request.RequestUri!, headers, body);
        Func<SentRequest, CancellationToken, Task<HttpResponseMessage>> respond;
        lock (_script)
        {
            // Calls made at the same time each take the next scripted answer, in the order they arrive.
            Sent.Enqueue(sent);
            if (_script.TryDequeue(out var next))
                _last = next;
            respond = _last;
        }
        return await respond(sent, cancellationToken);
    }

    public static HttpResponseMessage Json(HttpStatusCode status, string body) => Respond(status, body, "application/json", []);

    public static HttpResponseMessage Respond(HttpStatusCode status, string body, string contentType, (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8) };
        response.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
                response.Content.Headers.TryAddWithoutValidation(name, value);
        }
        return response;
    }
}
