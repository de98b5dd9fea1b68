using Microsoft.Data.Sqlite;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;

namespace OpsBot.Storage;

// Entities kept as one JSON body per row beside a few columns to query by (flag changes, incidents): one way to create,
// save (optimistic, by version), read and list them, each commit with the entity's notices and audit.
internal sealed partial class SqliteStore
{
    /// <summary>
    /// How one kind of JSON entity is stored: its table (columns id, environment, state, version, active, created_at,
    /// updated_at, body, and the <see cref="Extra"/> ones written once at creation), and how to read its fields.
    /// </summary>
    private sealed record JsonTable<T>(
        string Table,
        Func<T, string> Id,
        Func<T, string> Environment,
        Func<T, string> State,
        Func<T, bool> Active,
        Func<T, DateTimeOffset> CreatedAt,
        Func<T, DateTimeOffset> UpdatedAt,
        Func<T, EntityRef> Entity,
        Func<T, long> GetVersion,
        Action<T, long> SetVersion,
        Func<string, long, Exception> Conflict)
    {
        /// <summary>Columns written once, at creation (name → value).</summary>
        public Func<T, IReadOnlyDictionary<string, object?>> Extra { get; init; } = _ => new Dictionary<string, object?>();

        public string Select => $"SELECT version, body FROM {Table}";
    }

    private async Task CreateJsonAsync<T>(JsonTable<T> table, T entity, IReadOnlyList<Notice> notices, IReadOnlyList<AuditEntry> audit,
        CancellationToken cancellationToken)
    {
        var next = table.GetVersion(entity) + 1;
        var extra = table.Extra(entity);
        var columns = string.Concat(extra.Keys.Select(k => $", {k}"));
        var values = string.Concat(extra.Keys.Select(k => $", @{k}"));
        await WriteAsync(async (connection, transaction) =>
        {
            await using var insert = connection.Command($"""
                INSERT INTO {table.Table} (id, environment, state, version, active, created_at, updated_at, body{columns})
                VALUES (@id, @environment, @state, @version, @active, @createdAt, @updatedAt, @body{values});
                """, transaction);
            BindJson(insert, table, entity, next)
                .With("@environment", table.Environment(entity))
                .With("@createdAt", SqliteValues.Time(table.CreatedAt(entity)));
            foreach (var (name, value) in extra)
                insert.With("@" + name, value);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            await CommitChangesAsync(connection, transaction, table.Entity(entity), notices, audit, cancellationToken);
        }, cancellationToken);
        table.SetVersion(entity, next);
    }

    private async Task SaveJsonAsync<T>(JsonTable<T> table, T entity, IReadOnlyList<Notice> notices, IReadOnlyList<AuditEntry> audit,
        CancellationToken cancellationToken)
    {
        var expected = table.GetVersion(entity);
        await WriteAsync(async (connection, transaction) =>
        {
            await using var update = connection.Command($"""
                UPDATE {table.Table} SET state = @state, version = @version, active = @active, updated_at = @updatedAt, body = @body
                WHERE id = @id AND version = @expected;
                """, transaction);
            if (await BindJson(update, table, entity, expected + 1).With("@expected", expected).ExecuteNonQueryAsync(cancellationToken) == 0)
                throw table.Conflict(table.Id(entity), expected);
            await CommitChangesAsync(connection, transaction, table.Entity(entity), notices, audit, cancellationToken);
        }, cancellationToken);
        table.SetVersion(entity, expected + 1);
    }

    private async Task<T?> GetJsonAsync<T>(JsonTable<T> table, string id, CancellationToken cancellationToken) where T : class =>
        (await ReadAsync($"{table.Select} WHERE id = @id;", c => c.With("@id", id), r => ReadJson(table, r), cancellationToken)).SingleOrDefault();

    private Task<IReadOnlyList<T>> ListActiveJsonAsync<T>(JsonTable<T> table, CancellationToken cancellationToken) =>
        ReadAsync($"{table.Select} WHERE active = 1 ORDER BY created_at, rowid;", _ => { }, r => ReadJson(table, r), cancellationToken);

    private Task<IReadOnlyList<T>> ListJsonAsync<T>(JsonTable<T> table, string? environment, int limit, CancellationToken cancellationToken) =>
        ReadAsync($"""
            {table.Select}
            WHERE (@environment IS NULL OR environment = @environment)
            ORDER BY created_at DESC, rowid DESC
            LIMIT @limit;
            """,
            c => c.With("@environment", environment).With("@limit", limit), r => ReadJson(table, r), cancellationToken);

    private static SqliteCommand BindJson<T>(SqliteCommand command, JsonTable<T> table, T entity, long version)
    {
        // The body is written before the commit, so the entity's version may only move on once the commit succeeded.
        var current = table.GetVersion(entity);
        table.SetVersion(entity, version);
        string body;
        try
        {
            body = StorageJson.Serialize(entity);
        }
        finally
        {
            table.SetVersion(entity, current);
        }
        return command
            .With("@id", table.Id(entity))
            .With("@state", table.State(entity))
            .With("@version", version)
            .With("@active", table.Active(entity) ? 1 : 0)
            .With("@updatedAt", SqliteValues.Time(table.UpdatedAt(entity)))
            .With("@body", body);
    }

    private static T ReadJson<T>(JsonTable<T> table, SqliteDataReader r)
    {
        var entity = StorageJson.Deserialize<T>(r.GetString(1));
        table.SetVersion(entity, r.GetInt64(0));
        return entity;
    }

    private async Task CommitChangesAsync(SqliteConnection connection, SqliteTransaction transaction, EntityRef entity,
        IReadOnlyList<Notice> notices, IReadOnlyList<AuditEntry> audit, CancellationToken cancellationToken)
    {
        await EnqueueAsync(connection, transaction, entity, notices, cancellationToken);
        foreach (var a in audit)
            await InsertAuditAsync(connection, transaction, a, cancellationToken);
    }
}
