using System.Text.RegularExpressions;

namespace OpsBot.Core.Identity;

/// <summary>
/// Neutral references to people and channels inside the text Core writes (timeline lines, replies, reasons): each
/// platform renders them its own way — Slack as <c>&lt;@U0BOB&gt;</c> and <c>&lt;#C0DEPLOYS&gt;</c>, Teams as an
/// <c>&lt;at&gt;</c> mention, plain text (audit, pages, the command line) as the identity — so Core holds no platform
/// syntax and never names a person by the display name a request claimed.
/// </summary>
/// <remarks>
/// A reference is <c>⟦@slack:U0BOB⟧</c> (a person, by verified identity) or <c>⟦#slack:C0DEPLOYS⟧</c> (a channel of a
/// platform). The brackets are U+27E6/U+27E7; <see cref="Clean"/> removes them from text a person typed, so that
/// nobody's reason can forge a reference.
/// </remarks>
public static partial class ChatRefs
{
    /// <summary>A reference to the person with <paramref name="identity"/> (<c>slack:U0BOB</c>); OpsBot itself is written "OpsBot".</summary>
    public static string Person(string identity) => identity == Actor.System.Identity ? "OpsBot" : $"⟦@{identity}⟧";

    /// <summary>A reference to channel <paramref name="channelId"/> of <paramref name="platform"/>.</summary>
    public static string Channel(string platform, string channelId) => $"⟦#{platform}:{channelId}⟧";

    /// <summary>
    /// Replaces every reference in <paramref name="text"/>: people through <paramref name="person"/> (given the
    /// identity), channels through <paramref name="channel"/> (given platform and channel id). The rest is unchanged,
    /// so a platform escapes the text first and renders the references after.
    /// </summary>
    public static string Render(string text, Func<string, string> person, Func<string, string, string> channel) =>
        string.IsNullOrEmpty(text) || !text.Contains('⟦', StringComparison.Ordinal)
            ? text ?? ""
            : Reference().Replace(text, m => m.Groups["identity"].Success
                ? person(m.Groups["identity"].Value)
                : channel(m.Groups["platform"].Value, m.Groups["channel"].Value));

    /// <summary>The text with people as identities (<c>slack:U0BOB</c>) and channels as <c>#C0DEPLOYS</c>: for audit, pages and logs.</summary>
    public static string Plain(string text) => Render(text, identity => identity, (_, channel) => "#" + channel);

    /// <summary>Text a person typed, without the reference brackets, so it cannot forge a reference.</summary>
    public static string? Clean(string? text) =>
        text is null ? null : text.Replace("⟦", "", StringComparison.Ordinal).Replace("⟧", "", StringComparison.Ordinal);

    [GeneratedRegex(@"⟦(?:@(?<identity>[a-z][a-z0-9]*:[^⟦⟧\s]+)|#(?<platform>[a-z][a-z0-9]*):(?<channel>[^⟦⟧\s]+))⟧")]
    private static partial Regex Reference();
}
