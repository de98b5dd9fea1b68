using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OpsBot.Sandbox.Tests.Aws;

/// <summary>
/// A request to the emulator signed with SigV4 the way the AWS SDKs sign non-S3 services (each path segment encoded once
/// more, the payload hashed), for the tests that look at raw answers: status, headers and body exactly as sent.
/// </summary>
internal static class SignedRequest
{
    public static HttpRequestMessage Create(Uri baseUrl, string service, HttpMethod method, string pathAndQuery, string? body, string? contentType,
        DateTimeOffset at, string secret = "test", string accessKey = "test", string region = "us-east-1", string? target = null) =>
        Create(baseUrl, service, method, pathAndQuery, body is null ? null : Encoding.UTF8.GetBytes(body), contentType, at, secret, accessKey, region, target);

    /// <summary>The same for a body of bytes; a body without <paramref name="contentType"/> is sent without one.</summary>
    public static HttpRequestMessage Create(Uri baseUrl, string service, HttpMethod method, string pathAndQuery, byte[]? body, string? contentType,
        DateTimeOffset at, string secret = "test", string accessKey = "test", string region = "us-east-1", string? target = null)
    {
        var request = new HttpRequestMessage(method, new Uri(baseUrl, pathAndQuery));
        var bytes = body ?? [];
        if (body is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            if (contentType is not null)
                request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        }
        var amzDate = at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = request.RequestUri!.Authority,
            ["x-amz-date"] = amzDate,
        };
        if (contentType is not null)
            headers["content-type"] = contentType;
        if (target is not null)
            headers["x-amz-target"] = target;

        var uri = request.RequestUri;
        // The path as sent (HttpClient writes PathAndQuery), each segment encoded once more.
        var path = string.Join('/', uri.AbsolutePath.Split('/').Select(Encode));
        var query = string.Join('&', (uri.Query.Length > 1 ? uri.Query[1..].Split('&') : [])
            .Select(p => p.Split('=', 2))
            .Select(p => (Name: Encode(Uri.UnescapeDataString(p[0])), Value: Encode(p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "")))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = $"{method.Method}\n{path}\n{query}\n{string.Concat(headers.Select(h => $"{h.Key}:{h.Value}\n"))}\n{signedHeaders}\n{Hex(SHA256.HashData(bytes))}";
        var scope = $"{date}/{region}/{service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        foreach (var part in new[] { region, service, "aws4_request" })
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));

        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (target is not null)
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
        return request;
    }

    /// <summary>RFC 3986 percent-encoding, upper-case hex.</summary>
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
