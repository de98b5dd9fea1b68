namespace OpsBot.Sandbox.Aws.CodeDeploy;

/// <summary>A deployment group with its last successful and last attempted deployments.</summary>
internal sealed record CodeDeployGroupView(CodeDeployGroup Group, CodeDeployDeployment? LastSuccessful, CodeDeployDeployment? LastAttempted);
