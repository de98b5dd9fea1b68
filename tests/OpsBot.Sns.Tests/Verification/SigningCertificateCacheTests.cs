using System.Net;
using OpsBot.Sns.Tests.Support;
using OpsBot.Sns.Verification;

namespace OpsBot.Sns.Tests.Verification;

public sealed class SigningCertificateCacheTests
{
    private static readonly Uri Url = new(FakeSnsWeb.CertificateUrl);

    [Fact]
    public async Task A_certificate_is_fetched_once_for_many_messages_and_concurrent_requests_share_the_fetch()
    {
        var verifiers = new Verifiers();

        var all = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => verifiers.Certificates.GetAsync(Url, CancellationToken.None)));
        await verifiers.Certificates.GetAsync(Url, CancellationToken.None);

        Assert.All(all, c => Assert.Equal(CertificateStatus.Usable, c.Status));
        Assert.Equal(1, verifiers.Web.RequestsTo(FakeSnsWeb.CertificateUrl));
    }

    [Fact]
    public async Task A_certificate_is_fetched_again_after_CertificateCacheDuration()
    {
        var verifiers = new Verifiers();
        await verifiers.Certificates.GetAsync(Url, CancellationToken.None);

        verifiers.Time.Advance(TimeSpan.FromHours(23));
        await verifiers.Certificates.GetAsync(Url, CancellationToken.None);
        Assert.Equal(1, verifiers.Web.RequestsTo(FakeSnsWeb.CertificateUrl));

        verifiers.Time.Advance(TimeSpan.FromHours(2));
        await verifiers.Certificates.GetAsync(Url, CancellationToken.None);
        Assert.Equal(2, verifiers.Web.RequestsTo(FakeSnsWeb.CertificateUrl));
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "Refused")]
    [InlineData(HttpStatusCode.Forbidden, "Refused")]
    [InlineData(HttpStatusCode.InternalServerError, "Unavailable")]
    [InlineData(HttpStatusCode.TooManyRequests, "Unavailable")]
    public async Task A_failed_fetch_is_remembered_for_FailedFetchCacheDuration_then_tried_again(HttpStatusCode answer, string expected)
    {
        var status = Enum.Parse<CertificateStatus>(expected);
        var verifiers = new Verifiers();
        verifiers.Web.Fail(FakeSnsWeb.CertificateUrl, answer);

        for (var i = 0; i < 20; i++)
            Assert.Equal(status, (await verifiers.Certificates.GetAsync(Url, CancellationToken.None)).Status);
        Assert.Equal(1, verifiers.Web.RequestsTo(FakeSnsWeb.CertificateUrl));

        verifiers.Time.Advance(TimeSpan.FromMinutes(5));
        await verifiers.Certificates.GetAsync(Url, CancellationToken.None);
        Assert.Equal(2, verifiers.Web.RequestsTo(FakeSnsWeb.CertificateUrl));
    }

    [Theory]
    [InlineData("not a certificate")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")]
    [InlineData("")]
    public async Task A_body_that_is_not_a_PEM_certificate_is_refused(string body)
    {
        var verifiers = new Verifiers();
        verifiers.Web.Serve(FakeSnsWeb.CertificateUrl, body);

        var certificate = await verifiers.Certificates.GetAsync(Url, CancellationToken.None);

        Assert.Equal(CertificateStatus.Refused, certificate.Status);
    }

    [Fact]
    public async Task A_body_too_large_for_a_certificate_is_refused()
    {
        var verifiers = new Verifiers();
        verifiers.Web.Serve(FakeSnsWeb.CertificateUrl, TestSigningKey.Sns.CertificatePem + new string('\n', 70_000));

        Assert.Equal(CertificateStatus.Refused, (await verifiers.Certificates.GetAsync(Url, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task When_MaxCachedCertificates_URLs_are_remembered_a_new_one_is_not_fetched_until_one_expires()
    {
        var verifiers = new Verifiers(new SnsOptions { MaxCachedCertificates = 3 });
        Uri Forged(int i) => new($"https://sns.us-east-1.amazonaws.com/SimpleNotificationService-forged{i}.pem");

        for (var i = 0; i < 3; i++)
            Assert.Equal(CertificateStatus.Refused, (await verifiers.Certificates.GetAsync(Forged(i), CancellationToken.None)).Status);
        var full = await verifiers.Certificates.GetAsync(Forged(3), CancellationToken.None);

        Assert.Equal(CertificateStatus.Unavailable, full.Status);
        Assert.Equal(3, verifiers.Web.Requests.Count);
        verifiers.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(CertificateStatus.Usable, (await verifiers.Certificates.GetAsync(Url, CancellationToken.None)).Status);
        Assert.Equal(4, verifiers.Web.Requests.Count);
    }
}
