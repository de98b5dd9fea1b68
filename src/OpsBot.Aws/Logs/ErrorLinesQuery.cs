using System.Globalization;
using System.Text;

namespace OpsBot.Aws.Logs;

/// <summary>
/// The Logs Insights query for a function's error lines: lines with <c>ERROR</c> or <c>Task timed out</c>, only from
/// the version's log streams when a version is given (Lambda names them <c>2026/12/03/[5]abc…</c>), newest first.
/// </summary>
internal static class ErrorLinesQuery
{
    /// <summary>The most rows a Logs Insights query returns.</summary>
    public const int MaxLimit = 10_000;

    public static string For(string? version, int limit)
    {
        var query = new StringBuilder("fields @timestamp, @message, @logStream | filter @message like /ERROR|Task timed out/");
        if (!string.IsNullOrEmpty(version))
            query.Append(@" | filter @logStream like /\[").Append(Escape(version)).Append(@"\]/");
        query.Append(" | sort @timestamp desc | limit ").Append(Math.Clamp(limit, 1, MaxLimit).ToString(CultureInfo.InvariantCulture));
        return query.ToString();
    }

    /// <summary>
    /// <paramref name="text"/> as a literal inside <c>/…/</c>: every regular-expression metacharacter and the slash that
    /// would end the pattern get a backslash (<c>$LATEST</c> → <c>\$LATEST</c>).
    /// </summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (@"\^$.|?*+()[]{}/".Contains(c, StringComparison.Ordinal))
                escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}
