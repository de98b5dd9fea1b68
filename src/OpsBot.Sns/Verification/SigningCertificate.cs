using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpsBot.Sns.Verification;

/// <summary>Whether a certificate URL gave a usable signing key: yes, no (permanently bad), or not now (try later).</summary>
internal enum CertificateStatus
{
    Usable,
    Refused,
    Unavailable,
}

/// <summary>
/// What fetching a <c>SigningCertURL</c> gave: the certificate's RSA public key (as SubjectPublicKeyInfo, so each
/// verification imports its own key object and nothing shared is ever disposed under it) and its validity period, or
/// why there is none.
/// </summary>
internal sealed record SigningCertificate(CertificateStatus Status, string? Problem, byte[]? PublicKey, DateTimeOffset NotBefore, DateTimeOffset NotAfter)
{
    /// <summary>SNS's keys are 2048-bit RSA; anything weaker is not SNS's.</summary>
    public const int MinKeySizeBits = 2048;

    public static SigningCertificate Refused(string problem) => new(CertificateStatus.Refused, problem, null, default, default);

    public static SigningCertificate Unavailable(string problem) => new(CertificateStatus.Unavailable, problem, null, default, default);

    /// <summary>Reads a PEM certificate with an RSA key of at least <see cref="MinKeySizeBits"/> bits.</summary>
    public static SigningCertificate FromPem(string pem)
    {
        try
        {
            using var certificate = X509Certificate2.CreateFromPem(pem);
            using var rsa = certificate.GetRSAPublicKey();
            if (rsa is null)
                return Refused("the certificate's key is not RSA");
            if (rsa.KeySize < MinKeySizeBits)
                return Refused($"the certificate's RSA key has {rsa.KeySize} bits, fewer than {MinKeySizeBits}");
            return new(CertificateStatus.Usable, null, rsa.ExportSubjectPublicKeyInfo(),
                new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
        }
        catch (CryptographicException e)
        {
            return Refused($"the body is not a PEM certificate ({e.Message})");
        }
        catch (ArgumentException e)
        {
            return Refused($"the body is not a PEM certificate ({e.Message})");
        }
    }
}
