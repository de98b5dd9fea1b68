namespace OpsBot.Core.Health;

/// <summary>Counters and the last verdict of a deployment's health analysis, persisted with it.</summary>
public sealed class HealthTracking
{
    public int ErrorRateBreaches { get; set; }

    public int ProbeFailures { get; set; }

    /// <summary>Consecutive polls whose checks (or traffic actions) could not be completed because a provider failed.</summary>
    public int ProviderErrors { get; set; }

    /// <summary>End of the last metric period judged; the next poll judges the periods after it.</summary>
    public DateTimeOffset? JudgedUntil { get; set; }

    public HealthReport? Last { get; set; }

    /// <summary>Periods judged (with at least <c>MinInvocations</c>) since the current step's traffic shift: the evidence its bake saw.</summary>
    public int JudgedPeriods { get; set; }

    /// <summary>The most invocations of the new version seen in one period since the current step's shift.</summary>
    public double MostInvocations { get; set; }
}
