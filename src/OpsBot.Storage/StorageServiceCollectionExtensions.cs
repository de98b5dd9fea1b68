using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpsBot.Core.Ports;

namespace OpsBot.Storage;

/// <summary>Registers the SQLite storage adapter.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers one SQLite store, as a singleton, behind <see cref="IDeploymentStore"/>, <see cref="IOutboxStore"/>, <see cref="IFlagChangeStore"/>, <see cref="IIncidentStore"/>,
    /// <see cref="IAuditLog"/>, <see cref="IIdempotencyStore"/>, <see cref="IEnvironmentFreezes"/>,
    /// <see cref="IRetentionStore"/> and <see cref="IStorageHealth"/>. The schema is created or migrated on first use.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connectionString">
    /// A Microsoft.Data.Sqlite connection string naming a database file, e.g. <c>Data Source=opsbot.db</c>.
    /// Each operation opens its own (pooled) connection, so a private in-memory database is not supported.
    /// </param>
    /// <param name="maxSizeBytes">
    /// When set, writes that would grow the database beyond this size fail (SQLite's <c>max_page_count</c>, set on every
    /// connection), as they would on a full disk, and <see cref="IStorageHealth.CanWriteAsync"/> reports it.
    /// </param>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services, string connectionString, long? maxSizeBytes = null)
    {
        if (maxSizeBytes is { } max)
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max, nameof(maxSizeBytes));
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new SqliteStore(connectionString, sp.GetRequiredService<TimeProvider>(), maxSizeBytes, sp.GetService<ILogger<SqliteStore>>()));
        services.AddSingleton<IDeploymentStore>(sp => sp.GetRequiredService<SqliteStore>());
        services.AddSingleton<IOutboxStore>(sp => sp.GetRequiredService<SqliteStore>());
        services.AddSingleton<IFlagChangeStore>(sp => sp.GetRequiredService<SqliteStore>());
        services.AddSingleton<IIncidentStore>(sp => sp.GetRequiredService<SqliteStore>());
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<SqliteStore>());
        services.AddSingleton<IIdempotencyStore>(sp => sp.GetRequiredService<SqliteStore>());
        services.AddSingleton<IChatDirectory>(sp => sp.GetRequiredService<SqliteStore>());
        services.AddSingleton<IEnvironmentFreezes>(sp => sp.GetRequiredService<SqliteStore>());
        services.AddSingleton<IRetentionStore>(sp => sp.GetRequiredService<SqliteStore>());
        services.AddSingleton<IStorageHealth>(sp => sp.GetRequiredService<SqliteStore>());
        return services;
    }
}
