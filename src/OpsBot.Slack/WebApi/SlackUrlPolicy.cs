using Microsoft.Extensions.Options;

namespace OpsBot.Slack.WebApi;

/// <summary>
/// Which URLs handed to OpsBot in a payload or an API answer it may call: a <c>response_url</c> or an <c>upload_url</c>
/// on a configured host, over https (plain http only on a loopback host, for the sandbox and tests). Anything else
/// is refused, so a forged or tampered URL cannot make OpsBot call elsewhere.
/// </summary>
internal sealed class SlackUrlPolicy(IOptions<SlackOptions> options)
{
    public bool IsResponseUrl(string? url, out Uri? uri) => IsAllowed(url, options.Value.ResponseUrlHosts, out uri);

    public bool IsUploadUrl(string? url, out Uri? uri) => IsAllowed(url, options.Value.UploadUrlHosts, out uri);

    private static bool IsAllowed(string? url, IReadOnlyCollection<string> hosts, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrEmpty(url) || url.Length > 3000 || !Uri.TryCreate(url, UriKind.Absolute, out var parsed))
            return false;
        var secure = parsed.Scheme == Uri.UriSchemeHttps || (parsed.Scheme == Uri.UriSchemeHttp && parsed.IsLoopback);
        if (!secure || !string.IsNullOrEmpty(parsed.UserInfo) || !hosts.Any(h => string.Equals(h, parsed.IdnHost, StringComparison.OrdinalIgnoreCase)))
            return false;
        uri = parsed;
        return true;
    }
}
