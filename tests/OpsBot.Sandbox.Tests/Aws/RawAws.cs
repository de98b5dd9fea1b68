using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Tests.Aws;

/// <summary>
/// Hand-signed (SigV4) requests to the emulator, for what OpsBot's adapter never sends: malformed input, refusals,
/// paging by hand. Signs host and x-amz-date only; the verifier hashes the body itself.
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

    public Task<RawResponse> AppConfigAsync(HttpMethod method, string pathAndQuery, byte[]? body = null, IDictionary<string, string>? headers = null) =>
        SendAsync(method, pathAndQuery, "appconfig", body ?? [], headers ?? new Dictionary<string, string>(), "test");

    private async Task<RawResponse> SendAsync(HttpMethod method, string pathAndQuery, string service, byte[] body, IDictionary<string, string> headers, string secret)
    {
        var uri = new Uri(baseUrl, pathAndQuery);
        var now = time.GetUtcNow().UtcDateTime;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var host = uri.Authority;
        var query = string.Join('&', (uri.Query.TrimStart('?') is { Length: > 0 } q ? q.Split('&') : [])
            .Select(p => p.Split('=', 2)).Select(p => (Name: Encode(Uri.UnescapeDataString(p[0])), Value: Encode(p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "")))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value}"));
        var path = string.Join('/', uri.AbsolutePath.Split('/').Select(Encode));
        var canonical = $"{method.Method}\n{path}\n{query}\nhost:{host}\nx-amz-date:{amzDate}\n\nhost;x-amz-date\n{Hex(SHA256.HashData(body))}";
        var scope = $"{date}/us-east-1/{service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        foreach (var part in (string[])["us-east-1", service, "aws4_request"])
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));

        using var request = new HttpRequestMessage(method, uri);
        request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=test/{scope}, SignedHeaders=host;x-amz-date, Signature={signature}");
        request.Content = new ByteArrayContent(body);
        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
                request.Content.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await Http.SendAsync(request);
        var answer = await response.Content.ReadAsByteArrayAsync();
        var all = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new RawResponse((int)response.StatusCode, all, answer);
    }

    private static string Encode(string value)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
                sb.Append(c);
            else
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

/// <summary>An answer: status, headers (any case) and body.</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public JsonObject Json => (JsonObject)JsonNode.Parse(Body)!;

    public string? Header(string name) => Headers.GetValueOrDefault(name);
}
