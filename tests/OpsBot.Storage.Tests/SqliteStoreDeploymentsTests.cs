using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Storage.Tests;

public sealed class SqliteStoreDeploymentsTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TestDatabase _db = new();
    private readonly IDeploymentStore _store;

    public SqliteStoreDeploymentsTests() => _store = _db.OpenStore();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Create_stores_the_deployment_at_version_1()
    {
        var d = TestDeployments.New("dep-1");

        await _store.CreateAsync(d, new DeploymentChanges(), None);

        Assert.Equal(1, d.Version);
        var loaded = await _store.GetAsync("dep-1", None);
        Assert.NotNull(loaded);
        Assert.Equal(1, loaded.Version);
        Assert.Equal(DeploymentState.Shifting, loaded.State);
        Assert.Equal(d.Target, loaded.Target);
        Assert.Equal(d.Plan, loaded.Plan);
        Assert.Equal(d.CreatedAt, loaded.CreatedAt);
        Assert.Null(await _store.GetAsync("dep-missing", None));
    }

    [Fact]
    public async Task Create_commits_events_samples_notices_and_audit_with_the_deployment()
    {
        var d = TestDeployments.New("dep-1");
        var changes = TestDeployments.Changes(d);
        changes.Samples.Add(new HealthSample(d.Id, TestDatabase.Start, SampleRoles.Canary, "5", 100, 2, 35.5));

        await _store.CreateAsync(d, changes, None);

        var e = Assert.Single(await _store.GetEventsAsync(d.Id, None));
        Assert.Equal(changes.Events[0].Message, e.Message);
        Assert.Equal(changes.Events[0].At, e.At);
        Assert.Equal(DeploymentState.Pending, e.From);
        Assert.Equal(DeploymentState.Shifting, e.To);
        Assert.Equal("10", e.Data!["weight"]);
        Assert.Equal(changes.Samples, await _store.GetSamplesAsync(d.Id, None));
        Assert.Equal(2, (await ((IOutboxStore)_store).PendingAsync(_db.Time.GetUtcNow(), 10, None)).Count);
        Assert.Single(await ((IAuditLog)_store).QueryAsync(new AuditQuery(Subject: d.Id), None));
    }

    [Fact]
    public async Task Save_increments_the_version_and_commits_the_changes()
    {
        var d = TestDeployments.New("dep-1");
        await _store.CreateAsync(d, TestDeployments.Changes(d, "started"), None);

        d.State = DeploymentState.Baking;
        d.Weight = 10;
        await _store.SaveAsync(d, TestDeployments.Changes(d, "baking"), None);

        Assert.Equal(2, d.Version);
        var loaded = await _store.GetAsync(d.Id, None);
        Assert.Equal(2, loaded!.Version);
        Assert.Equal(DeploymentState.Baking, loaded.State);
        Assert.Equal(10, loaded.Weight);
        Assert.Equal(["started", "baking"], (await _store.GetEventsAsync(d.Id, None)).Select(e => e.Message));
    }

    [Fact]
    public async Task A_stale_save_throws_and_changes_nothing()
    {
        await _store.CreateAsync(TestDeployments.New("dep-1"), new DeploymentChanges(), None);
        var first = (await _store.GetAsync("dep-1", None))!;
        var stale = (await _store.GetAsync("dep-1", None))!;
        first.State = DeploymentState.Baking;
        await _store.SaveAsync(first, TestDeployments.Changes(first, "baking"), None);

        stale.State = DeploymentState.RollingBack;
        var e = await Assert.ThrowsAsync<ConcurrencyException>(() => _store.SaveAsync(stale, TestDeployments.Changes(stale, "rolling back"), None));

        Assert.Contains("expected version 1", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, stale.Version);
        var loaded = await _store.GetAsync("dep-1", None);
        Assert.Equal(2, loaded!.Version);
        Assert.Equal(DeploymentState.Baking, loaded.State);
        Assert.Equal(["baking"], (await _store.GetEventsAsync("dep-1", None)).Select(x => x.Message));
        Assert.Single(await ((IAuditLog)_store).QueryAsync(new AuditQuery(Subject: "dep-1"), None));
    }

    [Fact]
    public async Task Save_of_a_deployment_that_was_never_created_is_a_concurrency_failure()
    {
        var d = TestDeployments.New("dep-ghost");
        d.Version = 1;

        await Assert.ThrowsAsync<ConcurrencyException>(() => _store.SaveAsync(d, new DeploymentChanges(), None));
    }

    [Fact]
    public async Task A_second_active_deployment_of_the_same_alias_is_refused_naming_the_first()
    {
        await _store.CreateAsync(TestDeployments.New("dep-1"), new DeploymentChanges(), None);
        var second = TestDeployments.New("dep-2");

        var e = await Assert.ThrowsAsync<ActiveDeploymentExistsException>(() => _store.CreateAsync(second, TestDeployments.Changes(second), None));

        Assert.Equal("dep-1", e.Existing.Id);
        Assert.Equal(1, e.Existing.Version);
        Assert.Contains("dep-1", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, second.Version);
        Assert.Null(await _store.GetAsync("dep-2", None));
        Assert.Empty(await _store.GetEventsAsync("dep-2", None));
        Assert.Empty(await ((IOutboxStore)_store).PendingAsync(_db.Time.GetUtcNow(), 10, None));
    }

    [Fact]
    public async Task Other_aliases_and_environments_are_not_blocked()
    {
        await _store.CreateAsync(TestDeployments.New("dep-1"), new DeploymentChanges(), None);
        await _store.CreateAsync(TestDeployments.New("dep-2", function: "rag_query_processor"), new DeploymentChanges(), None);
        await _store.CreateAsync(TestDeployments.New("dep-3", environment: "staging"), new DeploymentChanges(), None);

        Assert.Equal(3, (await _store.ListActiveAsync(None)).Count);
    }

    [Fact]
    public async Task Once_the_active_deployment_is_terminal_a_new_one_can_start()
    {
        var first = TestDeployments.New("dep-1");
        await _store.CreateAsync(first, new DeploymentChanges(), None);
        first.State = DeploymentState.Succeeded;
        await _store.SaveAsync(first, new DeploymentChanges(), None);
        Assert.Null(await _store.FindActiveAsync(first.Target.AliasKey, None));

        await _store.CreateAsync(TestDeployments.New("dep-2"), new DeploymentChanges(), None);

        Assert.Equal("dep-2", (await _store.FindActiveAsync(first.Target.AliasKey, None))?.Id);
    }

    [Fact]
    public async Task A_failed_rollback_keeps_the_alias_locked()
    {
        var first = TestDeployments.New("dep-1", state: DeploymentState.RollbackFailed);
        await _store.CreateAsync(first, new DeploymentChanges(), None);

        await Assert.ThrowsAsync<ActiveDeploymentExistsException>(() => _store.CreateAsync(TestDeployments.New("dep-2"), new DeploymentChanges(), None));
    }

    [Fact]
    public async Task Of_50_concurrent_creates_on_one_alias_exactly_one_succeeds()
    {
        var attempts = Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            try
            {
                await _store.CreateAsync(TestDeployments.New($"dep-{i}"), new DeploymentChanges(), None);
                return (Id: $"dep-{i}", Winner: (string?)null);
            }
            catch (ActiveDeploymentExistsException e)
            {
                return (Id: $"dep-{i}", Winner: e.Existing.Id);
            }
        })).ToArray();

        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Winner is null).Id;
        Assert.All(results.Where(r => r.Winner is not null), r => Assert.Equal(winner, r.Winner));
        Assert.Equal(winner, Assert.Single(await _store.ListActiveAsync(None)).Id);
    }

    [Fact]
    public async Task Of_concurrent_saves_of_one_version_exactly_one_wins()
    {
        await _store.CreateAsync(TestDeployments.New("dep-1"), new DeploymentChanges(), None);
        var copies = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _store.GetAsync("dep-1", None)));

        var saves = copies.Select((d, i) => Task.Run(async () =>
        {
            d!.Weight = i + 1;
            try
            {
                await _store.SaveAsync(d, TestDeployments.Changes(d, $"save {i}"), None);
                return true;
            }
            catch (ConcurrencyException)
            {
                return false;
            }
        })).ToArray();

        Assert.Single(await Task.WhenAll(saves), won => won);
        Assert.Single(await _store.GetEventsAsync("dep-1", None));
        Assert.Equal(2, (await _store.GetAsync("dep-1", None))!.Version);
    }

    [Fact]
    public async Task A_hundred_concurrent_saves_of_different_deployments_all_commit()
    {
        var all = Enumerable.Range(0, 100).Select(i => TestDeployments.New($"dep-{i}", function: $"fn{i}")).ToArray();
        await Task.WhenAll(all.Select(d => Task.Run(() => _store.CreateAsync(d, new DeploymentChanges(), None))));

        await Task.WhenAll(all.Select(d => Task.Run(async () =>
        {
            d.State = DeploymentState.Baking;
            await _store.SaveAsync(d, TestDeployments.Changes(d, "baking"), None);
        })));

        Assert.All(all, d => Assert.Equal(2, d.Version));
        Assert.Equal(100, (await _store.ListActiveAsync(None)).Count(d => d.State == DeploymentState.Baking && d.Version == 2));
    }

    [Fact]
    public async Task ListActive_returns_the_non_terminal_deployments_oldest_first()
    {
        var t = TestDatabase.Start;
        await _store.CreateAsync(TestDeployments.New("dep-new", function: "a", createdAt: t.AddMinutes(2)), new DeploymentChanges(), None);
        await _store.CreateAsync(TestDeployments.New("dep-old", function: "b", createdAt: t), new DeploymentChanges(), None);
        await _store.CreateAsync(TestDeployments.New("dep-done", function: "c", state: DeploymentState.RolledBack, createdAt: t.AddMinutes(1)), new DeploymentChanges(), None);

        Assert.Equal(["dep-old", "dep-new"], (await _store.ListActiveAsync(None)).Select(d => d.Id));
    }

    [Fact]
    public async Task List_filters_by_environment_and_function_newest_first_up_to_the_limit()
    {
        var t = TestDatabase.Start;
        var i = 0;
        foreach (var (env, fn) in new[] { ("prod", "a"), ("prod", "b"), ("staging", "a"), ("prod", "a"), ("prod", "a") })
        {
            var d = TestDeployments.New($"dep-{i}", function: fn, environment: env, state: DeploymentState.Succeeded, createdAt: t.AddMinutes(i));
            await _store.CreateAsync(d, new DeploymentChanges(), None);
            i++;
        }

        Assert.Equal(["dep-4", "dep-3", "dep-1", "dep-0"], (await _store.ListAsync(new DeploymentQuery("prod"), None)).Select(d => d.Id));
        Assert.Equal(["dep-4", "dep-3", "dep-2", "dep-0"], (await _store.ListAsync(new DeploymentQuery(Function: "a"), None)).Select(d => d.Id));
        Assert.Equal(["dep-4", "dep-3"], (await _store.ListAsync(new DeploymentQuery("prod", "a", Limit: 2), None)).Select(d => d.Id));
        Assert.Equal(5, (await _store.ListAsync(new DeploymentQuery(), None)).Count);
    }

    [Fact]
    public async Task Samples_are_ordered_by_period_and_role_and_a_period_read_again_replaces_the_old_one()
    {
        var d = TestDeployments.New("dep-1");
        var t = TestDatabase.Start;
        var first = new DeploymentChanges();
        first.Samples.Add(new HealthSample(d.Id, t.AddMinutes(1), SampleRoles.Stable, "4", 900, 1, 20));
        first.Samples.Add(new HealthSample(d.Id, t.AddMinutes(1), SampleRoles.Canary, "5", 100, 0, 40));
        first.Samples.Add(new HealthSample(d.Id, t, SampleRoles.Canary, "5", 50, 5, null));
        await _store.CreateAsync(d, first, None);

        var again = new DeploymentChanges();
        again.Samples.Add(new HealthSample(d.Id, t.AddMinutes(1), SampleRoles.Canary, "5", 120, 1, 25));
        await _store.SaveAsync(d, again, None);

        var samples = await _store.GetSamplesAsync(d.Id, None);
        Assert.Equal(
            [(t, "canary", 50d), (t.AddMinutes(1), "canary", 120d), (t.AddMinutes(1), "stable", 900d)],
            samples.Select(s => (s.PeriodStart, s.Role, s.Invocations)));
        Assert.Equal([null, 25, 20], samples.Select(s => s.AverageDurationMs));
    }
}
