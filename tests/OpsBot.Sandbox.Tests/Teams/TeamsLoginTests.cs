using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Tests.Teams;

/// <summary>The fake token service: the Bot Framework's OpenID metadata and keys, and Entra ID's client-credentials endpoint.</summary>
public sealed class TeamsLoginTests : TeamsTestBase
{
    [Fact]
    public async Task The_metadata_names_the_issuer_the_keys_and_RS256()
    {
        var metadata = (await Http.GetFromJsonAsync<JsonObject>(Options.OpenIdMetadataUrl))!;

        Assert.Equal("https://api.botframework.com", metadata["issuer"]!.GetValue<string>());
        Assert.Equal(new Uri(BaseUrl, "teams-login/v1/.well-known/keys").ToString(), metadata["jwks_uri"]!.GetValue<string>());
        Assert.Equal(["RS256"], metadata["id_token_signing_alg_values_supported"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Fact]
    public async Task Every_key_is_an_RSA_signing_key_endorsed_for_msteams()
    {
        var jwks = (await Http.GetFromJsonAsync<JsonObject>(new Uri(BaseUrl, "teams-login/v1/.well-known/keys")))!;

        var key = Assert.Single(jwks["keys"]!.AsArray())!;
        Assert.Equal(("RSA", "sig", "AQAB", Teams.Issuer.KeyId), (key["kty"]!.GetValue<string>(), key["use"]!.GetValue<string>(), key["e"]!.GetValue<string>(), key["kid"]!.GetValue<string>()));
        Assert.Contains("msteams", key["endorsements"]!.AsArray().Select(e => e!.GetValue<string>()));
        Assert.Single(key["x5c"]!.AsArray());
    }

    [Fact]
    public async Task The_sandbox_app_gets_a_bearer_token_for_an_hour()
    {
        using var response = await Http.PostAsync(new Uri(Options.LoginBaseUrl + $"/{Options.TenantId}/oauth2/v2.0/token"), Form(Options.AppPassword));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("Bearer", 3599), (body["token_type"]!.GetValue<string>(), body["expires_in"]!.GetValue<int>()));
        Assert.True(Teams.Issuer.IsValidAccessToken(body["access_token"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_as_Entra_ID_does()
    {
        using var response = await Http.PostAsync(new Uri(Options.LoginBaseUrl + $"/{Options.TenantId}/oauth2/v2.0/token"), Form("not-the-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("invalid_client", body["error"]!.GetValue<string>());
        Assert.StartsWith("AADSTS7000215: Invalid client secret provided.", body["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(7000215, body["error_codes"]![0]!.GetValue<int>());
    }

    [Theory]
    [InlineData("client_id", "11111111-1111-1111-1111-111111111111", "unauthorized_client")]
    [InlineData("scope", "https://graph.microsoft.com/.default", "invalid_scope")]
    [InlineData("grant_type", "password", "unsupported_grant_type")]
    public async Task Another_app_scope_or_grant_is_a_400(string field, string value, string error)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = Options.AppId, ["client_secret"] = Options.AppPassword, ["scope"] = Options.Scope,
        };
        form[field] = value;

        using var response = await Http.PostAsync(new Uri(Options.LoginBaseUrl + $"/{Options.TenantId}/oauth2/v2.0/token"), new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(error, (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Another_tenant_is_not_found()
    {
        using var response = await Http.PostAsync(new Uri(Options.LoginBaseUrl + "/22222222-2222-2222-2222-222222222222/oauth2/v2.0/token"), Form(Options.AppPassword));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("AADSTS90002", (await response.Content.ReadFromJsonAsync<JsonObject>())!["error_description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private FormUrlEncodedContent Form(string secret) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = Options.AppId,
        ["client_secret"] = secret,
        ["scope"] = Options.Scope,
    });
}
