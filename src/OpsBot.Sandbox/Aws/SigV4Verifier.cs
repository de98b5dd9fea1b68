using System.Security.Cryptography;
using System.Text;

namespace OpsBot.Sandbox.Aws;

/// <summary>What a signature check found: the credential scope's service on success, else the AWS error to answer.</summary>
internal sealed record SigV4Check(bool Valid, string? Service, string? Region, string? ErrorCode, string? Message)
{
    public static SigV4Check Fail(string code, string message) => new(false, null, null, code, message);
}

/// <summary>
/// Checks AWS Signature Version 4 the way AWS does for the non-S3 services: rebuilds the canonical request from what
/// arrived (path segments encoded once more, query decoded and re-encoded in order, the signed headers trimmed and
/// folded, the payload hash), derives the signing key from the known secret and compares in constant time. The
/// canonical path is tried as received and with empty and dot segments removed, since signers differ on that.
/// </summary>
internal static class SigV4Verifier
{
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);

    public static SigV4Check Verify(string method, string rawPath, string rawQuery, IReadOnlyDictionary<string, string> headers,
        byte[] body, string accessKeyId, string secretAccessKey, DateTimeOffset now)
    {
        if (!headers.TryGetValue("authorization", out var authorization) || string.IsNullOrWhiteSpace(authorization))
            return SigV4Check.Fail("MissingAuthenticationToken", "Missing Authentication Token");
        if (!authorization.StartsWith(Algorithm + " ", StringComparison.Ordinal))
            return SigV4Check.Fail("IncompleteSignature", $"Authorization header requires the {Algorithm} algorithm.");
        var parts = authorization[(Algorithm.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signedHeaders) ||
            !parts.TryGetValue("Signature", out var signature))
            return SigV4Check.Fail("IncompleteSignature", "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.");
        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[4] != "aws4_request")
            return SigV4Check.Fail("IncompleteSignature", $"Credential should be scoped to a valid region and service: '{credential}'.");
        var (key, date, region, service) = (scope[0], scope[1], scope[2], scope[3]);
        if (key != accessKeyId)
            return SigV4Check.Fail("UnrecognizedClient", "The security token included in the request is invalid.");
        if (!headers.TryGetValue("x-amz-date", out var amzDate) ||
            !DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var signedAt))
            return SigV4Check.Fail("IncompleteSignature", "The request must contain a valid X-Amz-Date header.");
        if (!amzDate.StartsWith(date, StringComparison.Ordinal))
            return SigV4Check.Fail("InvalidSignature", $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{date}' != '{amzDate[..8]}'.");
        if ((now - signedAt).Duration() > MaxSkew)
            return SigV4Check.Fail("InvalidSignature", $"Signature expired: {amzDate} is now earlier than {(now - MaxSkew).UtcDateTime:yyyyMMdd'T'HHmmss'Z'} ({now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'} - 15 min.)");

        var names = signedHeaders.Split(';');
        if (!names.Contains("host"))
            return SigV4Check.Fail("IncompleteSignature", "'Host' must be a signed header.");
        var canonicalHeaders = new StringBuilder();
        foreach (var name in names)
        {
            if (!headers.TryGetValue(name, out var value))
                return SigV4Check.Fail("IncompleteSignature", $"Signed header '{name}' is not in the request.");
            canonicalHeaders.Append(name).Append(':').Append(Fold(value)).Append('\n');
        }

        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(body));
        var payload = headers.TryGetValue("x-amz-content-sha256", out var declared) ? declared : bodyHash;
        if (payload != "UNSIGNED-PAYLOAD" && payload != bodyHash)
            return SigV4Check.Fail("InvalidSignature", "The provided 'x-amz-content-sha256' header does not match what was computed.");

        var signingKey = SigningKey(secretAccessKey, date, region, service);
        foreach (var path in CanonicalPaths(rawPath))
        {
            var canonical = $"{method}\n{path}\n{CanonicalQuery(rawQuery)}\n{canonicalHeaders}\n{signedHeaders}\n{payload}";
            var toSign = $"{Algorithm}\n{amzDate}\n{date}/{region}/{service}/aws4_request\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
            var expected = Hex(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(toSign)));
            if (CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
                return new SigV4Check(true, service, region, null, null);
        }
        return SigV4Check.Fail("InvalidSignature",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
    }

    /// <summary>The path as the signer saw it, each segment encoded once more; as received, and normalized.</summary>
    private static IEnumerable<string> CanonicalPaths(string rawPath)
    {
        var path = string.IsNullOrEmpty(rawPath) ? "/" : rawPath;
        var asIs = EncodePath(path);
        yield return asIs;
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
                continue;
            if (segment == "..")
            {
                if (segments.Count > 0)
                    segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(segment);
        }
        var normalized = EncodePath("/" + string.Join('/', segments) + (path.EndsWith('/') && segments.Count > 0 ? "/" : ""));
        if (normalized != asIs)
            yield return normalized;
    }

    private static string EncodePath(string path) => string.Join('/', path.Split('/').Select(s => Encode(s)));

    private static string CanonicalQuery(string rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery))
            return "";
        var query = rawQuery.TrimStart('?');
        return string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Name: Encode(Uri.UnescapeDataString(p[0])), Value: Encode(p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "")))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
    }

    /// <summary>RFC 3986 percent-encoding: everything but unreserved characters, upper-case hex.</summary>
    internal static string Encode(string value)
    {
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
                sb.Append(c);
            else
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private static string Fold(string value) =>
        string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var k = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        k = HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(region));
        k = HMACSHA256.HashData(k, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(k, "aws4_request"u8.ToArray());
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
