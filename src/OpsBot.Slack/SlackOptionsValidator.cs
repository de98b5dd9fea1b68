using Microsoft.Extensions.Options;
using OpsBot.Slack.Inbound;

namespace OpsBot.Slack;

/// <summary>Validates <c>OpsBot:Slack</c> at start; each message starts with the key that is wrong.</summary>
internal sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    private const string Root = SlackOptions.Section;

    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        var errors = new List<string>();
        var hasSecret = !string.IsNullOrEmpty(options.SigningSecret);
        var hasToken = !string.IsNullOrEmpty(options.BotToken);
        if (hasSecret && !hasToken)
            errors.Add($"{Root}:BotToken: is empty but SigningSecret is set; set both (Slack on) or neither (Slack off)");
        if (hasToken && !hasSecret)
            errors.Add($"{Root}:SigningSecret: is empty but BotToken is set; set both (Slack on) or neither (Slack off)");
        if (hasToken && options.BotToken.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            errors.Add($"{Root}:BotToken: contains whitespace or control characters");
        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https") || !options.ApiBaseUrl.EndsWith('/'))
            errors.Add($"{Root}:ApiBaseUrl: '{options.ApiBaseUrl}' must be an absolute http(s) URL ending with '/'");
        else if (api.Scheme == "http" && !api.IsLoopback)
            errors.Add($"{Root}:ApiBaseUrl: '{options.ApiBaseUrl}' is plain http on a host that is not loopback; the bot token would cross the network in clear: use https");
        if (options.TeamId.Length > 0 && !SlackIds.IsId(options.TeamId))
            errors.Add($"{Root}:TeamId: '{options.TeamId}' is not a Slack workspace id (T…)");
        if (options.AppId.Length > 0 && !SlackIds.IsId(options.AppId))
            errors.Add($"{Root}:AppId: '{options.AppId}' is not a Slack app id (A…)");
        CheckHosts(errors, "ResponseUrlHosts", options.ResponseUrlHosts);
        CheckHosts(errors, "UploadUrlHosts", options.UploadUrlHosts);
        if (options.RequestMaxAge <= TimeSpan.Zero || options.RequestMaxAge > TimeSpan.FromHours(1))
            errors.Add($"{Root}:RequestMaxAge: must be within 00:00:01..01:00:00, not {options.RequestMaxAge}");
        if (options.MaxAttempts is < 1 or > 10)
            errors.Add($"{Root}:MaxAttempts: must be within 1..10, not {options.MaxAttempts}");
        if (options.RetryMaxDelay <= TimeSpan.Zero)
            errors.Add($"{Root}:RetryMaxDelay: must be positive");
        if (options.Timeout <= TimeSpan.Zero)
            errors.Add($"{Root}:Timeout: must be positive");
        if (options.QueueCapacity is < 1 or > 100_000)
            errors.Add($"{Root}:QueueCapacity: must be within 1..100000, not {options.QueueCapacity}");
        if (options.MaxConcurrency is < 1 or > 64)
            errors.Add($"{Root}:MaxConcurrency: must be within 1..64, not {options.MaxConcurrency}");
        if (options.SafetyQueueCapacity is < 1 or > 100_000)
            errors.Add($"{Root}:SafetyQueueCapacity: must be within 1..100000, not {options.SafetyQueueCapacity}");
        if (options.SafetyConcurrency is < 1 or > 64)
            errors.Add($"{Root}:SafetyConcurrency: must be within 1..64, not {options.SafetyConcurrency}");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckHosts(List<string> errors, string key, List<string>? hosts)
    {
        if (hosts is null || hosts.Count == 0)
        {
            errors.Add($"{Root}:{key}: must name at least one host");
            return;
        }
        foreach (var host in hosts)
        {
            if (string.IsNullOrWhiteSpace(host) || Uri.CheckHostName(host) == UriHostNameType.Unknown)
                errors.Add($"{Root}:{key}: '{host}' is not a host name");
        }
    }
}
