using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OpsBot.Sandbox.Aws.Sns;

/// <summary>
/// The sandbox's stand-in for SNS's signing key: an RSA key and a self-signed certificate for it, served as PEM at the
/// <c>SigningCertURL</c> of every message. Signs SignatureVersion 1 (SHA1withRSA) and 2 (SHA256withRSA), PKCS#1 v1.5.
/// </summary>
internal sealed class SnsSigningKey : IDisposable
{
    private readonly RSA _rsa;

    private SnsSigningKey(RSA rsa, X509Certificate2 certificate)
    {
        _rsa = rsa;
        Certificate = certificate;
        Pem = certificate.ExportCertificatePem() + "\n";
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate as SNS serves it: <c>-----BEGIN CERTIFICATE-----</c> … .</summary>
    public string Pem { get; }

    /// <summary>A new key. Its validity is on the wall clock, whatever the simulated world's clock says: verifiers check it against theirs.</summary>
    public static SnsSigningKey Create()
    {
        var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=sns.sandbox.opsbot.invalid, O=OpsBot sandbox (not Amazon)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = TimeProvider.System.GetUtcNow();
        using var signed = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        return new SnsSigningKey(rsa, X509CertificateLoader.LoadCertificate(signed.RawData));
    }

    /// <summary>The base64 signature of <paramref name="stringToSign"/> for SignatureVersion <paramref name="version"/> ("1" or "2").</summary>
    public string Sign(string stringToSign, string version) =>
        Convert.ToBase64String(_rsa.SignData(Encoding.UTF8.GetBytes(stringToSign), version == "1" ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public void Dispose()
    {
        _rsa.Dispose();
        Certificate.Dispose();
    }
}
