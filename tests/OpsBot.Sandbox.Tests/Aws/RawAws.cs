using System.Text;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Tests.Aws;

/// <summary>
/// Hand-signed (SigV4) requests to the emulator, for what OpsBot's adapter never sends: malformed input, refusals,
/// paging by hand, signed by <see cref="SignedRequest"/>.
/// </summary>
internal sealed class RawAws(Uri baseUrl, TimeProvider time)
{
    private static readonly HttpClient Http = new();

    public Task<RawResponse> CloudWatchAsync(string operation, JsonNode input, string secret = "test") =>
        SendAsync(HttpMethod.Post, "/", "monitoring", Encoding.UTF8.GetBytes(input.ToJsonString()), new Dictionary<string, string>
        {
            ["X-Amz-Target"] = $"GraniteServiceVersion20100801.{operation}",
            ["Content-Type"] = "application/x-amz-json-1.0",
            ["x-amzn-query-mode"] = "true",
        }, secret);

    public Task<RawResponse> LogsAsync(string operation, JsonNode input, string secret = "test") =>
        SendAsync(HttpMethod.Post, "/", "logs", Encoding.UTF8.GetBytes(input.ToJsonString()), new Dictionary<string, string>
        {
            ["X-Amz-Target"] = $"Logs_20140328.{operation}",
            ["Content-Type"] = "application/x-amz-json-1.1",
        }, secret);

    public Task<RawResponse> AppConfigAsync(HttpMethod method, string pathAndQuery, byte[]? body = null, IDictionary<string, string>? headers = null) =>
        SendAsync(method, pathAndQuery, "appconfig", body ?? [], headers ?? new Dictionary<string, string>(), "test");

    /// <summary>An awsQuery call to SNS: <c>Action</c>, <c>Version</c> and <paramref name="parameters"/>, form-encoded.</summary>
    public Task<RawResponse> SnsAsync(string action, params (string Name, string Value)[] parameters)
    {
        IEnumerable<(string Name, string Value)> form = [("Action", action), ("Version", "2010-03-31"), .. parameters];
        var body = string.Join('&', form.Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}"));
        return SendAsync(HttpMethod.Post, "/", "sns", Encoding.UTF8.GetBytes(body),
            new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8" }, "test");
    }

    private async Task<RawResponse> SendAsync(HttpMethod method, string pathAndQuery, string service, byte[] body, IDictionary<string, string> headers, string secret)
    {
        var contentType = headers.TryGetValue("Content-Type", out var type) ? type : null;
        var target = headers.TryGetValue("X-Amz-Target", out var t) ? t : null;
        using var request = SignedRequest.Create(baseUrl, service, method, pathAndQuery, body, contentType, time.GetUtcNow(), secret, target: target);
        foreach (var (name, value) in headers.Where(h => h.Key is not ("Content-Type" or "X-Amz-Target")))
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
                request.Content!.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await Http.SendAsync(request);
        var answer = await response.Content.ReadAsByteArrayAsync();
        var all = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new RawResponse((int)response.StatusCode, all, answer);
    }
}

/// <summary>An answer: status, headers (any case) and body.</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public JsonObject Json => (JsonObject)JsonNode.Parse(Body)!;

    public System.Xml.Linq.XElement Xml => System.Xml.Linq.XElement.Parse(Text);

    public string? Header(string name) => Headers.GetValueOrDefault(name);
}
