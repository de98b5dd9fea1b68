using Microsoft.Extensions.Options;
using OpsBot.Aws.Http;

namespace OpsBot.Aws;

/// <summary>Validates <c>OpsBot:Aws</c> at start; each message starts with the key that is wrong.</summary>
internal sealed class AwsOptionsValidator : IValidateOptions<AwsOptions>
{
    private const string Root = AwsOptions.Section;

    public ValidateOptionsResult Validate(string? name, AwsOptions options)
    {
        var errors = new List<string>();
        if (options.MaxAttempts is < 1 or > 10)
            errors.Add($"{Root}:MaxAttempts: must be within 1..10, not {options.MaxAttempts}");
        if (options.Timeout <= TimeSpan.Zero)
            errors.Add($"{Root}:Timeout: must be positive");
        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
            errors.Add($"{Root}:RetryBaseDelay: must be at least zero and no more than RetryMaxDelay");
        if (string.IsNullOrEmpty(options.AccessKeyId) != string.IsNullOrEmpty(options.SecretAccessKey))
            errors.Add($"{Root}:AccessKeyId: set both AccessKeyId and SecretAccessKey, or neither (to use the default credential chain)");
        if (options.ServiceUrl is { Length: > 0 } url && !IsHttpUrl(url))
            errors.Add($"{Root}:ServiceUrl: '{url}' is not an absolute http(s) URL");
        foreach (var (service, serviceUrl) in options.ServiceUrls)
        {
            if (!AwsService.All.Any(s => s.Name.Equals(service, StringComparison.OrdinalIgnoreCase)))
                errors.Add($"{Root}:ServiceUrls:{service}: unknown service (known: {string.Join(", ", AwsService.All.Select(s => s.Name))})");
            else if (serviceUrl is { Length: > 0 } && !IsHttpUrl(serviceUrl))
                errors.Add($"{Root}:ServiceUrls:{service}: '{serviceUrl}' is not an absolute http(s) URL");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}
