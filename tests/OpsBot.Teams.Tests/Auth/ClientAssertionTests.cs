using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpsBot.Teams.Auth;
using OpsBot.Testing;

namespace OpsBot.Teams.Tests.Auth;

public sealed class ClientAssertionTests : IAsyncLifetime
{
    private const string AppId = "8f0c3a52-5f5e-4bb1-9d55-2b0b7a8f2c11";
    private const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TimerWatchingTimeProvider _time = new(Now);
    private readonly HttpClient _http = new();
    private readonly TestCertificates _certificates = new();
    private FakeTokenEndpoint _endpoint = null!;

    public async Task InitializeAsync() => _endpoint = await FakeTokenEndpoint.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _certificates.Dispose();
        await _endpoint.DisposeAsync();
    }

    private BotTokenClient Client() => new(Microsoft.Extensions.Options.Options.Create(new TeamsOptions
    {
        AppId = AppId,
        TenantId = TenantId,
        CertificatePath = _certificates.PfxPath,
        CertificatePassword = TestCertificates.Password,
        LoginBaseUrl = _endpoint.LoginBaseUrl,
    }), _http, _time, NullLogger<BotTokenClient>.Instance);

    private async Task<(BotTokenClient Client, IReadOnlyDictionary<string, string> Form)> PostOnceAsync()
    {
        var client = Client();
        await client.GetTokenAsync(CancellationToken.None);
        return (client, Assert.Single(_endpoint.Requests).Form);
    }

    [Fact]
    public async Task With_a_certificate_the_form_carries_an_assertion_instead_of_a_secret()
    {
        var (client, form) = await PostOnceAsync();
        using var owned = client;

        Assert.Equal(["client_assertion", "client_assertion_type", "client_id", "grant_type", "scope"], form.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form["client_assertion_type"]);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(AppId, form["client_id"]);
    }

    [Fact]
    public async Task The_assertion_is_signed_by_the_certificate_and_names_the_app_and_the_token_url()
    {
        var (client, form) = await PostOnceAsync();
        using var owned = client;

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(form["client_assertion"], new TokenValidationParameters
        {
            IssuerSigningKey = new X509SecurityKey(_certificates.Public),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidIssuer = AppId,
            ValidAudience = client.TokenUrl,
            ValidateLifetime = false,
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal("RS256", token.Alg);
        Assert.Equal(Base64UrlEncoder.Encode(_certificates.Public.GetCertHash(HashAlgorithmName.SHA1)), token.X5t);
        Assert.Equal(AppId, token.Subject);
        Assert.True(Guid.TryParse(token.Id, out _));
        Assert.Equal(Now.UtcDateTime, token.ValidFrom);
        Assert.Equal(Now.AddMinutes(10).UtcDateTime, token.ValidTo);
    }

    [Fact]
    public async Task Jose_verifies_the_assertion_too()
    {
        var (client, form) = await PostOnceAsync();
        using var owned = client;

        var output = await NodeScripts.RunAsync(NodeScripts.Folder("tests", "OpsBot.Teams.Tests", "node"), "jwt-verify.mjs",
            [form["client_assertion"], _certificates.PemPath, "RS256"], TimeSpan.FromMinutes(1));

        using var verified = JsonDocument.Parse(output);
        var header = verified.RootElement.GetProperty("protectedHeader");
        var payload = verified.RootElement.GetProperty("payload");
        Assert.Equal("RS256", header.GetProperty("alg").GetString());
        Assert.Equal(Base64UrlEncoder.Encode(_certificates.Public.GetCertHash(HashAlgorithmName.SHA1)), header.GetProperty("x5t").GetString());
        Assert.Equal(client.TokenUrl, payload.GetProperty("aud").GetString());
        Assert.Equal(AppId, payload.GetProperty("iss").GetString());
        Assert.Equal(AppId, payload.GetProperty("sub").GetString());
        Assert.Equal(Now.ToUnixTimeSeconds(), payload.GetProperty("nbf").GetInt64());
        Assert.Equal(Now.AddMinutes(10).ToUnixTimeSeconds(), payload.GetProperty("exp").GetInt64());
    }

    [Fact]
    public async Task Each_request_gets_a_fresh_assertion()
    {
        using var client = Client();
        var first = await client.GetTokenAsync(CancellationToken.None);
        client.Invalidate(first);
        await client.GetTokenAsync(CancellationToken.None);

        var ids = _endpoint.Requests.Select(r => new JsonWebToken(r.Form["client_assertion"]).Id).ToArray();
        Assert.Equal(2, ids.Distinct().Count());
    }

    [Fact]
    public void A_certificate_without_its_private_key_is_refused_at_construction()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new ClientAssertion(_certificates.NoKeyPfxPath, TestCertificates.Password));

        Assert.StartsWith("OpsBot:Teams:CertificatePath:", e.Message);
    }

    [Fact]
    public void A_wrong_pfx_password_is_refused_at_construction()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new ClientAssertion(_certificates.PfxPath, "Wr0ng-Passw0rd!"));

        Assert.StartsWith("OpsBot:Teams:CertificatePath:", e.Message);
        Assert.DoesNotContain("Wr0ng-Passw0rd!", e.Message);
    }
}
