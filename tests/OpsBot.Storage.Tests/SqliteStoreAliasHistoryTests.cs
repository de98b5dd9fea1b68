using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Storage.Tests;

public sealed class SqliteStoreAliasHistoryTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly FunctionTarget Target = new() { Environment = "prod", Function = "lambda_router", Alias = "live" };
    private readonly TestDatabase _db = new();
    private readonly IDeploymentStore _store;

    public SqliteStoreAliasHistoryTests() => _store = _db.OpenStore();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Releases_and_rollbacks_are_turned_into_the_version_found_live_and_the_version_left_live()
    {
        var at = TestDatabase.Start;
        await Store(Release("dep-a", "3", "4", DeploymentState.Succeeded, at));
        await Store(Release("dep-b", "4", "5", DeploymentState.RolledBack, at.AddHours(1)));
        // A rollback deployment stores the version it restores as its stable one and the version it left as its target.
        await Store(Release("dep-c", stable: "2", target: "4", DeploymentState.RolledBack, at.AddHours(2), DeploymentKind.Rollback));
        await Store(Release("dep-d", "2", "6", DeploymentState.Baking, at.AddHours(3)));
        await Store(Release("dep-e", "2", "7", DeploymentState.Rejected, at.AddHours(4)));
        await Store(Release("dep-other", "1", "9", DeploymentState.Succeeded, at, function: "rag_query_processor"));

        var history = await _store.AliasHistoryAsync(Target, None);

        Assert.Equal(
        [
            ("dep-a", "3", (string?)"4"),
            ("dep-b", "4", "4"),
            ("dep-c", "4", "2"),
            ("dep-d", "2", null),
            ("dep-e", "2", null),
        ], history.Select(c => (c.DeploymentId, c.FromVersion, c.LeftVersion)));
        var live = new AliasHistory(history);
        Assert.Equal(["2", "4", "3"], live.LiveVersions.Select(v => v.Version));
        Assert.False(live.MayRollBackTo("5", "2"));
        Assert.False(live.MayRollBackTo("9", "2"));
        Assert.True(live.MayRollBackTo("1", "2"));
    }

    [Fact]
    public async Task The_whole_history_is_read_however_long_it_is()
    {
        await Store(Release("dep-0000", "1", "2", DeploymentState.Succeeded, TestDatabase.Start));
        for (var i = 1; i <= 300; i++)
            await Store(Release($"dep-{i:D4}", "2", "3", DeploymentState.RolledBack, TestDatabase.Start.AddMinutes(i)));

        var history = new AliasHistory(await _store.AliasHistoryAsync(Target, None));

        Assert.True(history.MayRollBackTo("1", "2"));
        Assert.Equal("dep-0000", history.Find("1")!.DeploymentId);
        Assert.Equal("1", history.ReplacedBy("2"));
    }

    [Fact]
    public async Task A_deployment_row_written_before_these_fields_existed_still_loads_with_safe_defaults()
    {
        var d = await LoadGoldenAsync("deployment-body-2026-12-03.json");

        Assert.Equal(DeploymentState.AwaitingPromotion, d.State);
        Assert.Equal(["slack:U0BOB", "teams:aad-1"], d.Approvals.Select(a => a.By));
        Assert.Null(d.FreezeHold);
        Assert.Null(d.EvidenceShortfall);
        Assert.Empty(d.ExceededLimits);
        Assert.Equal(0, d.Thresholds.MinJudgedPeriods); // no evidence needed by a deployment started before the rule
        Assert.Equal(50, d.Thresholds.MinInvocations);
        Assert.Equal(3, d.Health.ProviderErrors);
        Assert.Null(d.RequestReason); // stored before --reason was kept
    }

    [Fact]
    public async Task A_deployment_row_with_the_requesters_reason_loads_it()
    {
        var d = await LoadGoldenAsync("deployment-body-2026-12-07.json");

        Assert.Equal("INC-42: router timeout → 30 s", d.RequestReason);
        Assert.Equal("hotfix → prod, \"quoted\"", d.GateSkipReason);
        Assert.Equal(DeploymentState.AwaitingPromotion, d.State);
    }

    private Task Store(Deployment d) => _store.CreateAsync(d, new DeploymentChanges(), None);

    private static Deployment Release(string id, string stable, string target, DeploymentState state, DateTimeOffset at,
        DeploymentKind kind = DeploymentKind.Release, string function = "lambda_router")
    {
        var d = TestDeployments.New(id, function, state: state, createdAt: at);
        return new Deployment
        {
            Id = d.Id, Kind = kind, Target = d.Target, StableVersion = stable, TargetVersion = target, Plan = d.Plan, Thresholds = d.Thresholds,
            Gates = d.Gates, RequestedBy = d.RequestedBy, State = state, CreatedAt = at, UpdatedAt = at.AddMinutes(10), StateSince = at,
        };
    }

    /// <summary>Stores a deployment whose body is the golden row <paramref name="file"/> (as an older OpsBot wrote it) and loads it back.</summary>
    private async Task<Deployment> LoadGoldenAsync(string file)
    {
        var body = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Golden", file));
        await _store.CreateAsync(TestDeployments.New("dep-full"), new DeploymentChanges(), None);
        using (var connection = _db.Connect())
        {
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE deployments SET body = @body WHERE id = 'dep-full';";
            command.Parameters.AddWithValue("@body", body);
            command.ExecuteNonQuery();
        }
        return (await _store.GetAsync("dep-full", None))!;
    }
}
