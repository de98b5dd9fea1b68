using OpsBot.Core.Ports;

namespace OpsBot.Testing;

/// <summary>Error lines of functions from a script (per function and version), answering queries like the log service would; counts and keeps the queries.</summary>
public sealed class FakeLogSearch : ILogSearch
{
    private readonly List<(string Function, string Version, LogLine Line)> _lines = [];

    public List<LogQuery> Queries { get; } = [];

    /// <summary>When set, every query throws this message (the log service unreadable).</summary>
    public string? Outage { get; set; }

    public void Add(string function, string version, DateTimeOffset at, string message)
    {
        lock (_lines)
            _lines.Add((function, version, new LogLine(at, message, $"{at:yyyy/MM/dd}/[{version}]0123456789abcdef0123456789abcdef")));
    }

    public Task<IReadOnlyList<LogLine>> ErrorsAsync(LogQuery query, CancellationToken cancellationToken)
    {
        lock (_lines)
        {
            Queries.Add(query);
            if (Outage is { } outage)
                throw new InvalidOperationException(outage);
            IReadOnlyList<LogLine> found = [.. _lines
                .Where(l => l.Function == query.Target.Function && (query.Version is null || l.Version == query.Version) &&
                            l.Line.Timestamp >= query.Start && l.Line.Timestamp < query.End)
                .Select(l => l.Line)
                .OrderByDescending(l => l.Timestamp)
                .Take(query.Limit)];
            return Task.FromResult(found);
        }
    }
}
