namespace OpsBot.Slack.WebApi;

/// <summary>
/// A Slack call that failed for good: <c>ok:false</c> with Slack's error code (<c>channel_not_found</c>,
/// <c>not_in_channel</c>, ...), or an HTTP failure that outlived its retries (<c>ratelimited</c>, <c>http_503</c>,
/// <c>timeout</c>, ...). Thrown, never swallowed. <see cref="IsPermanent"/> tells the errors that no retry can fix.
/// </summary>
internal sealed class SlackApiException(string method, string error, IReadOnlyList<string> warnings, Exception? inner = null)
    : Exception($"Slack {method} failed: {error}{(warnings.Count > 0 ? $" (warnings: {string.Join(", ", warnings)})" : "")}", inner)
{
    /// <summary>
    /// Error codes that repeat until a person changes something (the channel, the bot's membership, its token, the
    /// workspace): retrying them only delays the notices behind them. Everything else (<c>ratelimited</c>, 5xx,
    /// timeouts, <c>internal_error</c>, ...) is taken as transient.
    /// </summary>
    public static readonly IReadOnlySet<string> PermanentErrors = new HashSet<string>(StringComparer.Ordinal)
    {
        "channel_not_found", "not_in_channel", "is_archived", "invalid_auth", "account_inactive", "token_revoked",
    };

    public string Method { get; } = method;

    public string Error { get; } = error;

    public IReadOnlyList<string> Warnings { get; } = warnings;

    public bool IsPermanent => PermanentErrors.Contains(Error);
}
