using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OpsBot.Storage;

/// <summary>
/// All storage ports on one SQLite file. Every operation opens its own connection (Microsoft.Data.Sqlite pools them)
/// and every write runs in a <c>BEGIN IMMEDIATE</c> transaction: the write lock is taken up front, so concurrent
/// writers queue on <c>busy_timeout</c> instead of failing with SQLITE_BUSY when a read lock cannot be upgraded.
/// </summary>
internal sealed partial class SqliteStore : IStorageHealth
{
    private readonly string _connectionString;
    private readonly TimeProvider _time;
    private readonly long? _maxSizeBytes;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;
    private volatile string _connectionPragmas = SqliteSchema.ConnectionPragmas;

    public SqliteStore(string connectionString, TimeProvider time, long? maxSizeBytes = null, ILogger<SqliteStore>? logger = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _connectionString = connectionString;
        _time = time;
        _maxSizeBytes = maxSizeBytes;
    }

    /// <summary>An open connection with the per-connection pragmas set, after the schema is in place.</summary>
    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_schemaReady)
            await EnsureSchemaAsync(cancellationToken);
        return await OpenConnectionAsync(cancellationToken);
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = connection.Command(_connectionPragmas);
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
                return;
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await SqliteSchema.MigrateAsync(connection, _time.GetUtcNow(), cancellationToken);
            if (_maxSizeBytes is { } max)
            {
                // max_page_count counts pages and lives on each connection, not in the file; below the current size it
                // stops at the current size.
                await using var pageSize = connection.Command("PRAGMA page_size;");
                var pages = Math.Max(1, max / (long)(await pageSize.ExecuteScalarAsync(cancellationToken))!);
                _connectionPragmas = $"{SqliteSchema.ConnectionPragmas}\nPRAGMA max_page_count = {pages};";
            }
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> in a write transaction and commits it; an exception rolls everything back.</summary>
    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var result = await work(connection, transaction);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private Task WriteAsync(Func<SqliteConnection, SqliteTransaction, Task> work, CancellationToken cancellationToken) =>
        WriteAsync<bool>(async (c, t) =>
        {
            await work(c, t);
            return true;
        }, cancellationToken);

    /// <summary>Runs a query outside any transaction and maps each row.</summary>
    private async Task<IReadOnlyList<T>> ReadAsync<T>(
        string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.Command(sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(map(reader));
        return rows;
    }
}
