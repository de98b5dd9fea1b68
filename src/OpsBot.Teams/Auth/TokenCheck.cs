using System.Security.Claims;

namespace OpsBot.Teams.Auth;

/// <summary>
/// What <see cref="BotTokenValidator"/> found in an inbound <c>Authorization</c> header. A valid token only proves the
/// Bot Connector signed it for this bot; <see cref="Refusal"/> then ties it to the activity in the body.
/// </summary>
/// <param name="IsValid">Signature, issuer, audience and lifetime all hold.</param>
/// <param name="Reason">Why it is not valid, short and fit for a log line (never the token itself); null when valid.</param>
/// <param name="ServiceUrl">The token's <c>serviceurl</c> claim: the only Bot Connector this activity may make us call.</param>
/// <param name="Endorsements">The channels the verifying key is endorsed for (its JWK <c>endorsements</c>), e.g. <c>msteams</c>.</param>
/// <param name="Claims">All claims of a valid token.</param>
internal sealed record TokenCheck(bool IsValid, string? Reason, string? ServiceUrl, IReadOnlyList<string> Endorsements, IReadOnlyList<Claim> Claims)
{
    /// <summary>A refused token, with why.</summary>
    public static TokenCheck Refused(string reason) => new(false, reason, null, [], []);

    /// <summary>The signing keys could not be read: nothing is known about the token, and Teams should try again (503), not give up.</summary>
    public static TokenCheck Unverifiable(string reason) => new(false, reason, null, [], []) { KeysUnavailable = true };

    /// <summary>True when the token could not be checked at all (the metadata or keys were unreachable).</summary>
    public bool KeysUnavailable { get; init; }

    /// <summary>
    /// The second step, once the body is read: null when the activity may be acted on, else why not. The token's
    /// <c>serviceurl</c> must be the activity's <c>serviceUrl</c> (so a stolen token cannot point us at another
    /// connector), and the activity's <c>channelId</c> must be among the signing key's endorsements.
    /// </summary>
    public string? Refusal(string? activityChannelId, string? activityServiceUrl)
    {
        if (!IsValid)
            return Reason ?? "invalid token";
        if (string.IsNullOrEmpty(ServiceUrl))
            return "token has no serviceurl claim";
        if (string.IsNullOrEmpty(activityServiceUrl) || !SameServiceUrl(ServiceUrl, activityServiceUrl))
            return "serviceurl claim does not match the activity's serviceUrl";
        if (string.IsNullOrEmpty(activityChannelId))
            return "activity has no channelId";
        if (!Endorsements.Contains(activityChannelId, StringComparer.Ordinal))
            return $"signing key is not endorsed for channel '{activityChannelId}'";
        return null;
    }

    /// <summary>Equal once one trailing slash is dropped and the scheme and host are lower-cased (ASCII); path and query compare exactly.</summary>
    internal static bool SameServiceUrl(string a, string b) =>
        string.Equals(Normalize(a), Normalize(b), StringComparison.Ordinal);

    private static string Normalize(string url)
    {
        if (url.EndsWith('/'))
            url = url[..^1];
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
            return url;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], schemeEnd + 3);
        if (authorityEnd < 0)
            authorityEnd = url.Length;
        return string.Create(url.Length, (url, authorityEnd), static (span, state) =>
        {
            state.url.AsSpan().CopyTo(span);
            for (var i = 0; i < state.authorityEnd; i++)
            {
                if (span[i] is >= 'A' and <= 'Z')
                    span[i] = (char)(span[i] + ('a' - 'A'));
            }
        });
    }
}
