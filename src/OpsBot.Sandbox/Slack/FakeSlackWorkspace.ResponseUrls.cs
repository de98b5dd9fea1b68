using System.Security.Cryptography;

namespace OpsBot.Sandbox.Slack;

/// <summary>Response URLs: what Slack hands an app with a slash command or a button click, to answer the person who
/// acted. Each is valid up to <see cref="ResponseUrlMaxUses"/> times within <see cref="ResponseUrlLifetime"/>.</summary>
public sealed partial class FakeSlackWorkspace
{
    /// <summary>How many times a response URL can be used (Slack: up to 5 times).</summary>
    public const int ResponseUrlMaxUses = 5;

    /// <summary>How long a response URL stays valid (Slack: 30 minutes).</summary>
    public static readonly TimeSpan ResponseUrlLifetime = TimeSpan.FromMinutes(30);

    private readonly Dictionary<string, ResponseUrl> _responseUrls = new(StringComparer.Ordinal);

    /// <summary>
    /// Mints a response URL token, as Slack does when it sends a slash command or an interaction: the URL is
    /// <c>{base}/response/{token}</c> (see <see cref="FakeSlackServer.MintResponseUrl"/>).
    /// </summary>
    /// <param name="channel">The channel the command or click came from.</param>
    /// <param name="user">The person who acted: ephemeral answers go to them.</param>
    /// <param name="originalTs">The message whose button was clicked (it may be ephemeral):
    /// <c>replace_original</c> and <c>delete_original</c> act on it. Null for a slash command.</param>
    /// <returns>The token.</returns>
    public string MintResponseToken(string channel, string user, string? originalTs = null)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        lock (_gate)
            _responseUrls[token] = new ResponseUrl(channel, user, originalTs, _time.GetUtcNow());
        return token;
    }

    /// <summary>How many times a response URL was used successfully so far (0 for an unknown token).</summary>
    /// <param name="token">The token from <see cref="MintResponseToken"/>.</param>
    public int ResponseUrlUses(string token)
    {
        lock (_gate)
            return _responseUrls.TryGetValue(token, out var url) ? url.Uses : 0;
    }

    /// <summary>The response URL's context when it can be used now, else why not (<c>no_service</c> for an unknown
    /// token, <c>expired_url</c> for one past its 30 minutes or its 5 uses).</summary>
    internal (ResponseUrlContext? Context, string? Error) OpenResponseUrl(string token)
    {
        lock (_gate)
        {
            if (!_responseUrls.TryGetValue(token, out var url))
                return (null, "no_service");
            if (_time.GetUtcNow() - url.Minted > ResponseUrlLifetime || url.Uses >= ResponseUrlMaxUses)
                return (null, "expired_url");
            return (new ResponseUrlContext(url.Channel, url.User, url.OriginalTs), null);
        }
    }

    /// <summary>Counts one successful use of a response URL.</summary>
    internal void UseResponseUrl(string token)
    {
        lock (_gate)
        {
            if (_responseUrls.TryGetValue(token, out var url))
                url.Uses++;
        }
    }

    /// <summary>Where a response URL answers: the channel, the person who acted, and the message acted on.</summary>
    internal sealed record ResponseUrlContext(string Channel, string User, string? OriginalTs);

    private sealed class ResponseUrl(string channel, string user, string? originalTs, DateTimeOffset minted)
    {
        public string Channel { get; } = channel;
        public string User { get; } = user;
        public string? OriginalTs { get; } = originalTs;
        public DateTimeOffset Minted { get; } = minted;
        public int Uses { get; set; }
    }
}
