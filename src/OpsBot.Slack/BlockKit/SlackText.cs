using System.Text;
using System.Text.RegularExpressions;
using OpsBot.Core.Identity;

namespace OpsBot.Slack.BlockKit;

/// <summary>
/// Text for Slack: mrkdwn escaping of user text (&amp;, &lt;, &gt; — so nobody's text becomes a link, a mention or
/// <c>&lt;!channel&gt;</c>), Core's neutral references (<see cref="ChatRefs"/>) drawn as mentions after escaping, and
/// truncation with "…" that never splits a surrogate pair, an entity or a mention, because Slack refuses a message
/// whose text is over a limit instead of shortening it.
/// </summary>
internal static partial class SlackText
{
    public const string Ellipsis = "…";

    public static string Escape(string? text) =>
        string.IsNullOrEmpty(text) ? "" : text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// Core's text for mrkdwn, at most <paramref name="max"/> characters: escaped, then its references drawn as
    /// <c>&lt;@U…&gt;</c> and <c>&lt;#C…&gt;</c> (Slack shows the person's current name, never one a request claimed).
    /// </summary>
    public static string Mrkdwn(string? text, int max) =>
        Truncate(ChatRefs.Render(Escape(text), identity => Mention(identity) ?? identity, Channel), max);

    /// <summary>A person as a mention when the identity is a Slack user; anyone else (another platform) as escaped text.</summary>
    public static string Person(string? identity) => Mention(identity) ?? Escape(identity);

    private static string? Mention(string? identity) =>
        identity is not null && SlackUser().Match(identity) is { Success: true } m ? $"<@{m.Groups["id"].Value}>" : null;

    /// <summary>A channel reference (its text already escaped) as a link when it is a Slack channel id.</summary>
    private static string Channel(string platform, string channelId) =>
        platform == "slack" && SlackChannel().IsMatch(channelId) ? $"<#{channelId}>" : "#" + channelId;

    /// <summary>Text for a plain_text object: no control characters but newlines, never empty, at most <paramref name="max"/> characters.</summary>
    public static string Plain(string? text, int max, string fallback = "—")
    {
        var clean = new string([.. ChatRefs.Plain(text ?? "").Where(c => c == '\n' || !char.IsControl(c))]).Trim();
        return Truncate(clean.Length == 0 ? fallback : clean, max);
    }

    /// <summary>At most <paramref name="max"/> UTF-16 characters (what Slack counts is never more), ending with "…" when cut.</summary>
    public static string Truncate(string? text, int max)
    {
        text ??= "";
        if (text.Length <= max)
            return text;
        var cut = Math.Max(0, max - Ellipsis.Length);
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
            cut--;
        // Do not leave half an entity (&amp; &lt; &gt;) behind.
        var amp = cut > 0 ? text.LastIndexOf('&', cut - 1, Math.Min(cut, 5)) : -1;
        if (amp >= 0 && text.IndexOf(';', amp, cut - amp) < 0)
            cut = amp;
        // Nor half a mention: escaped text has no other '<'.
        var open = cut > 0 ? text.LastIndexOf('<', cut - 1) : -1;
        if (open >= 0 && text.IndexOf('>', open, cut - open) < 0)
            cut = open;
        return text[..cut] + Ellipsis;
    }

    /// <summary>Joins lines until the next one would pass <paramref name="max"/>; returns the text and how many lines fit.</summary>
    public static (string Text, int Taken) Lines(IEnumerable<string> lines, int max)
    {
        var sb = new StringBuilder();
        var taken = 0;
        foreach (var line in lines)
        {
            var extra = (sb.Length == 0 ? 0 : 1) + line.Length;
            if (sb.Length + extra > max)
                break;
            if (sb.Length > 0)
                sb.Append('\n');
            sb.Append(line);
            taken++;
        }
        return (sb.ToString(), taken);
    }

    [GeneratedRegex(@"\Aslack:(?<id>[UW][A-Z0-9]{1,30})\z")]
    private static partial Regex SlackUser();

    [GeneratedRegex(@"\A[CGD][A-Z0-9]{1,30}\z")]
    private static partial Regex SlackChannel();
}
