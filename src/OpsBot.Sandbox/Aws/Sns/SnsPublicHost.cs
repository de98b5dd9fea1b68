using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace OpsBot.Sandbox.Aws.Sns;

/// <summary>
/// The sandbox's stand-in for <c>https://sns.&lt;region&gt;.amazonaws.com</c> as an endpoint meets it: an HTTPS listener on
/// 127.0.0.1 (a free port) with a self-signed TLS certificate made at start, serving the signing certificate
/// (<see cref="SigningCertificateUrl"/>, <c>/SimpleNotificationService-sandbox.pem</c>) and the unsigned GETs of
/// <c>SubscribeURL</c> (<c>?Action=ConfirmSubscription&amp;TopicArn=…&amp;Token=…</c>) and <c>UnsubscribeURL</c>
/// (<c>?Action=Unsubscribe&amp;SubscriptionArn=…</c>), each routed to the world of the ARN's region. So a verifier's
/// "https only" rule holds in the sandbox too; it trusts this host by pinning <see cref="TlsCertificateSha256"/>.
/// One for the whole endpoint, shared by its worlds (as the signing key is); it starts on first use, or with
/// <see cref="StartAsync"/>.
/// </summary>
public sealed class SnsPublicHost : IAsyncDisposable
{
    /// <summary>The path of the signing certificate.</summary>
    public const string CertificatePath = "/SimpleNotificationService-sandbox.pem";

    private readonly IServiceProvider _services;
    private readonly Lazy<SnsSigningKey> _key = new(SnsSigningKey.Create);
    private readonly SemaphoreSlim _starting = new(1, 1);
    private WebApplication? _app;
    private X509Certificate2? _tls;
    private Uri? _baseUrl;

    /// <summary>A host for the worlds reached from <paramref name="services"/> (its <see cref="AwsWorlds"/>, or itself).</summary>
    internal SnsPublicHost(IServiceProvider services) => _services = services;

    /// <summary><c>https://127.0.0.1:&lt;port&gt;/</c>, once started.</summary>
    public Uri BaseUrl => _baseUrl ?? throw new InvalidOperationException("The SNS host has not started.");

    /// <summary>The host name in its URLs (what a verifier's certificate-host list must accept): <c>127.0.0.1</c>.</summary>
    public string Host => BaseUrl.Host;

    /// <summary>Its port, once started.</summary>
    public int Port => BaseUrl.Port;

    /// <summary>The SHA-256 thumbprint of its TLS certificate, upper-case hex without separators, once started.</summary>
    public string TlsCertificateSha256 => _tls?.GetCertHashString(HashAlgorithmName.SHA256) ?? throw new InvalidOperationException("The SNS host has not started.");

    /// <summary>Every message's <c>SigningCertURL</c>.</summary>
    public Uri SigningCertificateUrl => new(BaseUrl, CertificatePath);

    /// <summary>The signing certificate, for a verifier that does not fetch it.</summary>
    internal X509Certificate2 SigningCertificate => _key.Value.Certificate;

    /// <summary>Starts listening, once; later calls return at once.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_baseUrl is not null)
            return;
        await _starting.WaitAsync(cancellationToken);
        try
        {
            if (_baseUrl is not null)
                return;
            _tls = TlsCertificate();
            var app = LoopbackApp.CreateHttpsBuilder(_tls).Build();
            app.MapGet(CertificatePath, () => Results.Text(_key.Value.Pem, "application/x-x509-ca-cert"));
            app.MapGet("/", (HttpContext context) => SnsPublicRequests.Handle(context, _services));
            await app.StartAsync(cancellationToken);
            _app = app;
            var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
            _baseUrl = new Uri($"https://127.0.0.1:{port}/");
        }
        finally
        {
            _starting.Release();
        }
    }

    /// <summary>The URL that confirms the subscription <paramref name="token"/> was sent for.</summary>
    internal Uri SubscribeUrl(string topicArn, string token) =>
        new(BaseUrl, $"?Action=ConfirmSubscription&TopicArn={Uri.EscapeDataString(topicArn)}&Token={Uri.EscapeDataString(token)}");

    /// <summary>The URL that deletes a subscription.</summary>
    internal Uri UnsubscribeUrl(string subscriptionArn) => new(BaseUrl, $"?Action=Unsubscribe&SubscriptionArn={Uri.EscapeDataString(subscriptionArn)}");

    /// <summary>The base64 signature of <paramref name="stringToSign"/> with SignatureVersion <paramref name="version"/>.</summary>
    internal string Sign(string stringToSign, string version) => _key.Value.Sign(stringToSign, version);

    /// <summary>Stops listening and forgets the keys.</summary>
    public async ValueTask DisposeAsync()
    {
        _app = await LoopbackApp.StopAsync(_app);
        _tls?.Dispose();
        if (_key.IsValueCreated)
            _key.Value.Dispose();
        _starting.Dispose();
    }

    /// <summary>A self-signed TLS certificate for 127.0.0.1 and localhost, valid on the wall clock (TLS clients check it against theirs).</summary>
    private static X509Certificate2 TlsCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1, O=OpsBot sandbox SNS", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        // Through PKCS#12, so that the TLS stack gets a key it may use on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
