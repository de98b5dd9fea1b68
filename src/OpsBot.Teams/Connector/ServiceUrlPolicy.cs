using Microsoft.Extensions.Options;
using OpsBot.Teams.Auth;

namespace OpsBot.Teams.Connector;

/// <summary>
/// Which Bot Connector base URLs OpsBot accepts in an activity and ever calls: HTTPS on a host of
/// <see cref="TeamsOptions.ServiceUrlHosts"/> (<c>*.suffix</c> for subdomains), or plain HTTP to a loopback address
/// that is listed (the sandbox). Anything else is refused before a token is sent to it.
/// </summary>
internal sealed class ServiceUrlPolicy(IOptions<TeamsOptions> options)
{
    /// <summary>The URL normalised to end with '/', or null when it is not one OpsBot may call.</summary>
    public Uri? Allowed(string? serviceUrl)
    {
        if (string.IsNullOrEmpty(serviceUrl) || serviceUrl.Length > 512 || !Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) ||
            !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            return null;
        if (!LoopbackUrls.IsHttpsOrLoopback(uri))
            return null;
        if (!options.Value.ServiceUrlHosts.Any(h => Matches(h, uri.Host)))
            return null;
        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static bool Matches(string pattern, string host) =>
        pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase) && host.Length > pattern.Length - 1
            : string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase);
}
