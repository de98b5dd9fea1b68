using OpsBot.Teams.Auth;

namespace OpsBot.Teams.Tests.Auth;

public sealed class TokenCheckTests
{
    private static TokenCheck Valid(string serviceUrl) => new(true, null, serviceUrl, ["msteams"], []);

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/amer")]
    [InlineData("https://smba.trafficmanager.net/amer", "https://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net/amer/", "HTTPS://SMBA.TrafficManager.net/amer/")]
    [InlineData("http://127.0.0.1:5080/teams/", "http://127.0.0.1:5080/teams")]
    public void The_same_service_url_is_allowed_ignoring_one_trailing_slash_and_scheme_and_host_case(string claim, string activity) =>
        Assert.Null(Valid(claim).Refusal("msteams", activity));

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/AMER/")]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/emea/")]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net/amer//")]
    [InlineData("https://smba.trafficmanager.net/amer/", "http://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net.evil.example/amer/")]
    [InlineData("https://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net:444/amer/")]
    [InlineData("https://smba.trafficmanager.net/amer/", "")]
    [InlineData("https://smba.trafficmanager.net/amer/", null)]
    public void Another_service_url_is_refused(string claim, string? activity) =>
        Assert.Equal("serviceurl claim does not match the activity's serviceUrl", Valid(claim).Refusal("msteams", activity));

    [Fact]
    public void The_channel_must_be_endorsed_exactly() =>
        Assert.Equal("signing key is not endorsed for channel 'MSTeams'", Valid("https://x.example/").Refusal("MSTeams", "https://x.example/"));

    [Fact]
    public void A_refused_token_stays_refused_whatever_the_activity() =>
        Assert.Equal("expired", TokenCheck.Refused("expired").Refusal("msteams", "https://x.example/"));
}
