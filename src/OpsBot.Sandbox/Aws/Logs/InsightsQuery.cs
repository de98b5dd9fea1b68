using System.Globalization;
using System.Text;

namespace OpsBot.Sandbox.Aws.Logs;

/// <summary>
/// A Logs Insights query the emulator evaluates: <c>fields</c> (or <c>display</c>) of event fields, <c>filter</c>
/// conditions, one <c>sort</c> and a <c>limit</c>. The fields an event has are @timestamp, @message, @logStream, @log
/// and @ingestionTime; a field it does not have is left out of its result, as Logs Insights does.
/// </summary>
internal sealed record InsightsQuery(IReadOnlyList<string>? Fields, IReadOnlyList<InsightsCondition> Filters, string? SortField, bool SortDescending, int? Limit)
{
    /// <summary>What a query without <c>fields</c> or <c>display</c> shows.</summary>
    public static readonly IReadOnlyList<string> DefaultFields = ["@timestamp", "@message", "@logStream", "@log"];

    /// <summary>The rows of <paramref name="events"/> (scanned already: the groups' events in the time range) and the query's statistics.</summary>
    public InsightsResult Run(IReadOnlyList<LogEvent> events, string accountId, int? requestLimit)
    {
        var matched = events.Where(e => Filters.All(f => f.Matches(name => Field(e, name, accountId)))).ToList();
        IEnumerable<LogEvent> ordered = matched;
        if (SortField is not null)
        {
            ordered = SortField is "@timestamp" or "@ingestionTime"
                ? (SortDescending ? matched.OrderByDescending(Time).ThenByDescending(e => e.Id) : matched.OrderBy(Time).ThenBy(e => e.Id))
                : (SortDescending ? matched.OrderByDescending(e => Field(e, SortField, accountId), StringComparer.Ordinal) : matched.OrderBy(e => Field(e, SortField, accountId), StringComparer.Ordinal));
        }
        var limit = Math.Min(Limit ?? 10_000, requestLimit ?? 10_000);
        var fields = Fields ?? DefaultFields;
        var rows = ordered.Take(limit)
            .Select(e => (IReadOnlyList<(string, string)>)[.. fields.Select(f => (f, Field(e, f, accountId))).Where(p => p.Item2 is not null).Select(p => (p.f, p.Item2!)), ("@ptr", Pointer(e))])
            .ToList();
        return new InsightsResult(rows, matched.Count, events.Count, events.Sum(e => (long)Encoding.UTF8.GetByteCount(e.Message)));

        long Time(LogEvent e) => SortField == "@timestamp" ? e.Timestamp : e.IngestionTime;
    }

    /// <summary>An event's field as Logs Insights shows it: times as <c>2026-12-03 10:15:02.123</c> (UTC), @log as account:group.</summary>
    public static string? Field(LogEvent e, string name, string accountId) => name switch
    {
        "@timestamp" => Format(e.Timestamp),
        "@ingestionTime" => Format(e.IngestionTime),
        "@message" => e.Message,
        "@logStream" => e.Stream,
        "@log" => $"{accountId}:{e.Group}",
        _ => null,
    };

    /// <summary>An opaque pointer to the event (as @ptr is; GetLogRecord is not emulated).</summary>
    private static string Pointer(LogEvent e) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{e.Group}\n{e.Stream}\n{e.Id}"));

    private static string Format(long milliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture);
}

/// <summary>A query's rows (each its fields in order, @ptr last) and statistics: events that matched, events scanned, bytes scanned.</summary>
internal sealed record InsightsResult(IReadOnlyList<IReadOnlyList<(string Field, string Value)>> Rows, long RecordsMatched, long RecordsScanned, long BytesScanned);
