using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace OpsBot.Teams.Tests.Support;

/// <summary>What OpsBot sent over HTTP, read back off the wire.</summary>
public sealed record RecordedCall(HttpMethod Method, Uri Uri, string? Authorization, string Body)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
}

/// <summary>
/// An HTTP peer in memory (no socket): records every request and answers from a script, in order; with the script
/// empty, 200 with <see cref="DefaultBody"/>.
/// </summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<RecordedCall, HttpResponseMessage>> _script = new();

    public ConcurrentQueue<RecordedCall> Calls { get; } = new();

    public string DefaultBody { get; set; } = """{"id":"1"}""";

    public RecordingHandler Then(HttpStatusCode status, string body = "{}", params (string Name, string Value)[] headers)
    {
        _script.Enqueue(_ => Respond(status, body, headers));
        return this;
    }

    public RecordingHandler Then(Func<RecordedCall, HttpResponseMessage> answer)
    {
        _script.Enqueue(answer);
        return this;
    }

    public static HttpResponseMessage Respond(HttpStatusCode status, string body, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
            response.Headers.TryAddWithoutValidation(name, value);
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var call = new RecordedCall(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body);
        Calls.Enqueue(call);
        return _script.TryDequeue(out var answer) ? answer(call) : Respond(HttpStatusCode.OK, DefaultBody);
    }
}
