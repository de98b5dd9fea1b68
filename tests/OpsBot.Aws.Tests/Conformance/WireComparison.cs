using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpsBot.Aws.Tests.Conformance;

/// <summary>What else to compare, and which known, accepted difference to tolerate.</summary>
/// <param name="Headers">Operation-specific headers to compare (restJson header members, e.g. <c>Latest-Version-Number</c>).</param>
internal sealed record WireOptions(params string[] Headers)
{
    /// <summary>Accept a Content-Type charset that one side states and the other leaves out (still reported as a note).</summary>
    public bool IgnoreCharset { get; init; }
}

/// <summary>
/// Compares the request the official SDK sent with the one OpsBot sent, as AWS would read them: method; path by
/// percent-decoded segments; query as a multiset of decoded pairs; <c>X-Amz-Target</c>, <c>x-amzn-query-mode</c> and the
/// headers asked for; Content-Type by media type and charset; the body as JSON data, as form pairs, or byte for byte.
/// </summary>
internal static class WireComparison
{
    /// <summary>Headers the SDK adds for itself or for signing, not part of the operation's wire format.</summary>
    private static readonly HashSet<string> Incidental = new(StringComparer.OrdinalIgnoreCase)
    {
        "user-agent", "x-amz-user-agent", "amz-sdk-invocation-id", "amz-sdk-request", "authorization", "x-amz-date",
        "x-amz-content-sha256", "x-amz-security-token", "host", "connection", "content-length",
    };

    /// <summary>Fails with every difference found; returns the notes (differences AWS does not care about) for the test output.</summary>
    public static IReadOnlyList<string> AssertSame(CapturedRequest expectedFromSdk, CapturedRequest actualFromOpsBot, WireOptions? options = null)
    {
        var (failures, notes) = Compare(expectedFromSdk, actualFromOpsBot, options ?? new WireOptions());
        if (failures.Count > 0)
        {
            Assert.Fail($"OpsBot's request differs from the SDK's:\n- {string.Join("\n- ", failures)}" +
                        $"{(notes.Count > 0 ? $"\nnotes:\n- {string.Join("\n- ", notes)}" : "")}" +
                        $"\n--- SDK:\n{expectedFromSdk}\n--- OpsBot:\n{actualFromOpsBot}");
        }
        return notes;
    }

    public static (List<string> Failures, List<string> Notes) Compare(CapturedRequest sdk, CapturedRequest opsBot, WireOptions options)
    {
        var failures = new List<string>();
        var notes = new List<string>();

        if (!sdk.Method.Equals(opsBot.Method, StringComparison.Ordinal))
            failures.Add($"method: SDK {sdk.Method}, OpsBot {opsBot.Method}");

        var (sdkPath, opsPath) = (DecodedSegments(sdk.Path), DecodedSegments(opsBot.Path));
        if (!sdkPath.SequenceEqual(opsPath, StringComparer.Ordinal))
            failures.Add($"path: SDK {sdk.Path} ({string.Join(" / ", sdkPath)}), OpsBot {opsBot.Path} ({string.Join(" / ", opsPath)})");
        else if (!sdk.Path.Equals(opsBot.Path, StringComparison.Ordinal))
            notes.Add($"path encoded differently: SDK {sdk.Path}, OpsBot {opsBot.Path}");

        var (sdkQuery, opsQuery) = (Pairs(sdk.Query, plusIsSpace: false), Pairs(opsBot.Query, plusIsSpace: false));
        if (!sdkQuery.SequenceEqual(opsQuery))
            failures.Add($"query: SDK {Show(sdkQuery)}, OpsBot {Show(opsQuery)}");
        else if (!sdk.Query.Equals(opsBot.Query, StringComparison.Ordinal))
            notes.Add($"query encoded or ordered differently: SDK '{sdk.Query}', OpsBot '{opsBot.Query}'");

        foreach (var name in options.Headers.Prepend("x-amzn-query-mode").Prepend("X-Amz-Target"))
        {
            if (!string.Equals(sdk.Header(name), opsBot.Header(name), StringComparison.Ordinal))
                failures.Add($"{name}: SDK '{sdk.Header(name)}', OpsBot '{opsBot.Header(name)}'");
        }

        CompareContentType(sdk.Header("Content-Type"), opsBot.Header("Content-Type"), options, failures, notes);
        CompareBody(sdk, opsBot, failures);

        var onlySdk = sdk.Headers.Keys.Where(k => !Incidental.Contains(k) && opsBot.Header(k) is null).Order(StringComparer.Ordinal).ToList();
        var onlyOpsBot = opsBot.Headers.Keys.Where(k => !Incidental.Contains(k) && sdk.Header(k) is null).Order(StringComparer.Ordinal).ToList();
        if (onlySdk.Count > 0)
            notes.Add($"headers only the SDK sent: {string.Join(", ", onlySdk.Select(k => $"{k}: {sdk.Header(k)}"))}");
        if (onlyOpsBot.Count > 0)
            notes.Add($"headers only OpsBot sent: {string.Join(", ", onlyOpsBot.Select(k => $"{k}: {opsBot.Header(k)}"))}");
        return (failures, notes);
    }

