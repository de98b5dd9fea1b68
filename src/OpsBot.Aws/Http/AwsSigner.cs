using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace OpsBot.Aws.Http;

/// <summary>OpsBot's signing path: AWSSDK.Core's SigV4 signer over the method, URI, headers and body of a request.</summary>
internal static class AwsSigner
{
    /// <summary>
    /// The headers to add to the request: <c>Authorization</c>, <c>X-Amz-Date</c>, <c>X-Amz-Content-SHA256</c> and, for
    /// session credentials, <c>X-Amz-Security-Token</c>. Every header in <paramref name="headers"/> is signed, and
    /// the host is taken from <paramref name="uri"/>.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> SignAsync(HttpMethod method, Uri uri,
        IEnumerable<KeyValuePair<string, string>> headers, byte[] body, AWSCredentials credentials, string region, string service,
        DateTime signedAt, CancellationToken cancellationToken)
    {
        var signing = new AWSSigningRequest { HttpMethod = method, RequestUri = uri, Content = body };
        foreach (var (name, value) in headers)
            signing.Headers[name] = value;
        var signed = await AWSSigV4Signer.SignAsync(signing, new AWSSigV4Parameters
        {
            Credentials = credentials,
            Region = AwsEnvironment.RegionEndpointOf(region),
            Service = service,
            SignedAt = signedAt,
        }, cancellationToken);
        return signed.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase);
    }
}
