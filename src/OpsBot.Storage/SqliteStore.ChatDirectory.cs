using OpsBot.Core.Ports;

namespace OpsBot.Storage;

internal sealed partial class SqliteStore : IChatDirectory
{
    public Task SaveAsync(string platform, string key, string value, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var save = connection.Command(
                """
                INSERT INTO chat_directory (platform, "key", value, updated_at) VALUES (@platform, @key, @value, @now)
                ON CONFLICT (platform, "key") DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;
                """, transaction)
                .With("@platform", platform)
                .With("@key", key)
                .With("@value", value)
                .With("@now", SqliteValues.Time(_time.GetUtcNow()));
            await save.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public async Task<string?> GetAsync(string platform, string key, CancellationToken cancellationToken) =>
        (await ReadAsync("SELECT value FROM chat_directory WHERE platform = @platform AND \"key\" = @key;",
            c => c.With("@platform", platform).With("@key", key), r => r.GetString(0), cancellationToken)).FirstOrDefault();

    public Task<int> PurgeAsync(string platform, string keyPrefix, DateTimeOffset before, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var purge = connection.Command(
                "DELETE FROM chat_directory WHERE platform = @platform AND substr(\"key\", 1, length(@prefix)) = @prefix AND updated_at < @before;", transaction)
                .With("@platform", platform)
                .With("@prefix", keyPrefix)
                .With("@before", SqliteValues.Time(before));
            return await purge.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
}
