namespace OpsBot.Slack.WebApi;

/// <summary>
/// A Slack call that failed for good: <c>ok:false</c> with Slack's error code (<c>channel_not_found</c>,
/// <c>not_in_channel</c>, ...), or an HTTP failure that outlived its retries (<c>ratelimited</c>, <c>http_503</c>,
/// <c>timeout</c>, ...). Thrown, never swallowed: the outbox retries the notice with backoff.
/// </summary>
internal sealed class SlackApiException(string method, string error, IReadOnlyList<string> warnings, Exception? inner = null)
    : Exception($"Slack {method} failed: {error}{(warnings.Count > 0 ? $" (warnings: {string.Join(", ", warnings)})" : "")}", inner)
{
    public string Method { get; } = method;

    public string Error { get; } = error;

    public IReadOnlyList<string> Warnings { get; } = warnings;
}
