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
/// What fetching a <c>SigningCertURL</c> gave: the certificate's RSA public key and its validity period, or why there is
/// none. The key is imported once and shared (never disposed: the cache drops it and the GC frees it);
/// <see cref="Verify"/> serializes its use, an RSA object not being documented as thread-safe.
/// </summary>
internal sealed record SigningCertificate(CertificateStatus Status, string? Problem, RSA? PublicKey, DateTimeOffset NotBefore, DateTimeOffset NotAfter)
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
            var key = RSA.Create();
            key.ImportSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo(), out _);
            return new(CertificateStatus.Usable, null, key,
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

    /// <summary>Whether <paramref name="signature"/> is this key's RSA PKCS#1 v1.5 signature of <paramref name="data"/>.</summary>
    public bool Verify(byte[] data, byte[] signature, HashAlgorithmName hash)
    {
        if (PublicKey is null)
            return false;
        try
        {
            lock (PublicKey)
                return PublicKey.VerifyData(data, signature, hash, RSASignaturePadding.Pkcs1);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
