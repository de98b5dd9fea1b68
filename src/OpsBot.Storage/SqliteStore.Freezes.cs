using OpsBot.Core.Ports;

namespace OpsBot.Storage;

internal sealed partial class SqliteStore : IEnvironmentFreezes
{
    private const string SelectFreeze = "SELECT environment, reason, \"by\", at FROM freezes";

    // Explicit: IDeploymentStore.GetAsync(string, CancellationToken) has the same parameters.
    async Task<Freeze?> IEnvironmentFreezes.GetAsync(string environment, CancellationToken cancellationToken) =>
        (await ReadAsync($"{SelectFreeze} WHERE environment = @environment;", c => c.With("@environment", environment), ReadFreeze, cancellationToken))
        .SingleOrDefault();

    // Explicit: IDeploymentStore.ListAsync has its own overload.
    Task<IReadOnlyList<Freeze>> IEnvironmentFreezes.ListAsync(CancellationToken cancellationToken) =>
        ReadAsync($"{SelectFreeze} ORDER BY environment;", _ => { }, ReadFreeze, cancellationToken);

    private static Freeze ReadFreeze(Microsoft.Data.Sqlite.SqliteDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetTime(3));

    public Task SetAsync(Freeze freeze, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(freeze);
        return WriteAsync(async (connection, transaction) =>
        {
            await using var upsert = connection.Command("""
                INSERT INTO freezes (environment, reason, "by", at) VALUES (@environment, @reason, @by, @at)
                ON CONFLICT (environment) DO UPDATE SET reason = excluded.reason, "by" = excluded."by", at = excluded.at;
                """, transaction)
                .With("@environment", freeze.Environment)
                .With("@reason", freeze.Reason)
                .With("@by", freeze.By)
                .With("@at", SqliteValues.Time(freeze.At));
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    public Task ClearAsync(string environment, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var clear = connection.Command("DELETE FROM freezes WHERE environment = @environment;", transaction)
                .With("@environment", environment);
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
}
