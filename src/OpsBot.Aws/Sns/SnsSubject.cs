using System.Text;

namespace OpsBot.Aws.Sns;

/// <summary>
/// Makes any text a Subject SNS accepts: ASCII only (Latin letters without their accents, common typography such as
/// dashes, quotes, ellipses and arrows spelled in ASCII, anything else left out), no line breaks or control characters, starting with a letter,
/// digit or punctuation mark, and under 100 characters. SNS rejects the whole Publish over a bad subject, and a page
/// must not be lost over its title, so this never throws.
/// </summary>
internal static class SnsSubject
{
    /// <summary>SNS: "less than 100 characters".</summary>
    public const int MaxLength = 99;

    public const string Fallback = "OpsBot page";

    private const string Ellipsis = "...";

    public static string From(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return Fallback;
        var ascii = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
                AppendSpace(ascii);
            else if (char.IsAscii(c))
                ascii.Append(c);
            else
                ascii.Append(Spelled(c));
        }
        var subject = ascii.ToString().Trim();
        var first = 0;
        while (first < subject.Length && !char.IsAsciiLetterOrDigit(subject[first]) && !char.IsPunctuation(subject[first]))
            first++;
        subject = subject[first..].TrimStart();
        if (subject.Length == 0)
            return Fallback;
        return subject.Length <= MaxLength ? subject : subject[..(MaxLength - Ellipsis.Length)].TrimEnd() + Ellipsis;
    }

    private static void AppendSpace(StringBuilder s)
    {
        if (s.Length > 0 && s[^1] != ' ')
            s.Append(' ');
    }

    /// <summary>
    /// The base letters of U+00C0..U+017F (Latin-1 Supplement and Latin Extended-A), by position. A table rather than
    /// Unicode decomposition, because OpsBot runs with invariant globalization, where normalization does not decompose.
    /// </summary>
    private const string LatinBase =
        "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty" +
        "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlL" +
        "lLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";

    private static string Spelled(char c) => c switch
    {
        '\u00C6' => "AE",
        '\u00E6' => "ae",
        '\u0152' => "OE",
        '\u0153' => "oe",
        '\u00DF' => "ss",
        '\u00DE' => "Th",
        '\u00FE' => "th",
        >= '\u00C0' and <= '\u017F' => LatinBase[c - '\u00C0'].ToString(),
        '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => "-",
        '\u2018' or '\u2019' or '\u201A' or '\u2032' => "'",
        '\u201C' or '\u201D' or '\u201E' or '\u2033' or '\u00AB' or '\u00BB' => "\"",
        '\u2026' => Ellipsis,
        '\u2192' or '\u27F6' => "->",
        '\u2190' or '\u27F5' => "<-",
        '\u2022' or '\u00B7' => "-",
        _ => "",
    };
}
