using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using OpsBot.Aws.Http;

namespace OpsBot.Aws.Tests.Http;

/// <summary>
/// The SigV4 arithmetic from a given canonical request (string to sign, signing key, HMAC), written from the spec,
/// and a way to sign a suite request with OpsBot's <see cref="AwsSigner"/> as <see cref="AwsTransport"/> does.
/// </summary>
internal static partial class SigV4Reference
{
    /// <summary>The signature of <paramref name="canonicalRequest"/> for the case's credentials, scope and time.</summary>
    public static string Sign(SigV4Vector v, string canonicalRequest)
    {
        var date = v.Timestamp.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var scope = $"{date}/{v.Region}/{v.Service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{v.Timestamp.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + v.SecretKey);
        foreach (var part in new[] { date, v.Region, v.Service, "aws4_request" })
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        return Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>
    /// The case's canonical request as OpsBot's signing path should build it if it agrees with the suite on everything
    /// else: <c>x-amz-content-sha256</c> (the hex SHA-256 of the body) added to the canonical and signed headers, and the
    /// path encoded once more. The suite's request.txt holds the path unencoded (a space, raw UTF-8) and encodes it once;
    /// on the wire the path is encoded already, and for every service but S3 SigV4 encodes the wire path again (as
    /// botocore and the JS SDK do), so <c>%</c> becomes <c>%25</c>. For cases whose only other difference from OpsBot's
    /// signing path is sign_body=false.
    /// </summary>
    public static string ForOpsBot(SigV4Vector v, string? path = null, string? query = null)
    {
        var lines = v.CanonicalRequest.Split('\n').ToList();
        var blank = lines.IndexOf("", 3);
        var headers = lines[3..blank];
        headers.Add("x-amz-content-sha256:" + lines[^1]);
        headers.Sort(StringComparer.Ordinal);
        var signed = lines[blank + 1].Split(';').Append("x-amz-content-sha256").Order(StringComparer.Ordinal);
        string[] start = [lines[0], path ?? lines[1].Replace("%", "%25", StringComparison.Ordinal), query ?? lines[2]];
        return string.Join("\n", start.Concat(headers).Append("").Append(string.Join(";", signed)).Append(lines[^1]));
    }

    /// <summary>Signs the case's request with <see cref="AwsSigner"/>: its own headers but Host, the host from the URI.</summary>
    public static async Task<(string Signature, string SignedHeaders, IReadOnlyDictionary<string, string> Added)> SignWithOpsBotAsync(SigV4Vector v)
    {
        var request = v.Request;
        var uri = new Uri($"https://{request.Header("Host")}{request.Target}");
        var headers = request.HeaderNames
            .Where(n => !n.Equals("Host", StringComparison.OrdinalIgnoreCase))
            .Select(n => new KeyValuePair<string, string>(n, request.Header(n)!));
        AWSCredentials credentials = v.Token is { } token && !v.OmitSessionToken
            ? new SessionAWSCredentials(v.AccessKey, v.SecretKey, token)
            : new BasicAWSCredentials(v.AccessKey, v.SecretKey);
        var added = await AwsSigner.SignAsync(new HttpMethod(request.Method), uri, headers, request.Body, credentials, v.Region, v.Service,
            v.Timestamp, default);
        var match = Authorization().Match(added["Authorization"]);
        Assert.True(match.Success, $"not a SigV4 Authorization header: {added["Authorization"]}");
        return (match.Groups["signature"].Value, match.Groups["signed"].Value, added);
    }

    public static string SignedHeadersOf(string canonicalRequest) => canonicalRequest.Split('\n')[^2];

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [GeneratedRegex("SignedHeaders=(?<signed>[^,]+), Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex Authorization();
}
