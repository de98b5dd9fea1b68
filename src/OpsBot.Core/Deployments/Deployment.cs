
namespace OpsBot.Core.Deployments;

/// <summary>
/// The persisted aggregate. Built by <see cref="NewDeployment"/>, changed only through <see cref="DeploymentWorkflow"/>
/// (its intents and observations): the runner and the use cases load it, act through the workflow, and save it with
/// its <see cref="Version"/> as the optimistic lock, which storage alone sets. Setters are public only because the
/// workflow is another class; a test fails when code outside <c>Deployments/</c> writes one.
/// </summary>
public sealed class Deployment
{
    public required string Id { get; init; }

    public DeploymentKind Kind { get; init; } = DeploymentKind.Release;

    public required FunctionTarget Target { get; init; }

    /// <summary>The version that had all traffic when the deployment started (the one a rollback restores).</summary>
    public required string StableVersion { get; init; }

    /// <summary>The version being released (for a rollback deployment: the version being rolled back from).</summary>
    public required string TargetVersion { get; init; }

    public DeploymentEngine Engine { get; init; }

    public required DeploymentPlan Plan { get; init; }

    public required HealthThresholds Thresholds { get; init; }

    public required GateSettings Gates { get; init; }

    public IReadOnlyList<string> Alarms { get; init; } = [];

    /// <summary>Health probes (by name) that guard this deployment.</summary>
    public IReadOnlyList<string> Probes { get; init; } = [];

    public required string RequestedBy { get; init; }

    /// <summary>The chat channel the deployment reports to, if any.</summary>
    public string? Channel { get; init; }

    /// <summary>The platform of <see cref="Channel"/> ("slack", "teams").</summary>
    public string? ChatPlatform { get; init; }

    /// <summary>
    /// Why the person asked for this deployment (<c>--reason</c> on <c>/deploy</c> or <c>/rollback</c>), shown on the card
    /// and in the thread's first line; null when none was given and for a deployment stored before the field existed.
    /// Not <see cref="Reason"/>, which says why it ended.
    /// </summary>
    public string? RequestReason { get; init; }

    /// <summary>Feature flags to turn on once it has succeeded (<c>--enable-flag</c>): a follow-up flag change, never after a rollback.</summary>
    public IReadOnlyList<string> EnableFlags { get; init; } = [];

    /// <summary>An admin's reason for skipping the gates, audited.</summary>
    public string? GateSkipReason { get; init; }

    public DeploymentState State { get; set; } = DeploymentState.Pending;

    /// <summary>Row version: incremented by the store on every save; the optimistic lock.</summary>
    public long Version { get; set; }

    /// <summary>State version: incremented on every transition; buttons carry it, so a click on a card drawn for an earlier state changes nothing.</summary>
    public long StateVersion { get; set; }

    /// <summary>Index of the step being shifted to or baked; -1 before the first shift.</summary>
    public int StepIndex { get; set; } = -1;

    /// <summary>Percentage of traffic on the new version, as last set or observed.</summary>
    public int Weight { get; set; }

    /// <summary>The alias RevisionId OpsBot last set or adopted; a different one means someone else changed the alias.</summary>
    public string? AliasRevision { get; set; }

    /// <summary>The CodeDeploy deployment id, for the codedeploy engine.</summary>
    public string? ExternalId { get; set; }

    public bool ExternalStopRequested { get; set; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset StateSince { get; set; }

    /// <summary>When the current step's bake started; moved forward by the time spent paused.</summary>
    public DateTimeOffset? BakeStartedAt { get; set; }

    public DateTimeOffset? PausedAt { get; set; }

    public string? PauseReason { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Why the deployment ended or is rolling back, in words an operator reads on the card.</summary>
    public string? Reason { get; set; }

    public IReadOnlyList<Approval> Approvals { get; set; } = [];

    /// <summary>The version a rollback restores: the stable version unless a person named another.</summary>
    public string? RollbackVersion { get; set; }

    public int RollbackAttempts { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? LastPagedAt { get; set; }

    public HealthTracking Health { get; set; } = new();

    /// <summary>A freeze of the environment holding the deployment where it is (no forward movement until it lifts); null when not held.</summary>
    public FreezeHold? FreezeHold { get; set; }

    /// <summary>
    /// Why a step that baked waits for a person although the plan would have moved on: its bake saw too little traffic
    /// to judge ("not enough traffic to judge (3 of 20 invocations)"). Null otherwise.
    /// </summary>
    public string? EvidenceShortfall { get; set; }

    /// <summary>The environment's limits an admin exceeded at the start (with <c>--skip-approval --reason</c>), for the card and the audit.</summary>
    public IReadOnlyList<string> ExceededLimits { get; init; } = [];

    public PlanStep? CurrentStep => StepIndex >= 0 && StepIndex < Plan.Steps.Count ? Plan[StepIndex] : null;

    public bool IsActive => !State.IsTerminal();

    public string RestoreVersion => RollbackVersion ?? StableVersion;

    public override string ToString() => $"{Id} {Target} {StableVersion}→{TargetVersion} {State}";
}
