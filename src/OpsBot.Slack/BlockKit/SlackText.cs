using System.Text;

namespace OpsBot.Slack.BlockKit;

/// <summary>
/// Text for Slack: mrkdwn escaping of user text (&amp;, &lt;, &gt; — so nobody's text becomes a link, a mention or
/// <c>&lt;!channel&gt;</c>), and truncation with "…" that never splits a surrogate pair or an entity, because Slack
/// refuses a message whose text is over a limit instead of shortening it.
/// </summary>
internal static class SlackText
{
    public const string Ellipsis = "…";

    public static string Escape(string? text) =>
        string.IsNullOrEmpty(text) ? "" : text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>User text for mrkdwn, escaped, at most <paramref name="max"/> characters.</summary>
    public static string Mrkdwn(string? text, int max) => Truncate(Escape(text), max);

    /// <summary>Text for a plain_text object: no control characters but newlines, never empty, at most <paramref name="max"/> characters.</summary>
    public static string Plain(string? text, int max, string fallback = "—")
    {
        var clean = new string([.. (text ?? "").Where(c => c == '\n' || !char.IsControl(c))]).Trim();
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
}
