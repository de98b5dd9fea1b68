using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using OpsBot.Teams.Auth;

namespace OpsBot.Teams;

/// <summary>Validates <c>OpsBot:Teams</c> at start; each message starts with the key that is wrong.</summary>
internal sealed class TeamsOptionsValidator : IValidateOptions<TeamsOptions>
{
    private const string Root = TeamsOptions.Section;
    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        var errors = new List<string>();
        if (!options.IsEnabled)
        {
            // Half a configuration is a mistake, not "Teams off": say what is missing rather than start silently without Teams.
            var set = SetKeys(options);
            if (set.Count > 0)
                errors.Add($"{Root}:AppId: is missing but {string.Join(", ", set)} {(set.Count == 1 ? "is" : "are")} set; set AppId (Teams on) or clear {(set.Count == 1 ? "it" : "them")} (Teams off)");
            return Result(errors);
        }

        if (!Guid.TryParse(options.AppId, out _))
            errors.Add($"{Root}:AppId: '{options.AppId}' is not a GUID (the Azure Bot's Microsoft App ID)");
        CheckCredential(errors, options);
        if (options.TenantId.Length > 0 && !Guid.TryParse(options.TenantId, out _))
            errors.Add($"{Root}:TenantId: '{options.TenantId}' is not a GUID (the bot's home tenant id)");
        foreach (var tenant in options.AllowedTenants ?? [])
        {
            if (!Guid.TryParse(tenant, out _))
                errors.Add($"{Root}:AllowedTenants: '{tenant}' is not a tenant id (a GUID)");
        }
        CheckUrl(errors, "OpenIdMetadataUrl", options.OpenIdMetadataUrl);
        CheckUrl(errors, "LoginBaseUrl", options.LoginBaseUrl);
        if (options.PublicBaseUrl.Length > 0)
            CheckUrl(errors, "PublicBaseUrl", options.PublicBaseUrl);
        if (options.ImageLifetime <= TimeSpan.Zero)
            errors.Add($"{Root}:ImageLifetime: must be positive");
        if (string.IsNullOrWhiteSpace(options.Issuer))
            errors.Add($"{Root}:Issuer: must not be empty");
        if (string.IsNullOrWhiteSpace(options.Scope))
            errors.Add($"{Root}:Scope: must not be empty");
        CheckHosts(errors, options.ServiceUrlHosts);
        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > MaxClockSkew)
            errors.Add($"{Root}:ClockSkew: must be within 00:00:00..00:10:00, not {options.ClockSkew}");
        if (options.MaxAttempts < 1)
            errors.Add($"{Root}:MaxAttempts: must be at least 1, not {options.MaxAttempts}");
        if (options.RetryMaxDelay <= TimeSpan.Zero)
            errors.Add($"{Root}:RetryMaxDelay: must be positive");
        if (options.Timeout <= TimeSpan.Zero)
            errors.Add($"{Root}:Timeout: must be positive");
        return Result(errors);
    }

    private static ValidateOptionsResult Result(List<string> errors) =>
        errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

    private static List<string> SetKeys(TeamsOptions o)
    {
        var set = new List<string>();
        if (o.AppPassword.Length > 0) set.Add("AppPassword");
        if (o.CertificatePath.Length > 0) set.Add("CertificatePath");
        if (o.CertificatePassword.Length > 0) set.Add("CertificatePassword");
        if (o.TenantId.Length > 0) set.Add("TenantId");
        if (o.AllowedTenants is { Count: > 0 }) set.Add("AllowedTenants");
        return set;
    }

    private static void CheckCredential(List<string> errors, TeamsOptions o)
    {
        var hasSecret = o.AppPassword.Length > 0;
        var hasCertificate = o.CertificatePath.Length > 0;
        if (hasSecret == hasCertificate)
        {
            errors.Add(hasSecret
                ? $"{Root}:AppPassword: and CertificatePath are both set; set exactly one credential"
                : $"{Root}:AppPassword: is empty and so is CertificatePath; set exactly one credential (the client secret or a PFX)");
            return;
        }
        if (!hasCertificate)
            return;
        if (!File.Exists(o.CertificatePath))
        {
            errors.Add($"{Root}:CertificatePath: '{o.CertificatePath}' does not exist");
            return;
        }
        try
        {
            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(o.CertificatePath,
                o.CertificatePassword.Length > 0 ? o.CertificatePassword : null, X509KeyStorageFlags.EphemeralKeySet);
            using var key = certificate.GetRSAPrivateKey();
            if (key is null)
                errors.Add($"{Root}:CertificatePath: '{o.CertificatePath}' has no RSA private key");
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            errors.Add($"{Root}:CertificatePath: '{o.CertificatePath}' cannot be loaded as a PFX with CertificatePassword: {e.Message}");
        }
    }

    private static void CheckUrl(List<string> errors, string key, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            errors.Add($"{Root}:{key}: '{url}' must be an absolute https URL");
        else if (!LoopbackUrls.IsHttpsOrLoopback(uri))
            errors.Add($"{Root}:{key}: '{url}' is plain http on a host that is not loopback; use https");
    }

    private static void CheckHosts(List<string> errors, List<string>? hosts)
    {
        if (hosts is null || hosts.Count == 0)
        {
            errors.Add($"{Root}:ServiceUrlHosts: must name at least one host");
            return;
        }
        foreach (var host in hosts)
        {
            if (!IsHostPattern(host))
                errors.Add($"{Root}:ServiceUrlHosts: '{host}' is not a host name, '*.suffix' or a loopback address");
        }
    }

    /// <summary>A DNS name, <c>*.</c> and a DNS name with a dot (not a bare TLD), or a loopback IP (the sandbox).</summary>
    private static bool IsHostPattern(string? host)
    {
        if (string.IsNullOrWhiteSpace(host))
            return false;
        if (host.StartsWith("*.", StringComparison.Ordinal))
        {
            var suffix = host[2..];
            return suffix.Contains('.') && Uri.CheckHostName(suffix) == UriHostNameType.Dns;
        }
        return Uri.CheckHostName(host) switch
        {
            UriHostNameType.Dns => true,
            UriHostNameType.IPv4 or UriHostNameType.IPv6 => IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip),
            _ => false,
        };
    }
}
