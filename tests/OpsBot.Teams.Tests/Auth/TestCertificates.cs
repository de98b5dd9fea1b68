using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpsBot.Teams.Tests.Auth;

/// <summary>A self-signed RSA certificate made for one test, written as a password-protected PFX and a PEM (public part) in a temp folder.</summary>
internal sealed class TestCertificates : IDisposable
{
    public const string Password = "pfx-pass";

    private readonly string _folder = Directory.CreateTempSubdirectory("opsbot-teams-cert-").FullName;

    public TestCertificates()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=OpsBot Teams test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        PfxPath = Path.Combine(_folder, "app.pfx");
        File.WriteAllBytes(PfxPath, certificate.Export(X509ContentType.Pfx, Password));
        PemPath = Path.Combine(_folder, "app.pem");
        File.WriteAllText(PemPath, certificate.ExportCertificatePem());
        Public = X509CertificateLoader.LoadCertificate(certificate.RawData);
        NoKeyPfxPath = Path.Combine(_folder, "public-only.pfx");
        File.WriteAllBytes(NoKeyPfxPath, Public.Export(X509ContentType.Pfx, Password));
    }

    public string PfxPath { get; }
    public string PemPath { get; }

    /// <summary>A PFX holding the certificate without its private key.</summary>
    public string NoKeyPfxPath { get; }

    /// <summary>The certificate without its private key: what the app registration holds.</summary>
    public X509Certificate2 Public { get; }

    public void Dispose()
    {
        Public.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
