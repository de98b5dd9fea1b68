using Microsoft.Data.Sqlite;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Storage;

internal sealed partial class SqliteStore : IDeploymentStore
{
    private const string SelectDeployment = "SELECT version, body FROM deployments";

    public async Task CreateAsync(Deployment deployment, DeploymentChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(changes);
        var next = deployment.Version + 1;
        await WriteAsync(async (connection, transaction) =>
        {
            await using var insert = connection.Command("""
                INSERT INTO deployments (id, environment, function, alias_key, state, version, kind, created_at, updated_at, active_key, body)
                VALUES (@id, @environment, @function, @aliasKey, @state, @version, @kind, @createdAt, @updatedAt, @activeKey, @body);
                """, transaction);
            BindEntity(insert, deployment, next)
                .With("@environment", deployment.Target.Environment)
                .With("@function", deployment.Target.Function)
                .With("@aliasKey", deployment.Target.AliasKey)
                .With("@kind", deployment.Kind.ToString())
                .With("@createdAt", SqliteValues.Time(deployment.CreatedAt));
            await ExecuteHoldingAliasAsync(insert, deployment, transaction, cancellationToken);
            await WriteChangesAsync(connection, transaction, deployment, changes, cancellationToken);
        }, cancellationToken);
        deployment.Version = next;
    }

    public async Task SaveAsync(Deployment deployment, DeploymentChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(changes);
        var expected = deployment.Version;
        await WriteAsync(async (connection, transaction) =>
        {
            await using var update = connection.Command("""
                UPDATE deployments
                SET state = @state, version = @version, updated_at = @updatedAt, active_key = @activeKey, body = @body
                WHERE id = @id AND version = @expected;
                """, transaction);
            BindEntity(update, deployment, expected + 1).With("@expected", expected);
            if (await ExecuteHoldingAliasAsync(update, deployment, transaction, cancellationToken) == 0)
                throw new ConcurrencyException(deployment.Id, expected);
            await WriteChangesAsync(connection, transaction, deployment, changes, cancellationToken);
        }, cancellationToken);
        deployment.Version = expected + 1;
    }

    public async Task<Deployment?> GetAsync(string id, CancellationToken cancellationToken) =>
        (await ReadAsync($"{SelectDeployment} WHERE id = @id;", c => c.With("@id", id), ReadDeployment, cancellationToken))
        .SingleOrDefault();

    public async Task<Deployment?> FindActiveAsync(string aliasKey, CancellationToken cancellationToken) =>
        (await ReadAsync($"{SelectDeployment} WHERE active_key = @key;", c => c.With("@key", aliasKey), ReadDeployment, cancellationToken))
        .SingleOrDefault();

    public Task<IReadOnlyList<Deployment>> ListActiveAsync(CancellationToken cancellationToken) =>
        ReadAsync($"{SelectDeployment} WHERE active_key IS NOT NULL ORDER BY created_at, rowid;", _ => { }, ReadDeployment, cancellationToken);

    public Task<IReadOnlyList<Deployment>> ListAsync(DeploymentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadAsync($"""
            {SelectDeployment}
            WHERE (@environment IS NULL OR environment = @environment) AND (@function IS NULL OR function = @function)
            ORDER BY created_at DESC, rowid DESC
            LIMIT @limit;
            """,
            c => c.With("@environment", query.Environment).With("@function", query.Function).With("@limit", query.Limit),
            ReadDeployment, cancellationToken);
    }

    public Task<IReadOnlyList<DeploymentEvent>> GetEventsAsync(string id, CancellationToken cancellationToken) =>
        ReadAsync("""
            SELECT deployment_id, at, actor, kind, from_state, to_state, message, data
            FROM deployment_events WHERE deployment_id = @id ORDER BY id;
            """,
            c => c.With("@id", id),
            r => new DeploymentEvent(r.GetString(0), r.GetTime(1), r.GetString(2), r.GetString(3),
                r.GetNullableEnum<DeploymentState>(4), r.GetNullableEnum<DeploymentState>(5), r.GetString(6),
                StorageJson.DeserializeData(r.GetNullableString(7))),
            cancellationToken);

    public Task<IReadOnlyList<HealthSample>> GetSamplesAsync(string id, CancellationToken cancellationToken) =>
        ReadAsync("""
            SELECT deployment_id, period_start, role, version, invocations, errors, avg_duration_ms
            FROM health_samples WHERE deployment_id = @id ORDER BY period_start, role;
            """,
            c => c.With("@id", id),
            r => new HealthSample(r.GetString(0), r.GetTime(1), r.GetString(2), r.GetString(3),
                r.GetDouble(4), r.GetDouble(5), r.GetNullableDouble(6)),
            cancellationToken);

    /// <summary>The columns a create and a save both write, with the body carrying <paramref name="version"/>.</summary>
    private static SqliteCommand BindEntity(SqliteCommand command, Deployment d, long version) =>
        command
            .With("@id", d.Id)
            .With("@state", d.State.ToString())
            .With("@version", version)
            .With("@updatedAt", SqliteValues.Time(d.UpdatedAt))
            .With("@activeKey", d.State.IsTerminal() ? null : d.Target.AliasKey)
            .With("@body", Body(d, version));

    private static string Body(Deployment d, long version)
    {
        // The body is written before the commit, so the entity's version may only move on once the commit succeeded.
        var current = d.Version;
        d.Version = version;
        try
        {
            return StorageJson.Serialize(d);
        }
        finally
        {
            d.Version = current;
        }
    }

    /// <summary>
    /// Executes an insert or update of a deployment row. Losing the UNIQUE active_key index to another deployment
    /// becomes <see cref="ActiveDeploymentExistsException"/> naming it; it is read in the same transaction (which holds
    /// the write lock), so it cannot have finished in between.
    /// </summary>
    private static async Task<int> ExecuteHoldingAliasAsync(
        SqliteCommand command, Deployment d, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException e) when (IsActiveKeyConflict(e))
        {
            await using var find = transaction.Connection!.Command($"{SelectDeployment} WHERE active_key = @key;", transaction)
                .With("@key", d.Target.AliasKey);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
                throw;
            throw new ActiveDeploymentExistsException(ReadDeployment(reader));
        }
    }

    private static bool IsActiveKeyConflict(SqliteException e) =>
        e.SqliteExtendedErrorCode == 2067 /* SQLITE_CONSTRAINT_UNIQUE */ && e.Message.Contains("deployments.active_key", StringComparison.Ordinal);

    private static Deployment ReadDeployment(SqliteDataReader reader)
    {
        var d = StorageJson.Deserialize<Deployment>(reader.GetString(1));
        d.Version = reader.GetInt64(0); // the column is the optimistic lock; it wins over the body
        return d;
    }
}
