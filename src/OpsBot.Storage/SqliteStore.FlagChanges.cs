using OpsBot.Core.Flags;
using OpsBot.Core.Ports;

namespace OpsBot.Storage;

internal sealed partial class SqliteStore : IFlagChangeStore
{
    private static readonly JsonTable<FlagChange> FlagChangesTable = new(
        "flag_changes", c => c.Id, c => c.Environment, c => c.State.ToString(), c => c.IsActive, c => c.CreatedAt, c => c.UpdatedAt,
        c => c.Entity, c => c.Version, (c, v) => c.Version = v, (id, expected) => new FlagChangeConcurrencyException(id, expected));

    Task IFlagChangeStore.CreateAsync(FlagChange change, FlagChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(changes);
        return CreateJsonAsync(FlagChangesTable, change, changes.Notices, changes.Audit, cancellationToken);
    }

    Task IFlagChangeStore.SaveAsync(FlagChange change, FlagChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(changes);
        return SaveJsonAsync(FlagChangesTable, change, changes.Notices, changes.Audit, cancellationToken);
    }

    Task<FlagChange?> IFlagChangeStore.GetAsync(string id, CancellationToken cancellationToken) => GetJsonAsync(FlagChangesTable, id, cancellationToken);

    Task<IReadOnlyList<FlagChange>> IFlagChangeStore.ListActiveAsync(CancellationToken cancellationToken) =>
        ListActiveJsonAsync(FlagChangesTable, cancellationToken);

    Task<IReadOnlyList<FlagChange>> IFlagChangeStore.ListAsync(string? environment, int limit, CancellationToken cancellationToken) =>
        ListJsonAsync(FlagChangesTable, environment, limit, cancellationToken);
}
