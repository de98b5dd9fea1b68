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
