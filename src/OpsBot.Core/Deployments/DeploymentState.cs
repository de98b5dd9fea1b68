namespace OpsBot.Core.Deployments;

/// <summary>
/// Where a deployment is in its lifecycle. Persisted by name, so members may be added but never renamed.
/// </summary>
public enum DeploymentState
{
    /// <summary>Created, not yet submitted; never persisted on its own (start submits in the same commit).</summary>
    Pending,

    /// <summary>Waiting for the start gate: no traffic has moved.</summary>
    AwaitingApproval,

    /// <summary>Moving traffic to the current step's weight (alias engine), or CodeDeploy has been asked to.</summary>
    Shifting,

    /// <summary>Holding the current step's weight while health is watched for the step's bake time.</summary>
    Baking,

    /// <summary>Holding the current weights with health checks armed; a person's Resume continues the plan.</summary>
    Paused,

    /// <summary>The first step baked healthy; waiting for the promotion gate. Health checks stay armed.</summary>
    AwaitingPromotion,

    /// <summary>Moving the last of the traffic (to 100%) onto the new version.</summary>
    Promoting,

    /// <summary>Terminal: the new version takes all traffic.</summary>
    Succeeded,

    /// <summary>Restoring the stable version with 0% to the new one; verified by reading the alias back.</summary>
    RollingBack,

    /// <summary>Terminal: the alias was verified back on the version it was rolled back to.</summary>
    RolledBack,

    /// <summary>Not terminal: the rollback could not be completed. Keeps the alias locked and pages until a person's rollback succeeds.</summary>
    RollbackFailed,

    /// <summary>Terminal: the start gate was refused or expired before any traffic moved.</summary>
    Rejected,
}

public static class DeploymentStates
{
    public static bool IsTerminal(this DeploymentState state) =>
        state is DeploymentState.Succeeded or DeploymentState.RolledBack or DeploymentState.Rejected;

    /// <summary>States in which new-version traffic may be flowing, so health checks are armed.</summary>
    public static bool IsHealthArmed(this DeploymentState state) =>
        state is DeploymentState.Baking or DeploymentState.AwaitingPromotion or DeploymentState.Paused;

    /// <summary>How the state reads in a sentence: "deployment dep-x is {Describe}".</summary>
    public static string Describe(this DeploymentState state) => state switch
    {
        DeploymentState.Pending => "pending",
        DeploymentState.AwaitingApproval => "awaiting approval to start",
        DeploymentState.Shifting => "shifting traffic",
        DeploymentState.Baking => "baking",
        DeploymentState.Paused => "paused",
        DeploymentState.AwaitingPromotion => "awaiting promotion",
        DeploymentState.Promoting => "promoting to 100%",
        DeploymentState.Succeeded => "finished (succeeded)",
        DeploymentState.RollingBack => "rolling back",
        DeploymentState.RolledBack => "finished (rolled back)",
        DeploymentState.RollbackFailed => "in a failed rollback",
        DeploymentState.Rejected => "finished (rejected)",
        _ => state.ToString(),
    };
}
