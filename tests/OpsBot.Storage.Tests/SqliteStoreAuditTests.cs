using OpsBot.Core.Identity;
using OpsBot.Core.Ports;

namespace OpsBot.Storage.Tests;

public sealed class SqliteStoreAuditTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T = TestDatabase.Start;
    private readonly TestDatabase _db = new();
    private readonly IAuditLog _audit;

    public SqliteStoreAuditTests() => _audit = _db.OpenStore();

    public void Dispose() => _db.Dispose();

    private static AuditEntry Entry(int minute, string actor, string? environment, string? subject, string action = "deploy") =>
        new(T.AddMinutes(minute), actor, action, environment, subject, "C0DEPLOYS", AuditOutcome.Refused, $"entry {minute}");

    [Fact]
    public async Task Entries_round_trip_newest_first()
    {
        var withData = new AuditEntry(T.AddMinutes(1), "opsbot", "auto-rollback", "prod", "dep-1", null, AuditOutcome.Succeeded,
            "error rate 7.5% > 5%", new Dictionary<string, string> { ["error-rate"] = "Fail: 7.5% (threshold 5%)" });
        await _audit.AppendAsync(Entry(0, "slack:U0ALICE", null, null), None);
        await _audit.AppendAsync(withData, None);

        var entries = await _audit.QueryAsync(new AuditQuery(), None);

        Assert.Equal(2, entries.Count);
        Assert.Equal(withData.At, entries[0].At);
        Assert.Equal(withData.Data, entries[0].Data);
        Assert.Equal(withData with { Data = null }, entries[0] with { Data = null });
        Assert.Equal(Entry(0, "slack:U0ALICE", null, null), entries[1]);
    }

    [Fact]
    public async Task Queries_filter_by_environment_subject_and_actor_and_stop_at_the_limit()
    {
        await _audit.AppendAsync(Entry(0, "slack:U0ALICE", "prod", "dep-1"), None);
        await _audit.AppendAsync(Entry(1, "slack:U0BOB", "prod", "dep-2"), None);
        await _audit.AppendAsync(Entry(2, "slack:U0ALICE", "staging", "dep-3"), None);
        await _audit.AppendAsync(Entry(3, "slack:U0ALICE", "prod", "dep-1", "promote"), None);

        async Task<IEnumerable<string>> Details(AuditQuery q) => (await _audit.QueryAsync(q, None)).Select(e => e.Detail);

        Assert.Equal(["entry 3", "entry 1", "entry 0"], await Details(new AuditQuery(Environment: "prod")));
        Assert.Equal(["entry 3", "entry 0"], await Details(new AuditQuery(Subject: "dep-1")));
        Assert.Equal(["entry 3", "entry 2", "entry 0"], await Details(new AuditQuery(Actor: "slack:U0ALICE")));
        Assert.Equal(["entry 3"], await Details(new AuditQuery(Environment: "prod", Actor: "slack:U0ALICE", Limit: 1)));
        Assert.Empty(await Details(new AuditQuery(Environment: "dev")));
    }
}
