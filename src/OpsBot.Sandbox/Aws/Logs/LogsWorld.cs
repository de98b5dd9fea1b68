using Microsoft.Extensions.Options;
using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.Logs;

/// <summary>
/// The world's CloudWatch Logs: a log group per seed function (<c>/aws/lambda/{function}</c>), with the error lines of
/// the simulated traffic's failed invocations (<see cref="LambdaErrorLines"/>), one stream per version per day. Memory
/// stays bounded: a stream keeps its newest <see cref="MaxEventsPerStream"/> events, and a stream with nothing newer
/// than <see cref="RetentionDays"/> days is dropped.
/// </summary>
internal sealed class LogsWorld : ILambdaLogSink
{
    public const int MaxEventsPerStream = 2000;
    public const int RetentionDays = 2;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Dictionary<string, List<LogEvent>>> _groups = new(StringComparer.Ordinal);
    private long _nextId;

    public LogsWorld(IOptions<AwsEmulatorOptions> options)
    {
        AccountId = options.Value.AccountId;
        Region = options.Value.Region;
        foreach (var function in SandboxSeed.Functions)
            _groups[LambdaErrorLines.LogGroup(function)] = new Dictionary<string, List<LogEvent>>(StringComparer.Ordinal);
    }

    public string AccountId { get; }

    public string Region { get; }

    public bool HasGroup(string group)
    {
        lock (_lock)
            return _groups.ContainsKey(group);
    }

    /// <summary>Writes the error lines of one version's failures of one second to its function's group, if it has one.</summary>
    public void Write(LambdaErrorSecond errors)
    {
        var group = LambdaErrorLines.LogGroup(errors.Function);
        var day = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(errors.Second).UtcDateTime);
        var stream = LambdaErrorLines.Stream(errors.Function, errors.Version, day);
        var lines = LambdaErrorLines.Of(errors);
        lock (_lock)
        {
            if (!_groups.TryGetValue(group, out var streams))
                return;
            if (!streams.TryGetValue(stream, out var events))
                streams[stream] = events = [];
            foreach (var (timestamp, message) in lines)
                events.Add(new LogEvent(group, stream, timestamp, timestamp + 200, message, _nextId++));
            if (events.Count > MaxEventsPerStream)
                events.RemoveRange(0, events.Count - MaxEventsPerStream);
            var oldest = (errors.Second - (RetentionDays * 86_400L)) * 1000;
            foreach (var name in streams.Where(s => s.Value.Count == 0 || s.Value[^1].Timestamp < oldest).Select(s => s.Key).ToList())
                streams.Remove(name);
        }
    }

    /// <summary>The events of <paramref name="groups"/> in [<paramref name="start"/>, <paramref name="end"/>] (epoch ms), by time.</summary>
    public IReadOnlyList<LogEvent> Events(IEnumerable<string> groups, long start, long end)
    {
        lock (_lock)
        {
            return [.. groups.Distinct(StringComparer.Ordinal)
                .SelectMany(g => _groups.TryGetValue(g, out var streams) ? streams.Values.SelectMany(s => s) : [])
                .Where(e => e.Timestamp >= start && e.Timestamp <= end)
                .OrderBy(e => e.Timestamp).ThenBy(e => e.Id)];
        }
    }
}
