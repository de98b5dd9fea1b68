using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OpsBot.Aws.Tests.Http;

/// <summary>A raw HTTP request of the SigV4 suite (<c>request.txt</c>, <c>header-signed-request.txt</c>).</summary>
/// <param name="Target">The request target as written: the path, unencoded (spaces, UTF-8), with its query if any.</param>
/// <param name="Headers">The headers in order, duplicates kept; a folded (multi-line) value keeps its line breaks.</param>
internal sealed record VectorRequest(string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string Path => Target.Split('?', 2)[0];

    public string Query => Target.Split('?', 2) is [_, var query] ? query : "";

    /// <summary>The header's values joined with ',' as SigV4 joins repeated headers; null when absent.</summary>
    public string? Header(string name)
    {
        var values = Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(",", values);
    }

    /// <summary>The header names, each once, in first-seen order.</summary>
    public IEnumerable<string> HeaderNames => Headers.Select(h => h.Key).Distinct(StringComparer.OrdinalIgnoreCase);

    public static VectorRequest Parse(byte[] raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        var headerEnd = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = headerEnd < 0 ? text : text[..headerEnd];
        var body = headerEnd < 0 ? "" : text[(headerEnd + 2)..];
        var lines = head.Split('\n');

        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ', StringComparison.Ordinal)];
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            if ((line[0] == ' ' || line[0] == '\t') && headers.Count > 0)
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + "\n" + line);
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }
        return new VectorRequest(method, target, headers, Encoding.UTF8.GetBytes(body));
    }
}

/// <summary>One case of the SigV4 suite in <c>Http/SigV4Vectors/v4/</c>: its context, request and expected results.</summary>
internal sealed class SigV4Vector
{
    private SigV4Vector(string name, string directory)
    {
        Name = name;
        Directory = directory;
        using var context = JsonDocument.Parse(File.ReadAllBytes(System.IO.Path.Combine(directory, "context.json")));
        var root = context.RootElement;
        var credentials = root.GetProperty("credentials");
        AccessKey = credentials.GetProperty("access_key_id").GetString()!;
        SecretKey = credentials.GetProperty("secret_access_key").GetString()!;
        Token = credentials.TryGetProperty("token", out var token) ? token.GetString() : null;
        Region = root.GetProperty("region").GetString()!;
        Service = root.GetProperty("service").GetString()!;
        Timestamp = DateTime.Parse(root.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        Normalize = root.GetProperty("normalize").GetBoolean();
        SignBody = root.GetProperty("sign_body").GetBoolean();
        OmitSessionToken = root.TryGetProperty("omit_session_token", out var omit) && omit.GetBoolean();
        Request = VectorRequest.Parse(File.ReadAllBytes(System.IO.Path.Combine(directory, "request.txt")));
        SignedRequest = VectorRequest.Parse(File.ReadAllBytes(System.IO.Path.Combine(directory, "header-signed-request.txt")));
        CanonicalRequest = File.ReadAllText(System.IO.Path.Combine(directory, "header-canonical-request.txt"));
        ExpectedSignature = File.ReadAllText(System.IO.Path.Combine(directory, "header-signature.txt")).Trim();
    }

    public static string Root => System.IO.Path.Combine(AppContext.BaseDirectory, "Http", "SigV4Vectors", "v4");

    public string Name { get; }

    public string Directory { get; }

    public string AccessKey { get; }

    public string SecretKey { get; }

    public string? Token { get; }

    public string Region { get; }

    public string Service { get; }

    public DateTime Timestamp { get; }

    public bool Normalize { get; }

    public bool SignBody { get; }

    public bool OmitSessionToken { get; }

    public VectorRequest Request { get; }

    public VectorRequest SignedRequest { get; }

    public string CanonicalRequest { get; }

    public string ExpectedSignature { get; }

    /// <summary>
    /// Why OpsBot's signing path (AWSSDK.Core's <c>AWSSigV4Signer</c>) cannot reproduce this case's signature, or null
    /// when it can: AWSSDK.Core always signs <c>x-amz-content-sha256</c> and the session token, and always normalizes
    /// and double-encodes the path as AWS does for every service but S3.
    /// </summary>
    public string? UnsupportedReason
    {
        get
        {
            var reasons = new List<string>();
            if (!SignBody)
                reasons.Add("sign_body=false: the expected canonical request has no x-amz-content-sha256, which AWSSDK.Core always signs");
            if (!Normalize)
                reasons.Add("normalize=false: an S3-style unnormalized path, while AWSSDK.Core normalizes as for non-S3 services");
            if (Token is not null && OmitSessionToken)
                reasons.Add("omit_session_token=true: the token is added after signing, while AWSSDK.Core signs x-amz-security-token");
            return reasons.Count == 0 ? null : string.Join("; ", reasons);
        }
    }

    public static IEnumerable<SigV4Vector> All() =>
        System.IO.Directory.GetDirectories(Root).Order(StringComparer.Ordinal).Select(d => new SigV4Vector(System.IO.Path.GetFileName(d), d));

    public static SigV4Vector Load(string name) => new(name, System.IO.Path.Combine(Root, name));

    public override string ToString() => Name;
}
