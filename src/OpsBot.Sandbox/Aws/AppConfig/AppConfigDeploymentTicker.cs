namespace OpsBot.Sandbox.Aws.AppConfig;

/// <summary>Moves AppConfig's deployments on with the simulated clock.</summary>
internal sealed class AppConfigDeploymentTicker(AppConfigWorld world) : ISandboxTicker
{
    public void Tick(DateTimeOffset now) => world.Advance(now);
}
