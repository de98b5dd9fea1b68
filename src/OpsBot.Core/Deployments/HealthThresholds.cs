namespace OpsBot.Core.Deployments;

/// <summary>When the new version is judged unhealthy. Percentages as operators say them (5 = 5%).</summary>
public sealed record HealthThresholds
{
    public double ErrorRatePercent { get; init; } = 5;

    public double AverageDurationMs { get; init; } = 10_000;

    /// <summary>Consecutive bad periods (error rate) or polls (health probes) before a rollback.</summary>
    public int ConsecutivePeriods { get; init; } = 2;

    /// <summary>A period with fewer invocations of the new version is not judged.</summary>
    public int MinInvocations { get; init; } = 20;

    /// <summary>
    /// Judged periods a step's bake must have seen before it passes on its own; with fewer (too little traffic) the
    /// step waits for a person. Steps without a bake are exempt. 0 (no evidence needed) for deployments stored before.
    /// </summary>
    public int MinJudgedPeriods { get; init; }
}
