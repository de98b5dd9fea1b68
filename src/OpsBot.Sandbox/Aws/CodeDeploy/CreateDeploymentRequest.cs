namespace OpsBot.Sandbox.Aws.CodeDeploy;

/// <summary>What CreateDeployment asks for (the members a Lambda deployment uses); <see cref="AutoRollback"/> null means the group's.</summary>
internal sealed record CreateDeploymentRequest(
    string? Application,
    string? Group,
    string? RevisionType,
    string? Content,
    string? Sha256,
    string? ConfigName,
    string? Description,
    AutoRollbackSetting? AutoRollback);
