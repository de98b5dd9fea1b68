using System.Text.RegularExpressions;

namespace OpsBot.Slack.Inbound;

/// <summary>
/// The shapes of the ids Slack sends. Ids become identities (<c>slack:U0ALICE</c>), idempotency keys and API
/// arguments, so anything that does not look like one is refused before it goes anywhere.
/// </summary>
internal static partial class SlackIds
{
    /// <summary>A user, channel, team or group id: U0ALICE, C0DEPLOYS, T1DC2JH3J, S0123ABC.</summary>
    public static bool IsId(string? value) => value is not null && Id().IsMatch(value);

    /// <summary>A trigger_id or event_id: 398738663015.47445629121.803a0bc8…, Ev08MFMKH6.</summary>
    public static bool IsToken(string? value) => value is not null && Token().IsMatch(value);

    /// <summary>A message ts: 1712345678.123456.</summary>
    public static bool IsTs(string? value) => value is not null && Ts().IsMatch(value);

    /// <summary>A display name for messages: no control characters, at most 80 characters; null when there is nothing left.</summary>
    public static string? Name(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var clean = new string([.. value.Where(c => !char.IsControl(c)).Take(80)]).Trim();
        return clean.Length == 0 ? null : clean;
    }

    [GeneratedRegex("\\A[A-Z0-9]{2,40}\\z")]
    private static partial Regex Id();

    [GeneratedRegex("\\A[A-Za-z0-9._-]{1,200}\\z")]
    private static partial Regex Token();

    [GeneratedRegex("\\A[0-9]{1,12}\\.[0-9]{1,9}\\z")]
    private static partial Regex Ts();
}
