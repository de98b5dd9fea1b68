using OpsBot.Core.Flags;

namespace OpsBot.Core.Ports;

/// <summary>The flag change was changed by someone else since it was read (its version moved on).</summary>
public sealed class FlagChangeConcurrencyException(string id, long expected)
    : Exception($"Flag change {id} changed since it was read (expected version {expected}).");

/// <summary>
/// Flag changes with their outbox notices and audit. A save commits the entity and its <see cref="FlagChanges"/> in
/// one transaction, guarded by the entity's <see cref="FlagChange.Version"/>.
/// </summary>
public interface IFlagChangeStore
{
    Task CreateAsync(FlagChange change, FlagChanges changes, CancellationToken cancellationToken);

    /// <exception cref="FlagChangeConcurrencyException">The stored version moved on.</exception>
    Task SaveAsync(FlagChange change, FlagChanges changes, CancellationToken cancellationToken);

    Task<FlagChange?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every change not yet ended (awaiting approval, pending, deploying, stopping), oldest first.</summary>
    Task<IReadOnlyList<FlagChange>> ListActiveAsync(CancellationToken cancellationToken);

    /// <summary>The newest changes of <paramref name="environment"/> (all when null), newest first.</summary>
    Task<IReadOnlyList<FlagChange>> ListAsync(string? environment, int limit, CancellationToken cancellationToken);
}
