using Microsoft.Data.Sqlite;
using OpsBot.Core.Flags;
using OpsBot.Core.Ports;

namespace OpsBot.Storage;

internal sealed partial class SqliteStore : IFlagChangeStore
{
    private const string SelectFlagChange = "SELECT version, body FROM flag_changes";

    async Task IFlagChangeStore.CreateAsync(FlagChange change, FlagChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(changes);
        var next = change.Version + 1;
        await WriteAsync(async (connection, transaction) =>
        {
            await using var insert = connection.Command("""
                INSERT INTO flag_changes (id, environment, state, version, active, created_at, updated_at, body)
                VALUES (@id, @environment, @state, @version, @active, @createdAt, @updatedAt, @body);
                """, transaction);
            await BindFlagChange(insert, change, next)
                .With("@environment", change.Environment)
                .With("@createdAt", SqliteValues.Time(change.CreatedAt))
                .ExecuteNonQueryAsync(cancellationToken);
            await WriteFlagChangesAsync(connection, transaction, change, changes, cancellationToken);
        }, cancellationToken);
        change.Version = next;
    }

    async Task IFlagChangeStore.SaveAsync(FlagChange change, FlagChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(changes);
        var expected = change.Version;
        await WriteAsync(async (connection, transaction) =>
        {
            await using var update = connection.Command("""
                UPDATE flag_changes SET state = @state, version = @version, active = @active, updated_at = @updatedAt, body = @body
                WHERE id = @id AND version = @expected;
                """, transaction);
            if (await BindFlagChange(update, change, expected + 1).With("@expected", expected).ExecuteNonQueryAsync(cancellationToken) == 0)
                throw new FlagChangeConcurrencyException(change.Id, expected);
            await WriteFlagChangesAsync(connection, transaction, change, changes, cancellationToken);
        }, cancellationToken);
        change.Version = expected + 1;
    }

    async Task<FlagChange?> IFlagChangeStore.GetAsync(string id, CancellationToken cancellationToken) =>
        (await ReadAsync($"{SelectFlagChange} WHERE id = @id;", c => c.With("@id", id), ReadFlagChange, cancellationToken)).SingleOrDefault();

    Task<IReadOnlyList<FlagChange>> IFlagChangeStore.ListActiveAsync(CancellationToken cancellationToken) =>
        ReadAsync($"{SelectFlagChange} WHERE active = 1 ORDER BY created_at, rowid;", _ => { }, ReadFlagChange, cancellationToken);

    Task<IReadOnlyList<FlagChange>> IFlagChangeStore.ListAsync(string? environment, int limit, CancellationToken cancellationToken) =>
        ReadAsync($"""
            {SelectFlagChange}
            WHERE (@environment IS NULL OR environment = @environment)
            ORDER BY created_at DESC, rowid DESC
            LIMIT @limit;
            """,
            c => c.With("@environment", environment).With("@limit", limit), ReadFlagChange, cancellationToken);

    private static SqliteCommand BindFlagChange(SqliteCommand command, FlagChange c, long version)
    {
        // The body is written before the commit, so the entity's version may only move on once the commit succeeded.
        var current = c.Version;
        c.Version = version;
        string body;
        try
        {
            body = StorageJson.Serialize(c);
        }
        finally
        {
            c.Version = current;
        }
        return command
            .With("@id", c.Id)
            .With("@state", c.State.ToString())
            .With("@version", version)
            .With("@active", c.IsActive ? 1 : 0)
            .With("@updatedAt", SqliteValues.Time(c.UpdatedAt))
            .With("@body", body);
    }

    private static FlagChange ReadFlagChange(SqliteDataReader r)
    {
        var change = StorageJson.Deserialize<FlagChange>(r.GetString(1));
        change.Version = r.GetInt64(0);
        return change;
    }

    private async Task WriteFlagChangesAsync(SqliteConnection connection, SqliteTransaction transaction, FlagChange change, FlagChanges changes,
        CancellationToken cancellationToken)
    {
        await EnqueueAsync(connection, transaction, change.Entity, changes.Notices, cancellationToken);
        foreach (var a in changes.Audit)
            await InsertAuditAsync(connection, transaction, a, cancellationToken);
    }
}
