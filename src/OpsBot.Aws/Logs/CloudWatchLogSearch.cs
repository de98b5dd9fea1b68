using System.Globalization;
using OpsBot.Aws.Http;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Logs;

/// <summary>
/// A function's error lines from CloudWatch Logs Insights: one query (<see cref="ErrorLinesQuery"/>) on the function's
/// log group (<see cref="FunctionLogGroups"/>), run to its end by <see cref="InsightsQueryRunner"/> (30 s at most).
/// <para>
/// The window is capped to the last <see cref="MaxWindow"/> (24 h) before its end, because Logs Insights bills per GB
/// scanned: an older Start is moved up. StartQuery takes whole epoch seconds, both ends included, so the query asks for
/// the seconds that cover [Start, End) and the lines are then held to [Start, End) exactly.
/// </para>
/// </summary>
internal sealed class CloudWatchLogSearch(FunctionLogGroups groups, InsightsQueryRunner runner) : ILogSearch
{
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(24);

    private static readonly string[] TimestampFormats = ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK"];

    public async Task<IReadOnlyList<LogLine>> ErrorsAsync(LogQuery query, CancellationToken cancellationToken)
    {
        var end = query.End;
        var start = query.Start < end - MaxWindow ? end - MaxWindow : query.Start;
        if (end <= start)
            return [];
        var group = await groups.LogGroupAsync(query.Target, query.Version, cancellationToken);
        var input = new StartQueryInput(start.ToUnixTimeSeconds(), CeilingSeconds(end), ErrorLinesQuery.For(query.Version, query.Limit))
        {
            LogGroupNames = [group],
        };
        var what = $"on {group}{(string.IsNullOrEmpty(query.Version) ? "" : $" (version {query.Version})")}";
        var answer = await runner.RunAsync(new AwsScope(query.Target.Region, query.Target.RoleArn), input, what, cancellationToken);
        return [.. (answer.Results ?? [])
            .Select(Line)
            .OfType<LogLine>()
            .Where(l => l.Timestamp >= start && l.Timestamp < end)
            .OrderByDescending(l => l.Timestamp)
            .Take(Math.Max(query.Limit, 1))];
    }

    /// <summary>A row as a line: <c>@timestamp</c> (UTC, <c>2026-12-03 10:15:02.123</c>), <c>@message</c>, <c>@logStream</c>; null without a readable timestamp.</summary>
    private static LogLine? Line(IReadOnlyList<ResultField> row)
    {
        string? Field(string name) => row.FirstOrDefault(f => f.Field == name)?.Value;
        return DateTimeOffset.TryParseExact(Field("@timestamp"), TimestampFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var timestamp)
            ? new LogLine(timestamp, Field("@message") ?? "", Field("@logStream"))
            : null;
    }

    private static long CeilingSeconds(DateTimeOffset t)
    {
        var ms = t.ToUnixTimeMilliseconds();
        return ms / 1000 + (ms % 1000 > 0 ? 1 : 0);
    }
}
