namespace OpsBot.Storage;

/// <summary>Readiness of the storage: whether the database can be opened, read and written.</summary>
public interface IStorageHealth
{
    /// <summary>
    /// Opens the database (creating or migrating its schema on first use) and runs a trivial query.
    /// Returns false instead of throwing when the database cannot be reached; cancellation still throws.
    /// </summary>
    Task<bool> CanConnectAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A test write: commits a one-row upsert, then, in a transaction it rolls back, writes enough to need new pages,
    /// so that a database that cannot grow (a full disk, a size cap) is caught even while reads still work. Returns
    /// false instead of throwing when the write fails; cancellation still throws.
    /// </summary>
    Task<bool> CanWriteAsync(CancellationToken cancellationToken);
}
