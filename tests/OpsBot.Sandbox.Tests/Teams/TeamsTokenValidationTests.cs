using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OpsBot.Sandbox.Tests.Teams;

/// <summary>
/// The tokens on the activities the sandbox sends pass the checks the Bot Framework documents, made with
/// Microsoft.IdentityModel against the JWKS the sandbox serves: RS256 with the key's kid, issuer, audience = the app
/// id, lifetime, the <c>serviceurl</c> claim, and a key endorsed for <c>msteams</c>.
/// </summary>
public sealed class TeamsTokenValidationTests : TeamsTestBase
{
    [Fact]
    public async Task An_activity_token_validates_against_the_served_keys()
    {
        var token = Teams.Issuer.SignActivityToken(Options.Issuer, Options.AppId, Options.ServiceUrl);

        var result = await ValidateAsync(token, Options.AppId);

        Assert.True(result.IsValid, result.Exception?.Message);
        var jwt = (JsonWebToken)result.SecurityToken;
        Assert.Equal(("RS256", Teams.Issuer.KeyId), (jwt.Alg, jwt.Kid));
        Assert.Equal(Options.ServiceUrl.ToString(), jwt.GetClaim("serviceurl").Value);
        Assert.InRange(jwt.ValidTo - jwt.ValidFrom, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        Assert.Equal(Teams.Issuer.KeyId, result.SecurityToken.SigningKey.KeyId);
        Assert.Contains("msteams", Endorsements(await KeysJsonAsync(), jwt.Kid));
    }

    [Fact]
    public async Task A_token_for_another_app_is_refused()
    {
        var token = Teams.Issuer.SignActivityToken(Options.Issuer, "33333333-3333-3333-3333-333333333333", Options.ServiceUrl);

        var result = await ValidateAsync(token, Options.AppId);

        Assert.False(result.IsValid);
        Assert.IsType<SecurityTokenInvalidAudienceException>(result.Exception);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        var token = Teams.Issuer.SignActivityToken("https://sts.example/", Options.AppId, Options.ServiceUrl);

        var result = await ValidateAsync(token, Options.AppId);

        Assert.IsType<SecurityTokenInvalidIssuerException>(result.Exception);
    }

    [Fact]
    public async Task A_token_signed_by_another_sandbox_is_refused()
    {
        using var other = new OpsBot.Sandbox.Teams.TeamsTokenIssuer();
        var token = other.SignActivityToken(Options.Issuer, Options.AppId, Options.ServiceUrl);

        var result = await ValidateAsync(token, Options.AppId);

        Assert.False(result.IsValid);
    }

    private async Task<JsonObject> KeysJsonAsync()
    {
        var metadata = (await Http.GetFromJsonAsync<JsonObject>(Options.OpenIdMetadataUrl))!;
        return (await Http.GetFromJsonAsync<JsonObject>(metadata["jwks_uri"]!.GetValue<string>()))!;
    }

    private static IEnumerable<string> Endorsements(JsonObject jwks, string kid) =>
        jwks["keys"]!.AsArray().Single(k => k!["kid"]!.GetValue<string>() == kid)!["endorsements"]!.AsArray().Select(e => e!.GetValue<string>());

    private async Task<TokenValidationResult> ValidateAsync(string token, string audience)
    {
        var keys = new JsonWebKeySet((await KeysJsonAsync()).ToJsonString());
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = "https://api.botframework.com",
            ValidAudience = audience,
            IssuerSigningKeys = keys.GetSigningKeys(),
            ValidAlgorithms = ["RS256"],
            RequireSignedTokens = true,
            ClockSkew = TimeSpan.FromMinutes(5),
        });
    }
}
