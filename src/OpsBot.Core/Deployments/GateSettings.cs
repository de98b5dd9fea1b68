namespace OpsBot.Core.Deployments;

/// <summary>The gates of an environment, copied into each deployment when it starts so that a configuration change does not alter one in flight.</summary>
public sealed record GateSettings
{
    /// <summary>A person must approve before any traffic moves.</summary>
    public bool StartApproval { get; init; }

    /// <summary>A person must promote after the first step has baked healthy.</summary>
    public bool PromotionApproval { get; init; }

    /// <summary>The requester's approval does not count towards a gate.</summary>
    public bool FourEyes { get; init; }

    /// <summary>How many distinct people must pass a gate.</summary>
    public int RequiredApprovers { get; init; } = 1;

    public TimeSpan ApprovalTimeout { get; init; } = TimeSpan.FromHours(4);

    public TimeSpan PromotionTimeout { get; init; } = TimeSpan.FromHours(24);
}

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

/// <summary>A freeze holding a deployment: who froze the environment, why, and since when this deployment has been held.</summary>
public sealed record FreezeHold(string By, string Reason, DateTimeOffset Since);

/// <summary>Where a function lives and how it is reached.</summary>
public sealed record FunctionTarget
{
    public required string Environment { get; init; }

    public required string Function { get; init; }

    public required string Alias { get; init; }

    public string? Region { get; init; }

    public string? RoleArn { get; init; }

    public string? CodeDeployApplication { get; init; }

    public string? CodeDeployGroup { get; init; }

    /// <summary>The lock key: one active deployment per function alias per environment.</summary>
    public string AliasKey => $"{Environment}/{Function}:{Alias}";

    public override string ToString() => $"{Function}:{Alias} ({Environment})";
}

/// <summary>A person who passed (part of) a gate.</summary>
public sealed record Approval(string By, string Gate, DateTimeOffset At);
