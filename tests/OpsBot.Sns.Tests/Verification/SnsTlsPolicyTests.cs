using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpsBot.Sns.Tests.Support;
using OpsBot.Sns.Verification;

namespace OpsBot.Sns.Tests.Verification;

/// <summary>
/// The adapter's real HTTP client against an HTTPS server on 127.0.0.1 with a self-signed certificate, as the sandbox
/// runs one: fetched only when its certificate's SHA-256 thumbprint is pinned.
/// </summary>
public sealed class SnsTlsPolicyTests
{
    [Fact]
    public async Task A_self_signed_certificate_host_is_trusted_only_when_its_thumbprint_is_pinned()
    {
        using var tls = SelfSignedServerCertificate();
        await using var server = await StartHttpsAsync(tls);
        var url = new Uri($"https://127.0.0.1:{server.Port}/SimpleNotificationService-sandbox.pem");
        var thumbprint = Convert.ToHexString(tls.GetCertHash(HashAlgorithmName.SHA256));

        var pinned = await FetchAsync(url, thumbprint.ToLowerInvariant());
        var unpinned = await FetchAsync(url);
        var otherPin = await FetchAsync(url, new string('A', 64));

        Assert.Equal(CertificateStatus.Usable, pinned.Status);
        Assert.Equal(CertificateStatus.Unavailable, unpinned.Status);
        Assert.Equal(CertificateStatus.Unavailable, otherPin.Status);
        Assert.Equal(1, server.Requests); // the TLS handshake failed before any request was sent
    }

    private static async Task<SigningCertificate> FetchAsync(Uri url, params string[] pins)
    {
        var settings = new Dictionary<string, string?> { ["OpsBot:Sns:CertificateHosts:0"] = "127.0.0.1:*" };
        for (var i = 0; i < pins.Length; i++)
            settings[$"OpsBot:Sns:PinnedCertificateThumbprints:{i}"] = pins[i];
        var services = new ServiceCollection().AddLogging().AddSns(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<SigningCertificateCache>().GetAsync(url, CancellationToken.None);
    }

    private static X509Certificate2 SelfSignedServerCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=opsbot-sandbox", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private static async Task<HttpsServer> StartHttpsAsync(X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        var server = new HttpsServer(app);
        app.MapGet("/{name}.pem", () =>
        {
            server.Served();
            return Results.Text(TestSigningKey.Sns.CertificatePem, "application/x-x509-ca-cert");
        });
        await app.StartAsync();
        return server;
    }

    private sealed class HttpsServer(WebApplication app) : IAsyncDisposable
    {
        private int _requests;

        public int Requests => _requests;

        public void Served() => Interlocked.Increment(ref _requests);

        public int Port => new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}
