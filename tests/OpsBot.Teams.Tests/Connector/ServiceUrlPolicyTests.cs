using Microsoft.Extensions.Options;
using OpsBot.Teams.Connector;

namespace OpsBot.Teams.Tests.Connector;

public sealed class ServiceUrlPolicyTests
{
    private static readonly ServiceUrlPolicy Default = new(Options.Create(new TeamsOptions()));
    private static readonly ServiceUrlPolicy Sandbox = new(Options.Create(new TeamsOptions { ServiceUrlHosts = ["127.0.0.1"] }));

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net/emea", "https://smba.trafficmanager.net/emea/")]
    [InlineData("https://europe.webchat.botframework.com/", "https://europe.webchat.botframework.com/")]
    public void Teams_own_hosts_over_https_are_called_with_a_trailing_slash(string url, string expected) =>
        Assert.Equal(expected, Default.Allowed(url)?.AbsoluteUri);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("http://smba.trafficmanager.net/amer/")] // not https
    [InlineData("https://smba.trafficmanager.net.evil.example/amer/")]
    [InlineData("https://evilbotframework.com/")] // *.botframework.com means a subdomain
    [InlineData("https://botframework.com/")]
    [InlineData("https://user:pw@smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net/amer/?x=1")]
    [InlineData("http://127.0.0.1:5080/teams-connector/")] // loopback only when listed
    [InlineData("/relative/")]
    public void Anything_else_is_refused(string? url) => Assert.Null(Default.Allowed(url));

    [Fact]
    public void The_sandbox_lists_loopback_which_may_then_be_plain_http() =>
        Assert.Equal("http://127.0.0.1:5080/teams-connector/", Sandbox.Allowed("http://127.0.0.1:5080/teams-connector")?.AbsoluteUri);

    [Fact]
    public void A_listed_host_that_is_not_loopback_still_needs_https() =>
        Assert.Null(new ServiceUrlPolicy(Options.Create(new TeamsOptions { ServiceUrlHosts = ["10.0.0.5"] })).Allowed("http://10.0.0.5/"));
}
