using System.Collections.Concurrent;
using OpsBot.Core.Ports;

namespace OpsBot.Testing;

/// <summary>CloudWatch alarms held in memory (the same in every environment); every alarm a test names exists and is OK unless set otherwise.</summary>
public sealed class ScriptedAlarms : IAlarmSource
{
    private readonly ConcurrentDictionary<string, AlarmStatus> _states = new();

    public int Calls;

    /// <summary>When set, every call throws this message.</summary>
    public string? Outage { get; set; }

    /// <summary>Names that do not exist (answered as absent).</summary>
    public HashSet<string> Missing { get; } = [];

    public AlarmStatus Set(string name, AlarmState state, string? reason = null) => _states[name] = new AlarmStatus(name, state, reason);

    public Task<IReadOnlyDictionary<AlarmQuery, AlarmStatus>> GetAsync(IReadOnlyCollection<AlarmQuery> alarms, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        if (Outage is { } outage)
            throw new HttpRequestException(outage);
        var answer = alarms.Where(a => !Missing.Contains(a.Name))
            .ToDictionary(a => a, a => _states.GetValueOrDefault(a.Name) ?? new AlarmStatus(a.Name, AlarmState.Ok));
        return Task.FromResult<IReadOnlyDictionary<AlarmQuery, AlarmStatus>>(answer);
    }
}

/// <summary>Health probes of one type whose answers the test sets (per probe name; healthy unless set).</summary>
public sealed class FakeProbe(string type) : IHealthProbe
{
    public string Type => type;

    /// <summary>The answer of every probe of this type not set by name.</summary>
    public bool Healthy { get; set; } = true;

    public Dictionary<string, bool> ByName { get; } = new(StringComparer.Ordinal);

    public int Checks;

    public IEnumerable<string> Validate(ProbeOptions options) => [];

    public Task<ProbeResult> CheckAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Checks);
        var healthy = ByName.GetValueOrDefault(request.Name, Healthy);
        return Task.FromResult(new ProbeResult(request.Name, healthy, healthy ? "ping ok" : "connection refused")
        {
            Measured = healthy ? "reachable" : "connection refused",
            Threshold = "reachable",
        });
    }
}
