namespace OpsBot.Sandbox.Aws.CodeDeploy;

/// <summary>A deployment group of a Lambda application: its default configuration, role, rollback settings and the alarms it lists.</summary>
internal sealed record CodeDeployGroup(
    string Application,
    string Name,
    string Id,
    string DeploymentConfigName,
    string ServiceRoleArn,
    AutoRollbackSetting AutoRollback,
    IReadOnlyList<string> Alarms);
