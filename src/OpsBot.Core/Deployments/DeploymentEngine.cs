namespace OpsBot.Core.Deployments;

/// <summary>Who moves the traffic of a deployment.</summary>
public enum DeploymentEngine
{
    /// <summary>OpsBot shifts the Lambda alias itself, step by step, guarded by the alias's RevisionId.</summary>
    Alias,

    /// <summary>OpsBot starts a CodeDeploy deployment and mirrors it; CodeDeploy cannot pause, so gates sit before the start.</summary>
    CodeDeploy,
}

/// <summary>What a deployment does: release a new version, or put an alias back on an earlier one.</summary>
public enum DeploymentKind
{
    Release,
    Rollback,
}
