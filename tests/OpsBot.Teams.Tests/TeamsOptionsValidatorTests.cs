using OpsBot.Teams.Tests.Auth;

namespace OpsBot.Teams.Tests;

public sealed class TeamsOptionsValidatorTests : IDisposable
{
    private const string AppId = "8f0c3a52-5f5e-4bb1-9d55-2b0b7a8f2c11";
    private const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    private readonly TestCertificates _certificates = new();

    public void Dispose() => _certificates.Dispose();

    private static IReadOnlyList<string> Failures(Action<TeamsOptions> change, bool enabled = true)
    {
        var options = enabled ? new TeamsOptions { AppId = AppId, AppPassword = "secret" } : new TeamsOptions();
        change(options);
        var result = new TeamsOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }

    private static void Fails(string message, Action<TeamsOptions> change, bool enabled = true)
    {
        var failures = Failures(change, enabled);
        Assert.True(failures.Any(f => f.StartsWith(message, StringComparison.Ordinal)), $"expected '{message}…' among:\n{string.Join('\n', failures)}");
    }

    [Fact]
    public void The_defaults_with_an_app_id_and_a_secret_are_valid_and_so_is_teams_off()
    {
        Assert.Empty(Failures(_ => { }));
        Assert.Empty(Failures(_ => { }, enabled: false));
    }

    [Fact]
    public void A_sandbox_configuration_on_loopback_is_valid()
    {
        Assert.Empty(Failures(o =>
        {
            o.TenantId = TenantId;
            o.AllowedTenants = [TenantId, "11111111-1111-1111-1111-111111111111"];
            o.OpenIdMetadataUrl = "http://127.0.0.1:5080/teams/openid";
            o.LoginBaseUrl = "http://localhost:5080/login";
            o.ServiceUrlHosts = ["127.0.0.1", "*.botframework.com", "smba.trafficmanager.net"];
            o.ClockSkew = TimeSpan.Zero;
            o.MaxAttempts = 1;
        }));
    }

    [Fact]
    public void A_loadable_certificate_is_a_credential()
    {
        Assert.Empty(Failures(o => (o.AppPassword, o.CertificatePath, o.CertificatePassword) = ("", _certificates.PfxPath, TestCertificates.Password)));
    }

    [Theory]
    [InlineData("AppPassword")]
    [InlineData("CertificatePath")]
    [InlineData("TenantId")]
    [InlineData("AllowedTenants")]
    public void Teams_keys_without_an_app_id_are_refused_saying_the_app_id_is_missing(string key)
    {
        Fails($"OpsBot:Teams:AppId: is missing but {key} is set", o =>
        {
            switch (key)
            {
                case "AppPassword": o.AppPassword = "secret"; break;
                case "CertificatePath": o.CertificatePath = "/etc/opsbot/teams.pfx"; break;
                case "TenantId": o.TenantId = TenantId; break;
                case "AllowedTenants": o.AllowedTenants = [TenantId]; break;
            }
        }, enabled: false);
    }

    [Fact]
    public void The_app_id_must_be_a_guid() =>
        Fails("OpsBot:Teams:AppId: 'opsbot' is not a GUID", o => o.AppId = "opsbot");

    [Fact]
    public void Exactly_one_credential_is_required()
    {
        Fails("OpsBot:Teams:AppPassword: is empty and so is CertificatePath", o => o.AppPassword = "");
        Fails("OpsBot:Teams:AppPassword: and CertificatePath are both set", o => o.CertificatePath = _certificates.PfxPath);
    }

    [Fact]
    public void The_certificate_must_exist_and_load_with_its_private_key()
    {
        Fails("OpsBot:Teams:CertificatePath: '/nonexistent/teams.pfx' does not exist", o => (o.AppPassword, o.CertificatePath) = ("", "/nonexistent/teams.pfx"));
        Fails($"OpsBot:Teams:CertificatePath: '{_certificates.PfxPath}' cannot be loaded", o => (o.AppPassword, o.CertificatePath, o.CertificatePassword) = ("", _certificates.PfxPath, "wrong"));
        Fails($"OpsBot:Teams:CertificatePath: '{_certificates.NoKeyPfxPath}' has no RSA private key",
            o => (o.AppPassword, o.CertificatePath, o.CertificatePassword) = ("", _certificates.NoKeyPfxPath, TestCertificates.Password));
    }

    [Fact]
    public void Tenants_must_be_guids()
    {
        Fails("OpsBot:Teams:TenantId: 'contoso.onmicrosoft.com' is not a GUID", o => o.TenantId = "contoso.onmicrosoft.com");
        Fails("OpsBot:Teams:AllowedTenants: 'contoso' is not a tenant id", o => o.AllowedTenants = [TenantId, "contoso"]);
    }

    [Theory]
    [InlineData("OpenIdMetadataUrl", "http://login.botframework.com/v1/.well-known/openidconfiguration", "is plain http on a host that is not loopback")]
    [InlineData("OpenIdMetadataUrl", "/v1/.well-known/openidconfiguration", "must be an absolute https URL")]
    [InlineData("LoginBaseUrl", "http://login.microsoftonline.com", "is plain http on a host that is not loopback")]
    [InlineData("LoginBaseUrl", "ftp://login.microsoftonline.com", "must be an absolute https URL")]
    [InlineData("LoginBaseUrl", "", "must be an absolute https URL")]
    public void Authority_urls_must_be_https_except_to_loopback(string key, string url, string message)
    {
        Fails($"OpsBot:Teams:{key}: '{url}' {message}", o =>
        {
            if (key == "OpenIdMetadataUrl")
                o.OpenIdMetadataUrl = url;
            else
                o.LoginBaseUrl = url;
        });
    }

    [Theory]
    [InlineData("smba trafficmanager net")]
    [InlineData("*.com")]
    [InlineData("*botframework.com")]
    [InlineData("https://smba.trafficmanager.net")]
    [InlineData("10.0.0.5")]
    [InlineData("")]
    public void Service_url_hosts_must_be_host_names_suffixes_or_loopback(string host) =>
        Fails($"OpsBot:Teams:ServiceUrlHosts: '{host}' is not a host name", o => o.ServiceUrlHosts = ["smba.trafficmanager.net", host]);

    [Fact]
    public void Service_url_hosts_must_not_be_empty() =>
        Fails("OpsBot:Teams:ServiceUrlHosts: must name at least one host", o => o.ServiceUrlHosts = []);

    [Fact]
    public void Numbers_must_be_in_range()
    {
        Fails("OpsBot:Teams:ClockSkew: must be within 00:00:00..00:10:00", o => o.ClockSkew = TimeSpan.FromMinutes(11));
        Fails("OpsBot:Teams:ClockSkew: must be within", o => o.ClockSkew = TimeSpan.FromSeconds(-1));
        Fails("OpsBot:Teams:MaxAttempts: must be at least 1, not 0", o => o.MaxAttempts = 0);
        Fails("OpsBot:Teams:Timeout: must be positive", o => o.Timeout = TimeSpan.Zero);
        Fails("OpsBot:Teams:RetryMaxDelay: must be positive", o => o.RetryMaxDelay = TimeSpan.Zero);
        Fails("OpsBot:Teams:Issuer: must not be empty", o => o.Issuer = "");
        Fails("OpsBot:Teams:Scope: must not be empty", o => o.Scope = " ");
    }

    [Fact]
    public void Validation_stops_at_nothing_when_teams_is_off() =>
        Assert.Empty(Failures(o => (o.ServiceUrlHosts, o.MaxAttempts, o.OpenIdMetadataUrl) = ([], 0, "http://remote.example.com/"), enabled: false));
}
