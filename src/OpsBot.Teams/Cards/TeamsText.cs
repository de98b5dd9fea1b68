using System.Text;
using OpsBot.Core.Identity;

namespace OpsBot.Teams.Cards;

/// <summary>
/// Text for Adaptive Cards and Teams messages: markdown escaping of text people wrote (so a reason cannot bold, link,
/// list, quote, mention or template itself), plain text for titles and choices (which Teams does not read as markdown), and
/// truncation with "…" that never splits a surrogate pair, an escape or an <c>&lt;at&gt;</c> mention.
/// </summary>
internal static class TeamsText
{
    public const string Ellipsis = "…";

    private const string Always = "\\*[]`~<";

    /// <summary>
    /// <paramref name="text"/> with markdown escaped by backslashes: emphasis, code, links, HTML-ish tags (<c>&lt;at&gt;</c>),
    /// and list or heading markers at a line's start. An underscore inside a word ("lambda_router") is left alone, as
    /// no markdown reads it; "{{" is broken so Adaptive Cards' DATE/TIME templating cannot fire. Control characters but
    /// newlines are dropped.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        text = text.ReplaceLineEndings("\n");
        var sb = new StringBuilder(text.Length + 16);
        var lineStart = true;
        var digitsOnly = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                sb.Append(c);
                lineStart = digitsOnly = true;
                continue;
            }
            if (char.IsControl(c))
                continue;
            if (c == ' ' && lineStart)
            {
                sb.Append(c);
                continue;
            }
            var escape = Always.Contains(c, StringComparison.Ordinal)
                || (c == '_' && (i == 0 || i == text.Length - 1 || !char.IsLetterOrDigit(text[i - 1]) || !char.IsLetterOrDigit(text[i + 1])))
                || (lineStart && c is '-' or '+' or '#' or '=' or '|' or '>')
                || (digitsOnly && !lineStart && c is '.' or ')');
            if (escape)
                sb.Append('\\');
            sb.Append(c);
            if (c == '{' && i + 1 < text.Length && text[i + 1] == '{')
                sb.Append('\u200B');
            digitsOnly = digitsOnly && char.IsAsciiDigit(c);
            lineStart = false;
        }
        return sb.ToString();
    }

    /// <summary>Text for a plain-text place (an action's title, a choice, a placeholder): references as names or identities, no control characters, never empty.</summary>
    public static string Plain(string? text, int max, Func<string, string?> displayName, string fallback = "—")
    {
        var rendered = ChatRefs.Render(text ?? "", identity => displayName(identity) ?? identity, (_, channel) => "#" + channel);
        var clean = new string([.. rendered.Where(c => !char.IsControl(c))]).Trim();
        return Truncate(clean.Length == 0 ? fallback : clean, max);
    }

    /// <summary>
    /// At most <paramref name="max"/> UTF-16 characters, ending with "…" when cut; the cut never leaves half a surrogate
    /// pair, a dangling escape backslash, or half an <c>&lt;at&gt;…&lt;/at&gt;</c> mention.
    /// </summary>
    public static string Truncate(string? text, int max)
    {
        text ??= "";
        if (text.Length <= max)
            return text;
        var cut = Math.Max(0, max - Ellipsis.Length);
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1]))
            cut--;
        var open = cut > 0 ? text.LastIndexOf("<at>", cut - 1, StringComparison.Ordinal) : -1;
        if (open >= 0)
        {
            var close = text.IndexOf("</at>", open, StringComparison.Ordinal);
            if (close < 0 || close + "</at>".Length > cut)
                cut = open;
        }
        var backslashes = 0;
        while (cut - backslashes > 0 && text[cut - backslashes - 1] == '\\')
            backslashes++;
        if (backslashes % 2 == 1)
            cut--;
        return text[..cut] + Ellipsis;
    }

    /// <summary>Lines joined by newlines until the next would pass <paramref name="max"/>; the text and how many fit.</summary>
    public static (string Text, int Taken) Lines(IEnumerable<string> lines, int max)
    {
        var sb = new StringBuilder();
        var taken = 0;
        foreach (var line in lines)
        {
            if (sb.Length + (sb.Length == 0 ? 0 : 1) + line.Length > max)
                break;
            if (sb.Length > 0)
                sb.Append('\n');
            sb.Append(line);
            taken++;
        }
        return (sb.ToString(), taken);
    }

    /// <summary>"…and 3 more steps".</summary>
    public static string More(int count, string noun) => $"…and {count} more {noun}{(count == 1 ? "" : "s")}";
}
