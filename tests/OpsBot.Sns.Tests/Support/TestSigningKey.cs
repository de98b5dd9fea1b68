using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpsBot.Sns.Tests.Support;

/// <summary>
/// A signing key and its self-signed certificate, made in-process (RSA + CertificateRequest) the way SNS's looks
/// (CN=sns.amazonaws.com, RSA 2048), valid over the given period.
/// </summary>
internal sealed class TestSigningKey
{
    /// <summary>Valid all of 2026 and 2027; the tests' clock is in December 2026.</summary>
    public static TestSigningKey Sns { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 12, 31, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Someone else's key, with a certificate as good as SNS's.</summary>
    public static TestSigningKey Attacker { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 12, 31, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Expired on 2026-06-30.</summary>
    public static TestSigningKey Expired { get; } = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 6, 30, 0, 0, 0, TimeSpan.Zero));

    public TestSigningKey(DateTimeOffset notBefore, DateTimeOffset notAfter, int keySize = 2048)
    {
        using var rsa = RSA.Create(keySize);
        var request = new CertificateRequest("CN=sns.amazonaws.com", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        CertificatePem = certificate.ExportCertificatePem();
        PrivateKeyPem = rsa.ExportPkcs8PrivateKeyPem();
    }

    public string CertificatePem { get; }

    public string PrivateKeyPem { get; }
}
