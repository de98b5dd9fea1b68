using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpsBot.Bench;

/// <summary>
/// SNS's side of the SNS bench, on 127.0.0.1: a signing key with its certificate (RSA 2048, CN=sns.amazonaws.com, as
/// SNS's looks), served over HTTPS with a self-signed server certificate that the bot trusts only by its pinned
/// SHA-256 thumbprint (as the sandbox does), and CloudWatch alarm notifications signed with SignatureVersion 2
/// (SHA256withRSA over AWS's documented string to sign).
/// </summary>
internal sealed class LoopbackSns : IAsyncDisposable
{
    private readonly WebApplication _server;
    private readonly RSA _key;
    private readonly X509Certificate2 _tls;

    private readonly StrongBox<int> _fetches;

    private LoopbackSns(WebApplication server, RSA key, X509Certificate2 tls, string certificateUrl, StrongBox<int> fetches)
    {
        _server = server;
        _fetches = fetches;
        _key = key;
        _tls = tls;
        CertificateUrl = certificateUrl;
    }

    /// <summary>The <c>SigningCertURL</c>: https on 127.0.0.1, a path ending <c>.pem</c>.</summary>
    public string CertificateUrl { get; }

    /// <summary>For <c>OpsBot:Sns:PinnedCertificateThumbprints</c>.</summary>
    public string TlsThumbprint => Convert.ToHexString(_tls.GetCertHash(HashAlgorithmName.SHA256));

    /// <summary>How many times the bot fetched the signing certificate (once, then from its cache).</summary>
    public int CertificateFetches => Volatile.Read(ref _fetches.Value);

    public static async Task<LoopbackSns> StartAsync()
    {
        var key = RSA.Create(2048);
        var signing = new CertificateRequest("CN=sns.amazonaws.com", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var pem = signing.ExportCertificatePem();
        signing.Dispose();
        var tls = SelfSignedServerCertificate();

        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(tls)));
        var app = builder.Build();
        var fetches = new StrongBox<int>();
        app.MapGet("/SimpleNotificationService-bench.pem", () =>
        {
            Interlocked.Increment(ref fetches.Value);
            return Results.Text(pem, "application/x-x509-ca-cert");
        });
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
        return new LoopbackSns(app, key, tls, $"https://127.0.0.1:{port}/SimpleNotificationService-bench.pem", fetches);
    }

    /// <summary>A signed SNS Notification (the HTTP/HTTPS JSON body) carrying CloudWatch's ALARM of <paramref name="alarmName"/> on <paramref name="function"/>.</summary>
    public string Alarm(string topicArn, string alarmName, string function)
    {
        var now = DateTimeOffset.UtcNow;
        var message = new JsonObject
        {
            ["AlarmName"] = alarmName,
            ["AlarmDescription"] = $"Errors of {function}'s live alias above 5 a minute",
            ["AWSAccountId"] = "123456789012",
            ["NewStateValue"] = "ALARM",
            ["NewStateReason"] = $"Threshold Crossed: 1 out of the last 1 datapoints [12.0 ({now:dd/MM/yy HH:mm}:00)] was greater than the threshold (5.0) (minimum 1 datapoint for OK -> ALARM transition).",
            ["StateChangeTime"] = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture),
            ["Region"] = "US East (N. Virginia)",
            ["AlarmArn"] = $"arn:aws:cloudwatch:us-east-1:123456789012:alarm:{alarmName}",
            ["OldStateValue"] = "OK",
            ["AlarmActions"] = new JsonArray(topicArn),
            ["OKActions"] = new JsonArray(topicArn),
            ["Trigger"] = new JsonObject
            {
                ["MetricName"] = "Errors",
                ["Namespace"] = "AWS/Lambda",
                ["StatisticType"] = "Statistic",
                ["Statistic"] = "SUM",
                ["Dimensions"] = new JsonArray(
                    new JsonObject { ["value"] = $"{function}:live", ["name"] = "Resource" },
                    new JsonObject { ["value"] = function, ["name"] = "FunctionName" }),
                ["Period"] = 60,
                ["EvaluationPeriods"] = 1,
                ["ComparisonOperator"] = "GreaterThanThreshold",
                ["Threshold"] = 5.0,
                ["TreatMissingData"] = "missing",
            },
        }.ToJsonString();
        return Notification(topicArn, message, $"ALARM: \"{alarmName}\" in US East (N. Virginia)", now);
    }

    /// <summary>A signed Notification that is not an alarm (verified, then ignored): warms the certificate cache and the endpoint.</summary>
    public string NotAnAlarm(string topicArn) => Notification(topicArn, """{"source":"bench","text":"warm-up"}""", null, DateTimeOffset.UtcNow);

    private string Notification(string topicArn, string message, string? subject, DateTimeOffset now)
    {
        var messageId = Guid.NewGuid().ToString();
        var timestamp = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var toSign = new StringBuilder()
            .Append("Message\n").Append(message).Append('\n')
            .Append("MessageId\n").Append(messageId).Append('\n');
        if (subject is not null)
            toSign.Append("Subject\n").Append(subject).Append('\n');
        toSign.Append("Timestamp\n").Append(timestamp).Append('\n')
            .Append("TopicArn\n").Append(topicArn).Append('\n')
            .Append("Type\nNotification\n");
        var signature = _key.SignData(Encoding.UTF8.GetBytes(toSign.ToString()), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var body = new JsonObject
        {
            ["Type"] = "Notification",
            ["MessageId"] = messageId,
            ["TopicArn"] = topicArn,
        };
        if (subject is not null)
            body["Subject"] = subject;
        body["Message"] = message;
        body["Timestamp"] = timestamp;
        body["SignatureVersion"] = "2";
        body["Signature"] = Convert.ToBase64String(signature);
        body["SigningCertURL"] = CertificateUrl;
        body["UnsubscribeURL"] = $"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={topicArn}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55";
        return body.ToJsonString();
    }

    /// <summary>The HTTPS server's certificate: self-signed for 127.0.0.1, trusted by the bot only through its pinned thumbprint.</summary>
    private static X509Certificate2 SelfSignedServerCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=opsbot-bench", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _key.Dispose();
        _tls.Dispose();
    }
}
