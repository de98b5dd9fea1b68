using OpsBot.Core.Incidents;

namespace OpsBot.Core.Ports;

/// <summary>The incident was changed by someone else since it was read (its version moved on).</summary>
public sealed class IncidentConcurrencyException(string id, long expected)
    : Exception($"Incident {id} changed since it was read (expected version {expected}).");

/// <summary>
/// Incidents with their outbox notices and audit. A save commits the entity and its <see cref="IncidentChanges"/> in
/// one transaction, guarded by the entity's <see cref="Incident.Version"/>.
/// </summary>
public interface IIncidentStore
{
    Task CreateAsync(Incident incident, IncidentChanges changes, CancellationToken cancellationToken);

    /// <exception cref="IncidentConcurrencyException">The stored version moved on.</exception>
    Task SaveAsync(Incident incident, IncidentChanges changes, CancellationToken cancellationToken);

    Task<Incident?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every incident not resolved, oldest first.</summary>
    Task<IReadOnlyList<Incident>> ListOpenAsync(CancellationToken cancellationToken);

    /// <summary>The newest incidents of <paramref name="environment"/> (all when null), newest first.</summary>
    Task<IReadOnlyList<Incident>> ListAsync(string? environment, int limit, CancellationToken cancellationToken);
}
