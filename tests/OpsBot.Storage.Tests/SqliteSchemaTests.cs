using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Storage.Tests;

public sealed class SqliteSchemaTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TestDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Two_stores_on_one_file_share_one_schema_at_the_latest_version()
    {
        IDeploymentStore first = _db.OpenStore();
        IDeploymentStore second = _db.OpenStore();

        await first.CreateAsync(TestDeployments.New("dep-1"), new DeploymentChanges(), None);
        await second.CreateAsync(TestDeployments.New("dep-2", function: "other"), new DeploymentChanges(), None);
        IDeploymentStore reopened = _db.OpenStore();

        Assert.Equal(2, (await reopened.ListActiveAsync(None)).Count);
        Assert.Equal((long)SqliteSchema.LatestVersion, _db.Scalar("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal((long)SqliteSchema.LatestVersion, _db.Scalar("SELECT MAX(version) FROM schema_version"));
    }

    [Fact]
    public async Task A_version_1_database_upgrades_and_keeps_its_notices_pending_or_sent_and_its_cards_as_a_deployments()
    {
        using (var connection = _db.Connect())
        {
            // The file as the first release left it: schema 1, a deployment, one notice sent and one still pending.
            Exec(connection, "PRAGMA journal_mode = WAL;");
            Exec(connection, "CREATE TABLE schema_version (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL);");
            Exec(connection, SqliteSchema.Migrations.Single(m => m.Version == 1).Script);
            Exec(connection, "INSERT INTO schema_version VALUES (1, '2025-03-01T00:00:00.0000000Z');");
            Exec(connection, """
                INSERT INTO deployments (id, environment, function, alias_key, state, version, kind, created_at, updated_at, active_key, body)
                VALUES ('dep-old', 'prod', 'lambda_router', 'prod/lambda_router/live', 'Baking', 3, 'Release',
                        '2025-03-01T00:00:00.0000000Z', '2025-03-01T00:00:00.0000000Z', 'prod/lambda_router/live', '{}');
                INSERT INTO outbox (deployment_id, kind, text, created_at, sent_at, next_attempt_at)
                VALUES ('dep-old', 'Card', 'sent', '2025-03-01T00:00:00.0000000Z', '2025-03-01T00:00:01.0000000Z', '2025-03-01T00:00:00.0000000Z'),
                       ('dep-old', 'Timeline', 'pending', '2025-03-01T00:00:00.0000000Z', NULL, '2025-03-01T00:00:00.0000000Z');
                INSERT INTO chat_messages (deployment_id, platform, channel, message_id, thread_id)
                VALUES ('dep-old', 'slack', 'C0DEPLOYS', '1740787200.000100', NULL);
                """);
        }
        var store = _db.OpenStore();

        var pending = await ((IOutboxStore)store).PendingAsync(_db.Time.GetUtcNow(), 10, None);

        Assert.Equal(["pending"], pending.Select(m => m.Text));
        Assert.Equal([(2L, EntityRef.Deployment("dep-old"))], pending.Select(m => (m.Id, m.Entity)));
        Assert.Equal(new ChatMessageRef("slack", "C0DEPLOYS", "1740787200.000100"),
            await ((IOutboxStore)store).GetChatMessageAsync(EntityRef.Deployment("dep-old"), None));
        Assert.Equal((long)SqliteSchema.LatestVersion, _db.Scalar("SELECT MAX(version) FROM schema_version"));
        Assert.Equal(0L, _db.Scalar("SELECT COUNT(*) FROM outbox WHERE failed_at IS NOT NULL"));
        Assert.True(await store.CanWriteAsync(None));
    }

    private static void Exec(Microsoft.Data.Sqlite.SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task Stores_starting_together_migrate_once()
    {
        var stores = Enumerable.Range(0, 8).Select(_ => _db.OpenStore()).ToArray();

        var ready = await Task.WhenAll(stores.Select(s => Task.Run(() => s.CanConnectAsync(None))));

        Assert.All(ready, Assert.True);
        Assert.Equal((long)SqliteSchema.LatestVersion, _db.Scalar("SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task The_database_is_in_WAL_mode()
    {
        Assert.True(await _db.OpenStore().CanConnectAsync(None));

        Assert.Equal("wal", _db.Scalar("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task A_database_that_cannot_be_opened_is_not_ready()
    {
        var store = new SqliteStore($"Data Source={Path.Combine(_db.Path, "missing-dir", "opsbot.db")}", _db.Time);

        Assert.False(await store.CanConnectAsync(None));
    }

    [Fact]
    public async Task A_schema_newer_than_this_build_is_refused()
    {
        Assert.True(await _db.OpenStore().CanConnectAsync(None));
        _db.Scalar("INSERT INTO schema_version (version, applied_at) VALUES (99, '2030-01-01T00:00:00.0000000Z')");

        IDeploymentStore store = _db.OpenStore();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetAsync("dep-1", None));
        Assert.Contains("version 99", e.Message, StringComparison.Ordinal);
        Assert.False(await _db.OpenStore().CanConnectAsync(None));
    }
}
