using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OpsBot.Aws.Tests.Conformance;

/// <summary>A request exactly as the capture server received it: raw path and query, every header, the body bytes.</summary>
public sealed class CapturedRequest
{
    public required string Method { get; init; }

    /// <summary>The path as sent, percent-encoding and all.</summary>
    public required string Path { get; init; }

    /// <summary>The query string as sent, without the '?' ("" when none).</summary>
    public required string Query { get; init; }

    /// <summary>Lower-cased names; a repeated header's values joined with ','.</summary>
    public required Dictionary<string, string> Headers { get; init; }

    /// <summary>The headers in the order and spelling sent.</summary>
    public List<string[]> RawHeaders { get; init; } = [];

    public string BodyBase64 { get; init; } = "";

    [JsonIgnore]
    public byte[] Body => Convert.FromBase64String(BodyBase64);

    [JsonIgnore]
    public string Text => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    /// <summary>A copy with another body and the same headers (signature included): a request tampered with after signing.</summary>
    public CapturedRequest WithBody(byte[] body) => new()
    {
        Method = Method, Path = Path, Query = Query, Headers = Headers, RawHeaders = RawHeaders, BodyBase64 = Convert.ToBase64String(body),
    };

    /// <summary>A copy with one header set to another value.</summary>
    public CapturedRequest WithHeader(string name, string value) => new()
    {
        Method = Method, Path = Path, Query = Query, RawHeaders = RawHeaders, BodyBase64 = BodyBase64,
        Headers = new Dictionary<string, string>(Headers) { [name.ToLowerInvariant()] = value },
    };

    /// <summary>A copy with another method, path or query string.</summary>
    public CapturedRequest With(string? method = null, string? path = null, string? query = null) => new()
    {
        Method = method ?? Method, Path = path ?? Path, Query = query ?? Query, Headers = Headers, RawHeaders = RawHeaders, BodyBase64 = BodyBase64,
    };

    /// <summary>A copy without one header.</summary>
    public CapturedRequest WithoutHeader(string name) => new()
    {
        Method = Method, Path = Path, Query = Query, RawHeaders = RawHeaders, BodyBase64 = BodyBase64,
        Headers = Headers.Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).ToDictionary(),
    };

    public override string ToString() =>
        $"{Method} {Path}{(Query.Length > 0 ? "?" + Query : "")}\n{string.Join("\n", Headers.Select(h => $"{h.Key}: {h.Value}"))}\n\n{Text}";
}

/// <summary>What the official SDK sent for an operation, and what it made of the answer: its output or its error.</summary>
public sealed class SdkResult
{
    public required CapturedRequest Request { get; init; }

    /// <summary>The SDK's parsed output without <c>$metadata</c>: timestamps as ISO-8601 strings, blobs as base64.</summary>
    public JsonObject? Output { get; init; }

    public SdkError? Error { get; init; }

    public int? StatusCode { get; init; }
}

/// <summary>The error the SDK raised: its name (the modelled exception), message, fault, HTTP status, and
/// <paramref name="Code"/>, the error code as sent on the wire (awsQuery and query-compatible errors keep it apart from
/// the name: SNS <c>NotFound</c> is <c>NotFoundException</c>; for the others it is the name).</summary>
public sealed record SdkError(string Name, string? Message, string? Fault, int? StatusCode, string? Code = null);

/// <summary>The official signer's verdict on a request's SigV4 signature.</summary>
public sealed record VerifyResult(bool Valid, string? Expected, string? Actual, string? Reason, string? CanonicalRequest, string? Scope, string? SignedHeaders)
{
    public override string ToString() =>
        $"valid={Valid} expected={Expected} actual={Actual} reason={Reason} scope={Scope}\ncanonical request (official signer):\n{CanonicalRequest}";
}

/// <summary>An answer for the capture endpoint to give: status, headers, and a text or base64 body.</summary>
public sealed record CannedResponse(int Status = 200, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, string? BodyBase64 = null)
{
    public static CannedResponse Json(string body, int status = 200, params (string Name, string Value)[] headers) =>
        new(status, body, headers.Append(("content-type", "application/json")).ToDictionary(h => h.Item1, h => h.Item2));

    public static CannedResponse Xml(string body, int status = 200) =>
        new(status, body, new Dictionary<string, string> { ["content-type"] = "text/xml" });
}

/// <summary>The model check's verdict on a request (<c>tests/conformance/model-check.mjs</c>): the protocol it spoke,
/// what does not agree with the botocore model, and what was matched.</summary>
public sealed record ModelCheckResult(bool Valid, string? Protocol, IReadOnlyList<string> Problems, IReadOnlyList<string> Checked)
{
    public override string ToString() =>
        $"valid={Valid} protocol={Protocol}\nproblems:\n- {string.Join("\n- ", Problems)}\nchecked:\n- {string.Join("\n- ", Checked)}";
}
