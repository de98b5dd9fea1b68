namespace OpsBot.Sandbox.Aws.CodeDeploy;

/// <summary>Moves CodeDeploy's deployments on with the sandbox's clock.</summary>
internal sealed class CodeDeployTicker(CodeDeployWorld world) : ISandboxTicker
{
    public void Tick(DateTimeOffset now) => world.Tick(now);
}
