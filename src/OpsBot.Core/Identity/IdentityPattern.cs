using System.Text.RegularExpressions;

namespace OpsBot.Core.Identity;

/// <summary>
/// The identities roles name: <c>slack:U0ALICE</c> (one user), <c>slack:*</c> (anyone on that platform),
/// <c>slack-group:S0123ABC</c> (members of a user group), <c>teams:&lt;AAD object id&gt;</c>.
/// </summary>
public static partial class IdentityPattern
{
    public static bool IsValid(string entry) => Entry().IsMatch(entry);

    /// <summary>The group id when <paramref name="entry"/> names a group ("slack-group:S0123" → ("slack", "S0123")).</summary>
    public static (string Platform, string GroupId)? Group(string entry)
    {
        var m = Entry().Match(entry);
        return m.Success && m.Groups["group"].Success ? (m.Groups["platform"].Value, m.Groups["id"].Value) : null;
    }

    /// <summary>True when <paramref name="entry"/> names <paramref name="identity"/> directly or by wildcard (groups are resolved by the caller).</summary>
    public static bool MatchesDirectly(string entry, string identity)
    {
        if (string.Equals(entry, identity, StringComparison.Ordinal))
            return true;
        return entry.EndsWith(":*", StringComparison.Ordinal) && Group(entry) is null &&
               identity.StartsWith(entry[..^1], StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\A(?<platform>[a-z][a-z0-9]*)(?<group>-group)?:(?<id>\*|[A-Za-z0-9._@-]+)\z")]
    private static partial Regex Entry();
}
