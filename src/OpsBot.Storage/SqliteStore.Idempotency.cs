using OpsBot.Core.Ports;

namespace OpsBot.Storage;

internal sealed partial class SqliteStore : IIdempotencyStore
{
    public Task<IdempotencyClaim> ClaimAsync(string key, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var claim = connection.Command(
                "INSERT OR IGNORE INTO idempotency (\"key\", claimed_at) VALUES (@key, @now);", transaction)
                .With("@key", key)
                .With("@now", SqliteValues.Time(now));
            if (await claim.ExecuteNonQueryAsync(cancellationToken) == 1)
                return new IdempotencyClaim(true, null);

            await using var previous = connection.Command("SELECT result FROM idempotency WHERE \"key\" = @key;", transaction)
                .With("@key", key);
            return new IdempotencyClaim(false, await previous.ExecuteScalarAsync(cancellationToken) as string);
        }, cancellationToken);

    public Task CompleteAsync(string key, string result, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var complete = connection.Command("UPDATE idempotency SET result = @result WHERE \"key\" = @key;", transaction)
                .With("@key", key)
                .With("@result", result);
            await complete.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var purge = connection.Command("DELETE FROM idempotency WHERE claimed_at < @before;", transaction)
                .With("@before", SqliteValues.Time(before));
            await purge.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
}
