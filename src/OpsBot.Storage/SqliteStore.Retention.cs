using OpsBot.Core.Ports;

namespace OpsBot.Storage;

internal sealed partial class SqliteStore : IRetentionStore
{
    public Task<PurgedRows> PurgeAsync(DateTimeOffset before, DateTimeOffset auditBefore, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            async Task<int> DeleteAsync(string sql, DateTimeOffset cutoff)
            {
                await using var delete = connection.Command(sql, transaction).With("@before", SqliteValues.Time(cutoff));
                return await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            // Pending notices stay whatever their age: only what was delivered or given up is history.
            var notices = await DeleteAsync("DELETE FROM outbox WHERE sent_at < @before OR failed_at < @before;", before);
            // An active deployment still draws its card and chart from its samples.
            var samples = await DeleteAsync("""
                DELETE FROM health_samples
                WHERE period_start < @before
                  AND deployment_id IN (SELECT id FROM deployments WHERE active_key IS NULL);
                """, before);
            var keys = await DeleteAsync("DELETE FROM idempotency WHERE claimed_at < @before;", before);
            var audit = await DeleteAsync("DELETE FROM audit WHERE at < @before;", auditBefore);
            return new PurgedRows(notices, samples, keys, audit);
        }, cancellationToken);
}
