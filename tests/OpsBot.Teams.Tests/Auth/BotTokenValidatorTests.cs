using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Teams.Auth;

namespace OpsBot.Teams.Tests.Auth;

public sealed class BotTokenValidatorTests(BotFrameworkIssuer issuer) : IClassFixture<BotFrameworkIssuer>, IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private BotTokenValidator Validator(BotFrameworkIssuer.Site site, TimeSpan? skew = null) =>
        new(Options.Create(new TeamsOptions
        {
            AppId = BotFrameworkIssuer.AppId,
            AppPassword = "unused",
            OpenIdMetadataUrl = site.MetadataUrl,
            ClockSkew = skew ?? TimeSpan.FromMinutes(5),
        }), _http, new FakeTimeProvider(BotFrameworkIssuer.Now), NullLogger<BotTokenValidator>.Instance);

    private Task<TokenCheck> CheckAsync(BotTokenValidator validator, string token) =>
        validator.ValidateAsync($"Bearer {issuer.Tokens[token]}", CancellationToken.None);

    [Theory]
    [InlineData("valid")]
    [InlineData("valid-rs384")]
    [InlineData("valid-rs512")]
    [InlineData("expired-within-skew")]
    public async Task A_token_from_the_bot_framework_for_this_bot_is_valid_and_allows_its_activity(string token)
    {
        var check = await CheckAsync(Validator(issuer.NewSite("trusted", "plain")), token);

        Assert.True(check.IsValid, check.Reason);
        Assert.Null(check.Reason);
        Assert.Equal(BotFrameworkIssuer.ServiceUrl, check.ServiceUrl);
        Assert.Equal(["msteams"], check.Endorsements);
        Assert.Contains(check.Claims, c => c.Type == "aud" && c.Value == BotFrameworkIssuer.AppId);
        Assert.Null(check.Refusal("msteams", BotFrameworkIssuer.ServiceUrl));
    }

    [Theory]
    [InlineData("wrong-issuer", "wrong issuer")]
    [InlineData("wrong-audience", "wrong audience")]
    [InlineData("expired", "expired")]
    [InlineData("not-yet-valid", "not yet valid")]
    [InlineData("missing-exp", "no expiry (exp)")]
    [InlineData("unknown-key", "unknown signing key")]
    [InlineData("forged-kid", "bad signature")]
    [InlineData("alg-none", "algorithm not allowed (RS256, RS384 or RS512 only)")]
    [InlineData("alg-hs256", "algorithm not allowed (RS256, RS384 or RS512 only)")]
    public async Task A_token_that_fails_a_check_is_refused_with_a_short_reason(string token, string reason)
    {
        var check = await CheckAsync(Validator(issuer.NewSite("trusted", "plain")), token);

        Assert.False(check.IsValid);
        Assert.Equal(reason, check.Reason);
        Assert.DoesNotContain(issuer.Tokens[token], check.Reason);
        Assert.Equal(reason, check.Refusal("msteams", BotFrameworkIssuer.ServiceUrl));
    }

    [Theory]
    [InlineData(null, "no Authorization header")]
    [InlineData("", "no Authorization header")]
    [InlineData("Basic dXNlcjpwYXNz", "Authorization is not a Bearer token")]
    [InlineData("Bearer", "Authorization is not a Bearer token")]
    [InlineData("Bearer ", "malformed token")]
    [InlineData("Bearer not-a-jwt", "malformed token")]
    [InlineData("Bearer a.b.c", "malformed token")]
    [InlineData("Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "token has no kid")]
    public async Task A_malformed_authorization_header_is_refused(string? header, string reason)
    {
        var site = issuer.NewSite("trusted");
        var check = await Validator(site).ValidateAsync(header, CancellationToken.None);

        Assert.False(check.IsValid);
        Assert.Equal(reason, check.Reason);
        Assert.Equal(0, site.MetadataHits);
    }

    [Fact]
    public async Task The_skew_is_the_configured_one()
    {
        var check = await CheckAsync(Validator(issuer.NewSite("trusted"), skew: TimeSpan.FromMinutes(3)), "expired-within-skew");

        Assert.Equal("expired", check.Reason);
    }

    [Fact]
    public async Task A_valid_token_whose_serviceurl_is_not_the_activitys_is_refused()
    {
        var validator = Validator(issuer.NewSite("trusted"));

        var other = await CheckAsync(validator, "other-serviceurl");
        var missing = await CheckAsync(validator, "no-serviceurl");

        Assert.True(other.IsValid, other.Reason);
        Assert.Equal("serviceurl claim does not match the activity's serviceUrl", other.Refusal("msteams", BotFrameworkIssuer.ServiceUrl));
        Assert.True(missing.IsValid, missing.Reason);
        Assert.Equal("token has no serviceurl claim", missing.Refusal("msteams", BotFrameworkIssuer.ServiceUrl));
    }

    [Fact]
    public async Task A_key_not_endorsed_for_the_activitys_channel_is_refused()
    {
        var validator = Validator(issuer.NewSite("trusted", "plain"));

        var plain = await CheckAsync(validator, "plain-key");
        var trusted = await CheckAsync(validator, "valid");

        Assert.True(plain.IsValid, plain.Reason);
        Assert.Empty(plain.Endorsements);
        Assert.Equal("signing key is not endorsed for channel 'msteams'", plain.Refusal("msteams", BotFrameworkIssuer.ServiceUrl));
        Assert.Equal("signing key is not endorsed for channel 'slack'", trusted.Refusal("slack", BotFrameworkIssuer.ServiceUrl));
        Assert.Equal("activity has no channelId", trusted.Refusal(null, BotFrameworkIssuer.ServiceUrl));
    }

    [Fact]
    public async Task A_key_published_after_start_is_picked_up_by_one_refresh()
    {
        var site = issuer.NewSite("trusted");
        var validator = Validator(site);
        Assert.True((await CheckAsync(validator, "valid")).IsValid);

        site.Publish("trusted", "rotated");
        var check = await CheckAsync(validator, "rotated-key");

        Assert.True(check.IsValid, check.Reason);
        Assert.Equal((2, 2), (site.MetadataHits, site.KeyHits));
        Assert.True((await CheckAsync(validator, "rotated-key")).IsValid);
        Assert.Equal((2, 2), (site.MetadataHits, site.KeyHits));
    }

    [Fact]
    public async Task A_flood_of_unknown_key_ids_costs_one_refresh_within_the_rate_limit()
    {
        var site = issuer.NewSite("trusted");
        var validator = Validator(site);
        Assert.True((await CheckAsync(validator, "valid")).IsValid);

        var checks = await Task.WhenAll(Enumerable.Range(0, BotFrameworkIssuer.FloodSize).Select(i => CheckAsync(validator, $"made-up-{i}")));

        Assert.All(checks, c => Assert.Equal("unknown signing key", c.Reason));
        Assert.Equal((2, 2), (site.MetadataHits, site.KeyHits));
        // The price of the rate limit: a key rotated in right after the flood waits for the next allowed refresh.
        site.Publish("trusted", "rotated");
        Assert.Equal("unknown signing key", (await CheckAsync(validator, "rotated-key")).Reason);
        Assert.Equal((2, 2), (site.MetadataHits, site.KeyHits));
        Assert.True((await CheckAsync(validator, "valid")).IsValid);
    }

    [Fact]
    public async Task Keys_that_cannot_be_fetched_refuse_the_token_without_throwing()
    {
        var site = issuer.NewSite("trusted");
        var validator = new BotTokenValidator(Options.Create(new TeamsOptions
        {
            AppId = BotFrameworkIssuer.AppId,
            OpenIdMetadataUrl = site.MetadataUrl.Replace("/openid", "/missing", StringComparison.Ordinal),
        }), _http, new FakeTimeProvider(BotFrameworkIssuer.Now), NullLogger<BotTokenValidator>.Instance);

        var check = await CheckAsync(validator, "valid");

        Assert.Equal("signing keys unavailable", check.Reason);
    }

    [Fact]
    public void Metadata_over_plain_http_to_a_remote_host_is_refused()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new BotTokenValidator(Options.Create(new TeamsOptions
        {
            AppId = BotFrameworkIssuer.AppId,
            OpenIdMetadataUrl = "http://login.botframework.com/v1/.well-known/openidconfiguration",
        }), _http, TimeProvider.System, NullLogger<BotTokenValidator>.Instance));

        Assert.StartsWith("OpsBot:Teams:OpenIdMetadataUrl:", e.Message);
    }
}
