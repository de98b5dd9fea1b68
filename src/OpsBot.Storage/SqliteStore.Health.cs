using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace OpsBot.Storage;

internal sealed partial class SqliteStore
{
    /// <summary>What the rolled-back half of the write probe writes: enough to need new pages, so a database that cannot grow fails it.</summary>
    private const int ProbePadBytes = 64 * 1024;

    public async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.Command("SELECT COUNT(*) FROM schema_version;");
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException)
        {
            _logger.LogError(e, "Storage readiness: the database cannot be read");
            return false;
        }
    }

    public async Task<bool> CanWriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Committed: the journal takes a write (a rewrite in place needs no new page).
            await WriteAsync(async (connection, transaction) =>
            {
                await using var upsert = connection.Command("""
                    INSERT INTO storage_probe (id, at) VALUES (1, @at) ON CONFLICT (id) DO UPDATE SET at = excluded.at;
                    """, transaction).With("@at", SqliteValues.Time(_time.GetUtcNow()));
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }, cancellationToken);

            // Rolled back: the file can grow (committing it would leave free pages that later probes reuse).
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using var grow = connection.Command("UPDATE storage_probe SET pad = zeroblob(@bytes) WHERE id = 1;", transaction)
                .With("@bytes", ProbePadBytes);
            await grow.ExecuteNonQueryAsync(cancellationToken);
            await transaction.RollbackAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException)
        {
            _logger.LogError(e, "Storage readiness: a test write failed");
            return false;
        }
    }
}
