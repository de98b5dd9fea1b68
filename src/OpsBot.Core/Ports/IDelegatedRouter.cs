using OpsBot.Core.Deployments;

namespace OpsBot.Core.Ports;

public enum DelegatedStatus
{
    InProgress,
    Succeeded,
    Failed,
    Stopped,
}

/// <summary>A deployment run by a service that shifts traffic by itself, as OpsBot last saw it.</summary>
public sealed record DelegatedDeployment(string Id, DelegatedStatus Status, string? Message = null);

/// <summary>
/// The <c>codedeploy</c> engine: a service that shifts an alias over time on its own (CodeDeploy). OpsBot starts it,
/// mirrors it, and stops it with rollback on a breach. It cannot pause mid-shift.
/// </summary>
public interface IDelegatedRouter
{
    /// <summary>Why the service cannot run <paramref name="plan"/> (with a hint), or null when it can.</summary>
    string? CannotRun(DeploymentPlan plan);

    /// <summary>The id of a deployment of this function that the service is running now, whoever started it.</summary>
    Task<string?> FindInProgressAsync(FunctionTarget target, CancellationToken cancellationToken);

    /// <summary>Starts the service's deployment of <paramref name="deployment"/>; idempotent per OpsBot deployment id.</summary>
    Task<string> StartAsync(Deployment deployment, CancellationToken cancellationToken);

    Task<DelegatedDeployment> GetAsync(FunctionTarget target, string id, CancellationToken cancellationToken);

    /// <summary>Stops the service's deployment; with <paramref name="rollback"/>, the service restores the previous version.</summary>
    Task StopAsync(FunctionTarget target, string id, bool rollback, CancellationToken cancellationToken);
}
