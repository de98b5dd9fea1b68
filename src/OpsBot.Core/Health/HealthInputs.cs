using OpsBot.Core.Ports;

namespace OpsBot.Core.Health;

/// <summary>The metric periods read for one deployment this poll: [Start, End) for both versions.</summary>
public sealed record MetricWindow(DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<MetricPoint> Canary, IReadOnlyList<MetricPoint> Stable);

/// <summary>A metric probe's periods this poll (or why they could not be read), with its settings.</summary>
public sealed record CheckReading(string Name, ProbeOptions Options, IReadOnlyList<CheckPoint> Points, string? Error = null);

/// <summary>What was read for one deployment this poll. A null part was not read this time (not the same as an error).</summary>
public sealed record HealthInputs
{
    public MetricWindow? Metrics { get; init; }

    public string? MetricsError { get; init; }

    public IReadOnlyDictionary<string, AlarmStatus>? Alarms { get; init; }

    public string? AlarmsError { get; init; }

    public IReadOnlyList<ProbeResult> Probes { get; init; } = [];

    /// <summary>The metric probes read this poll (absent: nothing new to read).</summary>
    public IReadOnlyList<CheckReading> Checks { get; init; } = [];
}
