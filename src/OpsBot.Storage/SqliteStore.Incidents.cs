using Microsoft.Data.Sqlite;
using OpsBot.Core.Incidents;
using OpsBot.Core.Ports;

namespace OpsBot.Storage;

internal sealed partial class SqliteStore : IIncidentStore
{
    private const string SelectIncident = "SELECT version, body FROM incidents";

    async Task IIncidentStore.CreateAsync(Incident incident, IncidentChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(changes);
        var next = incident.Version + 1;
        await WriteAsync(async (connection, transaction) =>
        {
            await using var insert = connection.Command("""
                INSERT INTO incidents (id, environment, alarm_arn, state, version, open, created_at, updated_at, body)
                VALUES (@id, @environment, @alarmArn, @state, @version, @open, @createdAt, @updatedAt, @body);
                """, transaction);
            await BindIncident(insert, incident, next)
                .With("@environment", incident.Environment)
                .With("@alarmArn", incident.AlarmArn)
                .With("@createdAt", SqliteValues.Time(incident.OpenedAt))
                .ExecuteNonQueryAsync(cancellationToken);
            await WriteIncidentChangesAsync(connection, transaction, incident, changes, cancellationToken);
        }, cancellationToken);
        incident.Version = next;
    }

    async Task IIncidentStore.SaveAsync(Incident incident, IncidentChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(changes);
        var expected = incident.Version;
        await WriteAsync(async (connection, transaction) =>
        {
            await using var update = connection.Command("""
                UPDATE incidents SET state = @state, version = @version, open = @open, updated_at = @updatedAt, body = @body
                WHERE id = @id AND version = @expected;
                """, transaction);
            if (await BindIncident(update, incident, expected + 1).With("@expected", expected).ExecuteNonQueryAsync(cancellationToken) == 0)
                throw new IncidentConcurrencyException(incident.Id, expected);
            await WriteIncidentChangesAsync(connection, transaction, incident, changes, cancellationToken);
        }, cancellationToken);
        incident.Version = expected + 1;
    }

    async Task<Incident?> IIncidentStore.GetAsync(string id, CancellationToken cancellationToken) =>
        (await ReadAsync($"{SelectIncident} WHERE id = @id;", c => c.With("@id", id), ReadIncident, cancellationToken)).SingleOrDefault();

    Task<IReadOnlyList<Incident>> IIncidentStore.ListOpenAsync(CancellationToken cancellationToken) =>
        ReadAsync($"{SelectIncident} WHERE open = 1 ORDER BY created_at, rowid;", _ => { }, ReadIncident, cancellationToken);

    Task<IReadOnlyList<Incident>> IIncidentStore.ListAsync(string? environment, int limit, CancellationToken cancellationToken) =>
        ReadAsync($"""
            {SelectIncident}
            WHERE (@environment IS NULL OR environment = @environment)
            ORDER BY created_at DESC, rowid DESC
            LIMIT @limit;
            """,
            c => c.With("@environment", environment).With("@limit", limit), ReadIncident, cancellationToken);

    private static SqliteCommand BindIncident(SqliteCommand command, Incident i, long version)
    {
        // The body is written before the commit, so the entity's version may only move on once the commit succeeded.
        var current = i.Version;
        i.Version = version;
        string body;
        try
        {
            body = StorageJson.Serialize(i);
        }
        finally
        {
            i.Version = current;
        }
        return command
            .With("@id", i.Id)
            .With("@state", i.State.ToString())
            .With("@version", version)
            .With("@open", i.IsOpen ? 1 : 0)
            .With("@updatedAt", SqliteValues.Time(i.StateSince))
            .With("@body", body);
    }

    private static Incident ReadIncident(SqliteDataReader r)
    {
        var incident = StorageJson.Deserialize<Incident>(r.GetString(1));
        incident.Version = r.GetInt64(0);
        return incident;
    }

    private async Task WriteIncidentChangesAsync(SqliteConnection connection, SqliteTransaction transaction, Incident incident, IncidentChanges changes,
        CancellationToken cancellationToken)
    {
        await EnqueueAsync(connection, transaction, incident.Entity, changes.Notices, cancellationToken);
        foreach (var a in changes.Audit)
            await InsertAuditAsync(connection, transaction, a, cancellationToken);
    }
}
