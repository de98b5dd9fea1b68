using OpsBot.Core.Deployments;

namespace OpsBot.Core.Flags;

/// <summary>One flag a change sets: from the value the person saw deployed to the new one.</summary>
public sealed record FlagSetting(string Name, bool From, bool To);

/// <summary>
/// One change of an environment's feature flags, as a person asked for it and as AppConfig carried it out: the
/// settings, the strategy, the gate it passed, AppConfig's hosted version and deployment once started, and how it ended.
/// Changed only through <see cref="FlagChangeWorkflow"/> (built by <see cref="NewFlagChange"/>); the row version that
/// storage sets is the one exemption.
/// </summary>
public sealed class FlagChange
{
    public const string IdPrefix = "flg-";

    public required string Id { get; init; }

    /// <summary>OpsBot's environment (its AppConfig application, environment and profile come from configuration).</summary>
    public required string Environment { get; init; }

    public required IReadOnlyList<FlagSetting> Settings { get; init; }

    /// <summary>The AppConfig deployment strategy (name or id).</summary>
    public required string Strategy { get; init; }

    /// <summary>The emergency path (<c>/rollback flags</c>): never gated, stops what is in its way.</summary>
    public bool Emergency { get; init; }

    /// <summary>With the emergency path: stop a deployment in the way that OpsBot did not start (<c>--force</c>).</summary>
    public bool Force { get; init; }

    /// <summary>The deployment this change follows (<c>/deploy … --enable-flag</c>): approved with it, made once it succeeded.</summary>
    public string? FollowUpOf { get; init; }

    /// <summary>The environment's gates when it was asked for (an approval applies only when it turns a flag on).</summary>
    public required GateSettings Gates { get; init; }

    public required string RequestedBy { get; init; }

    public string? RequestReason { get; init; }

    public string? Channel { get; init; }

    public string? ChatPlatform { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public FlagChangeState State { get; set; }

    /// <summary>Incremented on every save (optimistic concurrency); set by storage.</summary>
    public long Version { get; set; }

    /// <summary>Incremented on every transition (not on progress): a card's buttons carry it, so a stale click changes nothing.</summary>
    public long StateVersion { get; set; }

    public IReadOnlyList<Approval> Approvals { get; set; } = [];

    /// <summary>The hosted version it created, once started.</summary>
    public int? HostedVersion { get; set; }

    /// <summary>AppConfig's deployment number, once started.</summary>
    public int? DeploymentNumber { get; set; }

    /// <summary>AppConfig's deployment state as last read (DEPLOYING, BAKING, COMPLETE, …).</summary>
    public string? AppConfigState { get; set; }

    public double? PercentComplete { get; set; }

    /// <summary>While <see cref="FlagChangeState.Stopping"/>: whether a completed change is being reverted.</summary>
    public bool Reverting { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Why it stopped, failed, was rolled back or rejected.</summary>
    public string? Reason { get; set; }

    /// <summary>True when it turns any flag on: such a change passes the gates and the freeze.</summary>
    public bool TurnsOn => Settings.Any(s => s.To && !s.From);

    public bool IsActive => State is FlagChangeState.Pending or FlagChangeState.AwaitingApproval or FlagChangeState.Deploying or FlagChangeState.Stopping;

    /// <summary>Whether an approval applies: it turns a flag on where the environment has gates, and is not the emergency path.</summary>
    public bool NeedsApproval => !Emergency && FollowUpOf is null && TurnsOn && (Gates.StartApproval || Gates.PromotionApproval);

    public EntityRef Entity => FlagChangeEntity.Of(Id);

    /// <summary>"enable_new_api_endpoint on, enable_enhanced_processing off".</summary>
    public string Describe() => string.Join(", ", Settings.Select(s => $"{s.Name} {(s.To ? "on" : "off")}"));
}

/// <summary>The outbox's and chat messages' key for a flag change.</summary>
public static class FlagChangeEntity
{
    public const string Kind = "flag-change";

    public static EntityRef Of(string id) => new(Kind, id);
}
