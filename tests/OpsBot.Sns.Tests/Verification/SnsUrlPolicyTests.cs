using Microsoft.Extensions.Options;
using OpsBot.Sns.Verification;

namespace OpsBot.Sns.Tests.Verification;

public sealed class SnsUrlPolicyTests
{
    [Theory]
    [InlineData("https://sns.us-east-1.amazonaws.com/a.pem", true)]
    [InlineData("https://sns.ap-southeast-2.amazonaws.com/a.pem", true)]
    [InlineData("https://sns.cn-northwest-1.amazonaws.com.cn/a.pem", true)]
    [InlineData("https://sns.us-east-1.amazonaws.com.cn.evil.example/a.pem", false)]
    [InlineData("https://xsns.us-east-1.amazonaws.com/a.pem", false)]
    [InlineData("https://sns.us-east-1.amazonaws.co/a.pem", false)]
    [InlineData("https://sns..amazonaws.com/a.pem", false)]
    public void The_default_patterns_are_AWS_s_regional_SNS_hosts_on_443(string url, bool allowed)
    {
        var policy = new SnsUrlPolicy(Options.Create(new SnsOptions()));

        Assert.Equal(allowed, policy.SigningCertificate(url, out _) is not null);
    }

    [Theory]
    [InlineData("127.0.0.1:*", "https://127.0.0.1:45678/cert.pem", true)]
    [InlineData("127.0.0.1:*", "https://127.0.0.2:45678/cert.pem", false)]
    [InlineData("localhost:4566", "https://localhost:4566/cert.pem", true)]
    [InlineData("localhost:4566", "https://localhost:4567/cert.pem", false)]
    [InlineData("localhost", "https://localhost/cert.pem", true)]
    [InlineData("localhost", "https://localhost:8443/cert.pem", false)]
    [InlineData("sns.*.example.test", "https://sns.x-1.example.test/cert.pem", true)]
    public void A_configured_pattern_names_a_host_and_its_port(string pattern, string url, bool allowed)
    {
        var policy = new SnsUrlPolicy(Options.Create(new SnsOptions { CertificateHosts = [pattern] }));

        Assert.Equal(allowed, policy.SigningCertificate(url, out _) is not null);
        Assert.Null(policy.SigningCertificate("https://sns.us-east-1.amazonaws.com/a.pem", out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sns.*.amazonaws.com:0")]
    [InlineData("sns.*.amazonaws.com:http")]
    [InlineData("https://sns.us-east-1.amazonaws.com")]
    [InlineData("sns..amazonaws.com")]
    [InlineData("sns.(.*).com")]
    public void A_malformed_pattern_is_not_one(string pattern) => Assert.False(HostPattern.TryParse(pattern, out _));
}
