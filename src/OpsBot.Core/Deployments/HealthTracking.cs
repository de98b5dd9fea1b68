namespace OpsBot.Core.Deployments;

/// <summary>
/// Counters and the last verdict of a deployment's health analysis, persisted with it. Immutable: the analyzer
/// returns the next one, and only the workflow puts it on the deployment.
/// </summary>
public sealed record HealthTracking
{
    public int ErrorRateBreaches { get; init; }

    public int ProbeFailures { get; init; }

    /// <summary>Consecutive breaching periods of each metric probe, by name (absent: none).</summary>
    public IReadOnlyDictionary<string, int> CheckBreaches { get; init; } = Empty;

    /// <summary>The first value each metric probe judged relative to the start (a queue's depth) read in this deployment.</summary>
    public IReadOnlyDictionary<string, double> CheckBaselines { get; init; } = EmptyBaselines;

    /// <summary>Consecutive polls whose checks (or traffic actions) could not be completed because a provider failed.</summary>
    public int ProviderErrors { get; init; }

    /// <summary>End of the last metric period judged; the next poll judges the periods after it.</summary>
    public DateTimeOffset? JudgedUntil { get; init; }

    public HealthReport? Last { get; init; }

    /// <summary>Periods judged (with at least <c>MinInvocations</c>) since the current step's traffic shift: the evidence its bake saw.</summary>
    public int JudgedPeriods { get; init; }

    /// <summary>The most invocations of the new version seen in one period since the current step's shift.</summary>
    public double MostInvocations { get; init; }

    private static readonly IReadOnlyDictionary<string, int> Empty = new Dictionary<string, int>();
    private static readonly IReadOnlyDictionary<string, double> EmptyBaselines = new Dictionary<string, double>();
}
