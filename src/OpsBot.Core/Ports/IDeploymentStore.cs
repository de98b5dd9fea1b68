using OpsBot.Core.Deployments;

namespace OpsBot.Core.Ports;

/// <summary>Another deployment of the same function alias is still active.</summary>
public sealed class ActiveDeploymentExistsException(Deployment existing)
    : Exception($"Deployment {existing.Id} of {existing.Target} is {existing.State.Describe()}, requested by {existing.RequestedBy}.")
{
    public Deployment Existing { get; } = existing;
}

/// <summary>The deployment was changed by someone else since it was loaded (its version moved on).</summary>
public sealed class ConcurrencyException(string id, long expected)
    : Exception($"Deployment {id} changed since it was read (expected version {expected}).");

/// <summary>Which deployments to list, newest first.</summary>
public sealed record DeploymentQuery(string? Environment = null, string? Function = null, int Limit = 20);

/// <summary>
/// Deployments with their timeline, samples and outbox. A save commits the entity and its <see cref="DeploymentChanges"/>
/// in one transaction, guarded by the entity's <see cref="Deployment.Version"/>.
/// </summary>
public interface IDeploymentStore
{
    /// <summary>Stores a new deployment. Enforces one active deployment per function alias, across processes.</summary>
    /// <exception cref="ActiveDeploymentExistsException">Another active deployment holds the alias.</exception>
    Task CreateAsync(Deployment deployment, DeploymentChanges changes, CancellationToken cancellationToken);

    /// <summary>Commits the entity if its stored version is still <see cref="Deployment.Version"/>, then increments the version.</summary>
    /// <exception cref="ConcurrencyException">The stored version moved on.</exception>
    Task SaveAsync(Deployment deployment, DeploymentChanges changes, CancellationToken cancellationToken);

    Task<Deployment?> GetAsync(string id, CancellationToken cancellationToken);

    Task<Deployment?> FindActiveAsync(string aliasKey, CancellationToken cancellationToken);

    Task<IReadOnlyList<Deployment>> ListActiveAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<Deployment>> ListAsync(DeploymentQuery query, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeploymentEvent>> GetEventsAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<HealthSample>> GetSamplesAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// What every deployment and rollback of the alias (<see cref="FunctionTarget.AliasKey"/>) did to it, oldest first:
    /// the whole history, not a page of it, so that "was this version ever live here" has a complete answer.
    /// </summary>
    Task<IReadOnlyList<AliasChange>> AliasHistoryAsync(FunctionTarget target, CancellationToken cancellationToken);
}