    private static void CompareContentType(string? sdk, string? opsBot, WireOptions options, List<string> failures, List<string> notes)
    {
        if (sdk is null || opsBot is null)
        {
            if (sdk != opsBot)
                failures.Add($"Content-Type: SDK '{sdk}', OpsBot '{opsBot}'");
            return;
        }
        var (s, o) = (MediaTypeHeaderValue.Parse(sdk), MediaTypeHeaderValue.Parse(opsBot));
        if (!string.Equals(s.MediaType, o.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"Content-Type: SDK '{sdk}', OpsBot '{opsBot}'");
        }
        else if (!string.Equals(s.CharSet, o.CharSet, StringComparison.OrdinalIgnoreCase))
        {
            if (options.IgnoreCharset && (s.CharSet is null || o.CharSet is null))
                notes.Add($"Content-Type charset differs (accepted): SDK '{sdk}', OpsBot '{opsBot}'");
            else
                failures.Add($"Content-Type charset: SDK '{sdk}', OpsBot '{opsBot}'");
        }
    }

    private static void CompareBody(CapturedRequest sdk, CapturedRequest opsBot, List<string> failures)
    {
        var (sdkBody, opsBody) = (sdk.Body, opsBot.Body);
        var mediaType = sdk.Header("Content-Type") is { } ct ? MediaTypeHeaderValue.Parse(ct).MediaType ?? "" : "";
        if (sdkBody.Length > 0 && opsBody.Length > 0 && mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            var (s, o) = (Parse(sdkBody), Parse(opsBody));
            if (!JsonNode.DeepEquals(s, o))
                failures.Add($"JSON body:\n  SDK    {s?.ToJsonString()}\n  OpsBot {o?.ToJsonString()}");
        }
        else if (mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var (s, o) = (Pairs(Encoding.UTF8.GetString(sdkBody), plusIsSpace: true), Pairs(Encoding.UTF8.GetString(opsBody), plusIsSpace: true));
            if (!s.SequenceEqual(o))
                failures.Add($"form body:\n  SDK    {Show(s)}\n  OpsBot {Show(o)}");
        }
        else if (!sdkBody.AsSpan().SequenceEqual(opsBody))
        {
            failures.Add($"body: SDK {sdkBody.Length} bytes '{Encoding.UTF8.GetString(sdkBody)}', OpsBot {opsBody.Length} bytes '{Encoding.UTF8.GetString(opsBody)}'");
        }
    }

    private static JsonNode? Parse(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            Assert.Fail($"not JSON ({e.Message}): {Encoding.UTF8.GetString(body)}");
            return null;
        }
    }

    private static List<string> DecodedSegments(string path) => path.Split('/').Select(Uri.UnescapeDataString).ToList();

    /// <summary>Decoded name/value pairs, sorted: a query string (RFC 3986, '+' is '+') or a form body ('+' is a space).</summary>
    public static List<(string Name, string Value)> Pairs(string encoded, bool plusIsSpace) =>
        encoded.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(p => (Decode(p[0], plusIsSpace), p.Length > 1 ? Decode(p[1], plusIsSpace) : ""))
            .OrderBy(p => p.Item1, StringComparer.Ordinal).ThenBy(p => p.Item2, StringComparer.Ordinal)
            .ToList();

    private static string Decode(string s, bool plusIsSpace) => Uri.UnescapeDataString(plusIsSpace ? s.Replace('+', ' ') : s);

    private static string Show(List<(string Name, string Value)> pairs) => "{" + string.Join(", ", pairs.Select(p => $"{p.Name}={p.Value}")) + "}";
}
