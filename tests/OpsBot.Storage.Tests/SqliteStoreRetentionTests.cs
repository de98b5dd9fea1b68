using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;

namespace OpsBot.Storage.Tests;

public sealed class SqliteStoreRetentionTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Old = TestDatabase.Start;
    private readonly TestDatabase _db = new();
    private readonly SqliteStore _store;

    public SqliteStoreRetentionTests() => _store = _db.OpenStore();

    public void Dispose() => _db.Dispose();

    private IOutboxStore Outbox => _store;

    [Fact]
    public async Task A_purge_removes_old_sent_and_given_up_notices_samples_of_finished_deployments_and_keys_and_audit_by_its_own_cutoff()
    {
        // Everything below is written at Old; the cutoff for all but audit is 100 days later, for audit 10 days later.
        await CreateAsync("dep-done", DeploymentState.Succeeded, "sent", "failed", "pending");
        await CreateAsync("dep-live", DeploymentState.Baking, "live-sent");
        var notices = await Outbox.PendingAsync(Old, 10, None);
        await Outbox.MarkSentAsync([notices.Single(n => n.Text == "sent").Id, notices.Single(n => n.Text == "live-sent").Id], Old, None);
        await Outbox.MarkFailedAsync(notices.Single(n => n.Text == "failed").Id, "channel_not_found", 1, Old, None);
        IIdempotencyStore keys = _store;
        await keys.ClaimAsync("trigger:old", Old, None);
        IAuditLog audit = _store;
        await audit.AppendAsync(new AuditEntry(Old, "slack:U0ALICE", "deploy.start", "prod", "dep-done", null, AuditOutcome.Succeeded, "old"), None);
        // Young rows, written just after each cutoff, stay.
        var young = Old.AddDays(100).AddMinutes(1);
        await keys.ClaimAsync("trigger:young", young, None);
        await audit.AppendAsync(new AuditEntry(Old.AddDays(10).AddMinutes(1), "slack:U0BOB", "deploy.promote", "prod", "dep-done", null, AuditOutcome.Succeeded, "young"), None);
        await CreateAsync("dep-young", DeploymentState.Succeeded, "young-sent", samplesAt: young);
        var youngNotice = (await Outbox.PendingAsync(young, 10, None)).Single(n => n.Text == "young-sent");
        await Outbox.MarkSentAsync([youngNotice.Id], young, None);

        var purged = await ((IRetentionStore)_store).PurgeAsync(Old.AddDays(100), Old.AddDays(10), None);

        Assert.Equal(new PurgedRows(Notices: 3, Samples: 2, IdempotencyKeys: 1, AuditEntries: 1), purged);
        Assert.Equal(["pending", "young-sent"], Strings("SELECT text FROM outbox ORDER BY id"));
        Assert.Empty(await _store.GetSamplesAsync("dep-done", None));
        Assert.Equal(2, (await _store.GetSamplesAsync("dep-live", None)).Count); // an active deployment keeps its samples
        Assert.True((await keys.ClaimAsync("trigger:old", young, None)).IsFirst);
        Assert.False((await keys.ClaimAsync("trigger:young", young, None)).IsFirst);
        Assert.Equal(["young"], (await audit.QueryAsync(new AuditQuery(), None)).Select(a => a.Detail));
        Assert.Equal(2, (await _store.GetSamplesAsync("dep-young", None)).Count);
        Assert.Equal(3L, _db.Scalar("SELECT COUNT(*) FROM deployments")); // deployments and their timelines are not purged
    }

    private Task CreateAsync(string id, DeploymentState state, params string[] notices) => CreateAsync(id, state, notices, Old);

    private async Task CreateAsync(string id, DeploymentState state, string notice, DateTimeOffset samplesAt) =>
        await CreateAsync(id, state, [notice], samplesAt);

    private async Task CreateAsync(string id, DeploymentState state, string[] notices, DateTimeOffset samplesAt)
    {
        var changes = new DeploymentChanges();
        changes.Notices.AddRange(notices.Select(n => new Notice(NoticeKind.Timeline, n)));
        changes.Samples.Add(new HealthSample(id, samplesAt, SampleRoles.Stable, "4", 900, 1, 20));
        changes.Samples.Add(new HealthSample(id, samplesAt, SampleRoles.Canary, "5", 100, 0, 40));
        await _store.CreateAsync(TestDeployments.New(id, function: id, state: state), changes, None);
    }

    private List<string> Strings(string sql)
    {
        using var connection = _db.Connect();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
            values.Add(reader.GetString(0));
        return values;
    }
}
