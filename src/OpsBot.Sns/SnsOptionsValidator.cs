using Microsoft.Extensions.Options;
using OpsBot.Sns.Verification;

namespace OpsBot.Sns;

/// <summary>Validates <c>OpsBot:Sns</c> at start; each message starts with the key that is wrong.</summary>
internal sealed class SnsOptionsValidator : IValidateOptions<SnsOptions>
{
    private const string Root = SnsOptions.Section;

    public ValidateOptionsResult Validate(string? name, SnsOptions options)
    {
        var errors = new List<string>();
        if (options.CertificateHosts is null || options.CertificateHosts.Count == 0)
            errors.Add($"{Root}:CertificateHosts: must name at least one host pattern (AWS's are sns.*.amazonaws.com and sns.*.amazonaws.com.cn)");
        else
        {
            foreach (var host in options.CertificateHosts)
            {
                if (!HostPattern.TryParse(host, out _))
                    errors.Add($"{Root}:CertificateHosts: '{host}' is not a host pattern (host, host:port or host:*, with * for part of a DNS label)");
            }
        }
        foreach (var pin in options.PinnedCertificateThumbprints ?? [])
        {
            var hex = SnsTlsPolicy.Normalize(pin ?? "");
            if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
                errors.Add($"{Root}:PinnedCertificateThumbprints: '{pin}' is not a SHA-256 thumbprint (64 hex digits)");
        }
        if (options.FetchTimeout <= TimeSpan.Zero || options.FetchTimeout > TimeSpan.FromMinutes(1))
            errors.Add($"{Root}:FetchTimeout: must be within 00:00:00.001..00:01:00, not {options.FetchTimeout}");
        if (options.CertificateCacheDuration <= TimeSpan.Zero)
            errors.Add($"{Root}:CertificateCacheDuration: must be positive");
        if (options.FailedFetchCacheDuration <= TimeSpan.Zero)
            errors.Add($"{Root}:FailedFetchCacheDuration: must be positive");
        if (options.MaxCachedCertificates is < 1 or > 10_000)
            errors.Add($"{Root}:MaxCachedCertificates: must be within 1..10000, not {options.MaxCachedCertificates}");
        if (options.MaxMessageAge < TimeSpan.FromHours(1))
            errors.Add($"{Root}:MaxMessageAge: must be at least 01:00:00 (SNS retries a delivery for up to an hour), not {options.MaxMessageAge}");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
