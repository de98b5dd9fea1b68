using System.Text.RegularExpressions;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Health;

/// <summary>
/// Groups error lines that say the same thing: request ids, timestamps, hex ids and long numbers are taken out of each
/// message before lines are compared, so "[ERROR] 2026-12-03T10:15:02.123Z 8f14e45f-… write failed" and the same
/// failure a second later count as one message seen twice.
/// </summary>
public static partial class ErrorDigest
{
    /// <summary>The longest message kept (what a chat line can show).</summary>
    public const int MaxMessage = 300;

    public static IReadOnlyList<ErrorGroup> Top(IEnumerable<LogLine> lines, int count) =>
        [.. lines
            .GroupBy(l => Normalize(l.Message), StringComparer.Ordinal)
            .Select(g => new ErrorGroup(g.Key, g.Count(), g.Max(l => l.Timestamp)))
            .OrderByDescending(g => g.Count)
            .ThenByDescending(g => g.Last)
            .Take(count)];

    /// <summary>The message without what differs between two occurrences of the same error.</summary>
    public static string Normalize(string message)
    {
        var text = LevelPrefix().Replace(message.Trim(), "");
        text = Timestamp().Replace(text, "").TrimStart();
        // Lambda writes the request id right after the time: it names the invocation, not the error.
        text = LeadingUuid().Replace(text, "");
        text = Uuid().Replace(text, "<id>");
        text = Hex().Replace(text, "<hex>");
        text = LongNumber().Replace(text, "<n>");
        text = Spaces().Replace(text, " ").Trim();
        return text.Length <= MaxMessage ? text : text[..(MaxMessage - 1)] + "…";
    }

    [GeneratedRegex(@"\A\[(ERROR|WARN|WARNING|INFO|DEBUG)\]\s*")]
    private static partial Regex LevelPrefix();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"\A[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\s*")]
    private static partial Regex LeadingUuid();

    [GeneratedRegex(@"\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{16,}\b")]
    private static partial Regex Hex();

    [GeneratedRegex(@"\b\d{5,}\b")]
    private static partial Regex LongNumber();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
