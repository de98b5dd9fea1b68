namespace OpsBot.Sns.Tests;

public sealed class SnsOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid() => Assert.True(new SnsOptionsValidator().Validate(null, new SnsOptions()).Succeeded);

    [Fact]
    public void Each_bad_setting_is_named_by_its_key()
    {
        var result = new SnsOptionsValidator().Validate(null, new SnsOptions
        {
            CertificateHosts = ["sns.*.amazonaws.com", "https://evil"],
            PinnedCertificateThumbprints = ["abc"],
            FetchTimeout = TimeSpan.Zero,
            MaxCachedCertificates = 0,
            MaxMessageAge = TimeSpan.FromMinutes(5),
        });

        Assert.Equal(
        [
            "OpsBot:Sns:CertificateHosts: 'https://evil' is not a host pattern (host, host:port or host:*, with * for part of a DNS label)",
            "OpsBot:Sns:PinnedCertificateThumbprints: 'abc' is not a SHA-256 thumbprint (64 hex digits)",
            "OpsBot:Sns:FetchTimeout: must be within 00:00:00.001..00:01:00, not 00:00:00",
            "OpsBot:Sns:MaxCachedCertificates: must be within 1..10000, not 0",
            "OpsBot:Sns:MaxMessageAge: must be at least 01:00:00 (SNS retries a delivery for up to an hour), not 00:05:00",
        ], result.Failures);
    }

    [Fact]
    public void An_empty_host_list_is_refused() =>
        Assert.Contains("OpsBot:Sns:CertificateHosts: must name at least one host pattern", new SnsOptionsValidator().Validate(null, new SnsOptions { CertificateHosts = [] }).FailureMessage, StringComparison.Ordinal);

    [Fact]
    public void A_thumbprint_may_be_written_with_colons_and_in_lower_case() =>
        Assert.True(new SnsOptionsValidator().Validate(null, new SnsOptions
        {
            PinnedCertificateThumbprints = [string.Join(':', Enumerable.Repeat("ab", 32))],
        }).Succeeded);
}
