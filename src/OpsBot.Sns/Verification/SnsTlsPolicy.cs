using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace OpsBot.Sns.Verification;

/// <summary>
/// TLS for the certificate and subscription hosts: the usual validation, and besides it a server certificate whose
/// SHA-256 thumbprint is in <see cref="SnsOptions.PinnedCertificateThumbprints"/> (a sandbox's self-signed one). The
/// client it serves only ever calls URLs that <see cref="SnsUrlPolicy"/> allowed, so a pin applies to those hosts only.
/// </summary>
internal sealed class SnsTlsPolicy(IOptions<SnsOptions> options)
{
    private readonly HashSet<string> _pins = new(options.Value.PinnedCertificateThumbprints.Select(Normalize), StringComparer.Ordinal);

    /// <summary>Upper-case hex without separators; "AB:CD:…" and "abcd…" are the same pin.</summary>
    public static string Normalize(string thumbprint) => thumbprint.Replace(":", "", StringComparison.Ordinal).Trim().ToUpperInvariant();

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
            return true;
        if (certificate is null || _pins.Count == 0)
            return false;
        return _pins.Contains(Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)));
    }
}
