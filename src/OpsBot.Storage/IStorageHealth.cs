namespace OpsBot.Storage;

/// <summary>Readiness of the storage: whether the database can be opened and its schema is in place.</summary>
public interface IStorageHealth
{
    /// <summary>
    /// Opens the database (creating or migrating its schema on first use) and runs a trivial query.
    /// Returns false instead of throwing when the database cannot be reached; cancellation still throws.
    /// </summary>
    Task<bool> CanConnectAsync(CancellationToken cancellationToken);
}
