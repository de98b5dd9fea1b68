using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace OpsBot.Sns.Tests.Support;

/// <summary>
/// SNS's web side behind the adapter's HTTP client, in memory: serves certificates at their URLs (404 elsewhere) and
/// answers subscription confirmations; records every request, so a test can say what was fetched or confirmed.
/// </summary>
internal sealed class FakeSnsWeb : HttpMessageHandler
{
    public const string CertificateUrl = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem";

    private readonly ConcurrentDictionary<string, string> _certificates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, HttpStatusCode> _failures = new(StringComparer.Ordinal);

    public FakeSnsWeb() => Serve(CertificateUrl, TestSigningKey.Sns);

    public ConcurrentQueue<Uri> Requests { get; } = new();

    /// <summary>What subscription confirmations answer.</summary>
    public HttpStatusCode ConfirmStatus { get; set; } = HttpStatusCode.OK;

    public void Serve(string url, TestSigningKey key) => _certificates[url] = key.CertificatePem;

    public void Serve(string url, string pem) => _certificates[url] = pem;

    public void Fail(string url, HttpStatusCode status) => _failures[url] = status;

    /// <summary>The URL answers normally again.</summary>
    public void Heal(string url) => _failures.TryRemove(url, out _);

    public int RequestsTo(string url) => Requests.Count(r => r.AbsoluteUri == new Uri(url).AbsoluteUri);

    public IReadOnlyList<Uri> Confirmations => [.. Requests.Where(r => r.Query.Contains("Action=ConfirmSubscription", StringComparison.Ordinal))];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!;
        Requests.Enqueue(url);
        if (request.Method != HttpMethod.Get)
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.MethodNotAllowed));
        if (_failures.TryGetValue(url.AbsoluteUri, out var failure))
            return Task.FromResult(new HttpResponseMessage(failure));
        if (_certificates.TryGetValue(url.AbsoluteUri, out var pem))
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(pem, Encoding.ASCII, "application/x-x509-ca-cert") });
        if (url.Query.Contains("Action=ConfirmSubscription", StringComparison.Ordinal))
        {
            return Task.FromResult(new HttpResponseMessage(ConfirmStatus)
            {
                Content = new StringContent("<ConfirmSubscriptionResponse><ConfirmSubscriptionResult><SubscriptionArn>arn:aws:sns:us-east-1:123456789012:opsbot-alarms-prod:1</SubscriptionArn></ConfirmSubscriptionResult></ConfirmSubscriptionResponse>", Encoding.UTF8, "text/xml"),
            });
        }
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
    }
}
