namespace OpsBot.Core.Flags;

/// <summary>Where a flag change stands (see <c>FlagChangeWorkflow</c>).</summary>
public enum FlagChangeState
{
    /// <summary>Committed and allowed; the runner has not yet created and deployed the new hosted version.</summary>
    Pending,

    /// <summary>Turns a flag on in an environment with gates: waits for an approver (a second person where four eyes apply).</summary>
    AwaitingApproval,

    /// <summary>AppConfig is deploying the new version (the runner follows it each poll).</summary>
    Deploying,

    /// <summary>A person asked to stop it (or to revert it, when complete); the runner tells AppConfig.</summary>
    Stopping,

    Completed,

    /// <summary>Stopped by a person before it completed; AppConfig keeps the previous version.</summary>
    Stopped,

    /// <summary>AppConfig rolled it back on its own (an alarm of the environment's monitors).</summary>
    RolledBack,

    /// <summary>A person reverted it after it completed (within AppConfig's 72 hours).</summary>
    Reverted,

    /// <summary>AppConfig refused it, or the flags changed meanwhile; nothing was deployed.</summary>
    Failed,

    /// <summary>Rejected by an approver, cancelled by its requester, or its approval timed out.</summary>
    Rejected,
}

/// <summary>What a person can do to a flag change (a command or a card's button).</summary>
public enum FlagAction
{
    Approve,
    Reject,
    Stop,
    Revert,
}
