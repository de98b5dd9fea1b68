using Microsoft.Extensions.Options;

namespace OpsBot.Sns.Verification;

/// <summary>
/// Which URLs a message may make OpsBot call: https only, on a host of <see cref="SnsOptions.CertificateHosts"/>, with
/// no user information; a signing certificate's path ends with <c>.pem</c> and has no query or fragment. Anything else
/// is never fetched.
/// </summary>
internal sealed class SnsUrlPolicy(IOptions<SnsOptions> options)
{
    private readonly HostPattern[] _hosts = [.. options.Value.CertificateHosts.Select(h => HostPattern.TryParse(h, out var p) ? p! : null).OfType<HostPattern>()];

    /// <summary>The certificate URL, or null with why it is refused.</summary>
    public Uri? SigningCertificate(string url, out string? refusal)
    {
        var uri = Trusted("SigningCertURL", url, out refusal);
        if (uri is null)
            return null;
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
            refusal = "SigningCertURL has a query or a fragment";
        else if (!uri.AbsolutePath.EndsWith(".pem", StringComparison.Ordinal))
            refusal = "SigningCertURL's path does not end with .pem";
        return refusal is null ? uri : null;
    }

    /// <summary>The subscription URL, or null with why it is refused.</summary>
    public Uri? Subscribe(string url, out string? refusal) => Trusted("SubscribeURL", url, out refusal);

    private Uri? Trusted(string field, string url, out string? refusal)
    {
        refusal = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            refusal = $"{field} is not an absolute URL";
        else if (uri.Scheme != Uri.UriSchemeHttps)
            refusal = $"{field} is {Inbound.SnsText.Shorten(uri.Scheme, 20)}, not https";
        else if (uri.UserInfo.Length > 0)
            refusal = $"{field} carries user information";
        else if (!_hosts.Any(h => h.Matches(uri)))
            refusal = $"{field} names host {Inbound.SnsText.Shorten(uri.Authority)}, which is not one of OpsBot:Sns:CertificateHosts";
        return refusal is null ? uri : null;
    }
}
