using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Health;
using OpsBot.Core.Ports;
using OpsBot.Core.Runner;
using OpsBot.Testing;

namespace OpsBot.Core.Tests.Runner;

/// <summary>The reconciler alone, over an in-memory Lambda and a store that records what it was asked to save.</summary>
public sealed class DeploymentReconcilerTests
{
    private const string Fn = "lambda_router";

    private sealed class RecordingStore : IDeploymentStore
    {
        public List<(DeploymentState State, DeploymentChanges Changes)> Saves { get; } = [];

        public bool Conflict { get; set; }

        public Task SaveAsync(Deployment deployment, DeploymentChanges changes, CancellationToken cancellationToken)
        {
            if (Conflict)
                throw new ConcurrencyException(deployment.Id, deployment.Version);
            Saves.Add((deployment.State, changes));
            deployment.Version++;
            return Task.CompletedTask;
        }

        public IEnumerable<Notice> Notices => Saves.SelectMany(s => s.Changes.Notices);

        public IEnumerable<string> Timeline => Notices.Where(n => n.Kind == NoticeKind.Timeline).Select(n => n.Text);

        public Task CreateAsync(Deployment deployment, DeploymentChanges changes, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Deployment?> GetAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Deployment?> FindActiveAsync(string aliasKey, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Deployment>> ListActiveAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<Deployment>> ListAsync(DeploymentQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<DeploymentEvent>> GetEventsAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<HealthSample>> GetSamplesAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<AliasChange>> AliasHistoryAsync(FunctionTarget target, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
    private readonly FakeLambda _lambda = new();
    private readonly RecordingStore _store = new();
    private readonly DeploymentLocks _locks = new();
    private readonly OpsBotOptions _options = TestOptions.Create();

    public DeploymentReconcilerTests() => _lambda.Seed("prod", Fn, 5, "4");

    private DeploymentReconciler Reconciler() =>
        new(_store, _locks, _lambda, [], TestMonitor.Of(_options), _time, NullLogger<DeploymentReconciler>.Instance);

    /// <summary>A canary (10% for 5 min, then 100%) in <paramref name="state"/> that owns the alias as it is now.</summary>
    private Deployment At(DeploymentState state, int step = 0, GateSettings? gates = null, string[]? alarms = null)
    {
        var d = new Deployment
        {
            Id = "dep-rec001",
            Target = new FunctionTarget { Environment = "prod", Function = Fn, Alias = "live" },
            StableVersion = "4",
            TargetVersion = "5",
            Plan = DeploymentPlan.BuiltIn[DeploymentPlan.Canary],
            Thresholds = new HealthThresholds(),
            Gates = gates ?? new GateSettings(),
            RequestedBy = "slack:U0ALICE",
            Alarms = alarms ?? [],
            State = state,
            StepIndex = step,
            StateSince = _time.GetUtcNow(),
            AliasRevision = _lambda.Alias("prod", Fn).RevisionId,
        };
        if (state is DeploymentState.Baking or DeploymentState.AwaitingPromotion or DeploymentState.Paused)
        {
            _lambda.ChangeBehindOpsBotsBack("prod", Fn, "4", "5", 0.1);
            d.Weight = 10;
            d.AliasRevision = _lambda.Alias("prod", Fn).RevisionId;
            d.BakeStartedAt = _time.GetUtcNow();
        }
        return d;
    }

    private static HealthInputs Healthy() => new();

    private static HealthInputs MetricsDown() => new() { MetricsError = "CloudWatch: 503" };

    [Fact]
    public async Task A_shift_sets_the_steps_weight_reads_its_revision_and_bakes()
    {
        var d = At(DeploymentState.Shifting);
        await Reconciler().AdvanceAsync(d, null, null, default);

        var alias = _lambda.Alias("prod", Fn);
        Assert.Equal(10, alias.PercentOf("5"));
        Assert.Equal(DeploymentState.Baking, d.State);
        Assert.Equal(10, d.Weight);
        Assert.Equal(alias.RevisionId, d.AliasRevision);
        Assert.Equal(_time.GetUtcNow(), d.BakeStartedAt);
        Assert.Equal([DeploymentState.Baking], _store.Saves.Select(s => s.State));
        Assert.Equal(1, _lambda.Routes);
    }

    [Fact]
    public async Task A_shift_that_already_landed_is_recorded_without_writing_again()
    {
        var d = At(DeploymentState.Shifting);
        _lambda.ChangeBehindOpsBotsBack("prod", Fn, "4", "5", 0.1);
        await Reconciler().AdvanceAsync(d, null, null, default);
        Assert.Equal(DeploymentState.Baking, d.State);
        Assert.Equal(0, _lambda.Routes);
        Assert.Equal(_lambda.Alias("prod", Fn).RevisionId, d.AliasRevision);
    }

    [Fact]
    public async Task A_shift_over_someone_elses_change_pauses_and_pages_instead()
    {
        var d = At(DeploymentState.Shifting);
        _lambda.ChangeBehindOpsBotsBack("prod", Fn, "3");
        await Reconciler().AdvanceAsync(d, null, null, default);
        Assert.Equal(DeploymentState.Paused, d.State);
        Assert.StartsWith("drift: alias live was changed outside OpsBot and now routes 100% on version 3", d.PauseReason, StringComparison.Ordinal);
        Assert.Equal(0, _lambda.Routes);
        Assert.Contains(_store.Notices, n => n.Kind == NoticeKind.Page);
        Assert.Equal("3", _lambda.Alias("prod", Fn).PrimaryVersion);
    }

    [Fact]
    public async Task A_shift_without_a_recorded_revision_takes_the_alias_as_it_is()
    {
        var d = At(DeploymentState.Shifting);
        d.AliasRevision = null;
        _lambda.ChangeBehindOpsBotsBack("prod", Fn, "4");
        await Reconciler().AdvanceAsync(d, null, null, default);
        Assert.Equal(DeploymentState.Baking, d.State);
    }

    [Fact]
    public async Task A_412_whose_write_landed_is_read_back_and_counted_as_the_shift()
    {
        var d = At(DeploymentState.Shifting);
        _lambda.LandThenConflict = 1;
        await Reconciler().AdvanceAsync(d, null, null, default);
        Assert.Equal(DeploymentState.Baking, d.State);
        Assert.Equal(_lambda.Alias("prod", Fn).RevisionId, d.AliasRevision);
    }

    [Fact]
    public async Task A_412_from_someone_elses_write_is_drift()
    {
        var d = At(DeploymentState.Shifting);
        _lambda.BeforeRoute = () =>
        {
            _lambda.BeforeRoute = null;
            _lambda.ChangeBehindOpsBotsBack("prod", Fn, "4", "3", 0.5);
            return Task.CompletedTask;
        };
        await Reconciler().AdvanceAsync(d, null, null, default);
        Assert.Equal(DeploymentState.Paused, d.State);
        Assert.StartsWith("drift: UpdateAlias of lambda_router:live: RevisionId", d.PauseReason, StringComparison.Ordinal);
        Assert.EndsWith("OpsBot will not write over someone else's change", d.PauseReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_shift_holds_and_after_the_configured_number_of_polls_pauses()
    {
        var d = At(DeploymentState.Shifting);
        _lambda.FailRoutes = 3;
        var reconciler = Reconciler();

        await reconciler.AdvanceAsync(d, null, null, default);
        Assert.Equal(DeploymentState.Shifting, d.State);
        Assert.Equal(1, d.Health.ProviderErrors);
        Assert.Equal(["Shifting alias live to 10% failed: Lambda UpdateAlias: 500 ServiceException; holding at 0% until it can be read."], _store.Timeline);

        await reconciler.AdvanceAsync(d, null, null, default);
        Assert.Equal(DeploymentState.Shifting, d.State);
        Assert.Equal(2, d.Health.ProviderErrors);

        await reconciler.AdvanceAsync(d, null, null, default);
        Assert.Equal(DeploymentState.Paused, d.State);
        Assert.Equal("shifting alias live to 10% failed: Lambda UpdateAlias: 500 ServiceException (3 polls in a row)", d.PauseReason);
        Assert.Contains(_store.Notices, n => n.Kind == NoticeKind.Page);
        Assert.Equal(0, _lambda.Alias("prod", Fn).PercentOf("5"));
    }

    [Fact]
    public async Task A_shift_that_answers_a_different_routing_is_provider_trouble()
    {
        var d = At(DeploymentState.Shifting);
        _lambda.IgnoreRoutes = true;
        await Reconciler().AdvanceAsync(d, null, null, default);
        Assert.Equal(DeploymentState.Shifting, d.State);
        Assert.Equal(1, d.Health.ProviderErrors);
        Assert.StartsWith("Alias live answered 100% on version 4 after being set to 10% on version 5", Assert.Single(_store.Timeline), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watching_an_alias_changed_by_someone_else_pauses()
    {
        var d = At(DeploymentState.Baking);
        _lambda.ChangeBehindOpsBotsBack("prod", Fn, "3");
        await Reconciler().AdvanceAsync(d, Healthy(), null, default);
        Assert.Equal(DeploymentState.Paused, d.State);
        Assert.StartsWith("drift:", d.PauseReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_revision_that_routes_what_OpsBot_set_is_adopted_not_drift()
    {
        var d = At(DeploymentState.Baking);
        _lambda.ChangeBehindOpsBotsBack("prod", Fn, "4", "5", 0.1);
        await Reconciler().AdvanceAsync(d, Healthy(), null, default);
        Assert.Equal(DeploymentState.Baking, d.State);
        Assert.Equal(_lambda.Alias("prod", Fn).RevisionId, d.AliasRevision);
        Assert.Contains("Alias live has a new revision but still routes 90% on version 4, 10% on version 5; carrying on.", _store.Timeline);
    }

    [Fact]
    public async Task An_unreadable_alias_while_watching_is_not_drift_and_health_is_still_judged()
    {
        var d = At(DeploymentState.Baking);
        _lambda.FailReads = 1;
        await Reconciler().AdvanceAsync(d, Healthy(), null, default);
        Assert.Equal(DeploymentState.Baking, d.State);
        Assert.NotNull(d.Health.Last);
    }

    [Fact]
    public async Task A_paused_deployment_is_not_checked_for_drift()
    {
        var d = At(DeploymentState.Paused);
        d.PausedAt = _time.GetUtcNow();
        _lambda.ChangeBehindOpsBotsBack("prod", Fn, "3");
        var reads = _lambda.Reads;
        await Reconciler().AdvanceAsync(d, Healthy(), null, default);
        Assert.Equal(DeploymentState.Paused, d.State);
        Assert.Equal(reads, _lambda.Reads);
    }

    [Fact]
    public async Task Unreadable_health_holds_then_pauses_after_the_configured_polls_and_an_answer_resets_the_count()
    {
        var d = At(DeploymentState.Baking);
        var reconciler = Reconciler();
        await reconciler.AdvanceAsync(d, MetricsDown(), null, default);
        await reconciler.AdvanceAsync(d, MetricsDown(), null, default);
        Assert.Equal(2, d.Health.ProviderErrors);
        await reconciler.AdvanceAsync(d, Healthy(), null, default);
        Assert.Equal(0, d.Health.ProviderErrors);
        Assert.Equal(DeploymentState.Baking, d.State);

        for (var i = 0; i < 3; i++)
            await reconciler.AdvanceAsync(d, MetricsDown(), null, default);
        Assert.Equal(DeploymentState.Paused, d.State);
        Assert.Equal("metrics unreadable: CloudWatch: 503 (3 polls in a row)", d.PauseReason);
    }

    [Fact]
    public async Task A_breach_rolls_back_and_restores_the_stable_version_in_the_same_advance()
    {
        var d = At(DeploymentState.Baking, alarms: ["errors"]);
        var inputs = new HealthInputs { Alarms = new Dictionary<string, AlarmStatus> { ["errors"] = new("errors", AlarmState.Alarm) } };
        await Reconciler().AdvanceAsync(d, inputs, null, default);
        Assert.Equal(DeploymentState.RolledBack, d.State);
        Assert.Equal([DeploymentState.RollingBack, DeploymentState.RolledBack], _store.Saves.Select(s => s.State));
        Assert.Equal(0, _lambda.Alias("prod", Fn).PercentOf("5"));
        Assert.Equal(0, d.Weight);
        Assert.Equal("alarm errors is in ALARM", d.Reason);
    }

    [Fact]
    public async Task A_healthy_bake_completes_only_once_its_time_is_up_and_then_runs_to_the_end()
    {
        var d = At(DeploymentState.Baking);
        var reconciler = Reconciler();
        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        await reconciler.AdvanceAsync(d, Healthy(), null, default);
        Assert.Equal(DeploymentState.Baking, d.State);

        _time.Advance(TimeSpan.FromTicks(1));
        await reconciler.AdvanceAsync(d, Healthy(), null, default);
        Assert.Equal(DeploymentState.Succeeded, d.State);
        Assert.Equal(100, _lambda.Alias("prod", Fn).PercentOf("5"));
        Assert.Equal([DeploymentState.Baking, DeploymentState.Promoting, DeploymentState.Baking, DeploymentState.Succeeded], _store.Saves.Select(s => s.State));
    }

    [Fact]
    public async Task A_bake_without_a_health_reading_does_not_complete()
    {
        var d = At(DeploymentState.Baking);
        _time.Advance(TimeSpan.FromMinutes(10));
        await Reconciler().AdvanceAsync(d, null, null, default);
        Assert.Equal(DeploymentState.Baking, d.State);
        Assert.Empty(_store.Saves);
    }

    [Fact]
    public async Task A_person_waiting_for_the_lock_goes_next()
    {
        var d = At(DeploymentState.Shifting, step: 1);
        using var held = await _locks.AcquireAsync(d.Id, default);
        var waiting = _locks.AcquireAsync(d.Id, default);
        await Reconciler().AdvanceAsync(d, null, null, default);
        Assert.Equal(DeploymentState.Baking, d.State); // a zero bake would complete at once, but a person is waiting
        Assert.Single(_store.Saves);
        held.Dispose();
        (await waiting).Dispose();
    }

    [Fact]
    public async Task A_step_without_a_bake_completes_at_once_when_nobody_waits()
    {
        var d = At(DeploymentState.Shifting, step: 1);
        await Reconciler().AdvanceAsync(d, null, null, default);
        Assert.Equal(DeploymentState.Succeeded, d.State);
    }

    [Fact]
    public async Task A_save_that_meets_another_writer_stops_the_rounds()
    {
        var d = At(DeploymentState.Shifting, step: 1);
        _store.Conflict = true;
        await Reconciler().AdvanceAsync(d, null, null, default);
        Assert.Equal(1, _lambda.Routes);
        Assert.Equal(DeploymentState.Baking, d.State);
    }

    [Fact]
    public async Task A_rollback_restores_the_stable_version_and_verifies_it()
    {
        var d = At(DeploymentState.Baking);
        new DeploymentWorkflow(d, _time).RollBack(OpsBotHarness.Alice, "manual");
        await Reconciler().AdvanceAsync(d, null, null, default);
        Assert.Equal(DeploymentState.RolledBack, d.State);
        var alias = _lambda.Alias("prod", Fn);
        Assert.Equal("4", alias.PrimaryVersion);
        Assert.Equal(0, alias.PercentOf("5"));
        Assert.Equal(alias.RevisionId, d.AliasRevision);
        Assert.Equal(0, d.RollbackAttempts);
    }

    [Fact]
    public async Task A_rollback_whose_write_landed_before_a_412_is_verified_by_the_read_back()
    {
        var d = At(DeploymentState.Baking);
        new DeploymentWorkflow(d, _time).AutoRollBack("test");
        _lambda.LandThenConflict = 1;
        await Reconciler().AdvanceAsync(d, null, null, default);
        Assert.Equal(DeploymentState.RolledBack, d.State);
    }

    [Fact]
    public async Task A_failing_rollback_is_retried_then_fails_pages_and_keeps_the_alias_locked()
    {
        var d = At(DeploymentState.Baking);
        new DeploymentWorkflow(d, _time).AutoRollBack("test");
        _lambda.FailRoutes = 1;
        var reconciler = Reconciler();

        await reconciler.AdvanceAsync(d, null, null, default);
        Assert.Equal(DeploymentState.RollingBack, d.State);
        Assert.Equal(1, d.RollbackAttempts);
        Assert.Contains("Rollback attempt 1 of 3 failed: Lambda UpdateAlias: 500 ServiceException; retrying.", _store.Timeline);
        await reconciler.AdvanceAsync(d, null, null, default);
        Assert.Equal(DeploymentState.RolledBack, d.State);

        var again = At(DeploymentState.Baking);
        new DeploymentWorkflow(again, _time).AutoRollBack("test");
        _lambda.IgnoreRoutes = true;
        _store.Saves.Clear();
        for (var i = 0; i < 2; i++)
        {
            await reconciler.AdvanceAsync(again, null, null, default);
            Assert.Equal(DeploymentState.RollingBack, again.State);
        }
        await reconciler.AdvanceAsync(again, null, null, default);
        Assert.Equal(DeploymentState.RollbackFailed, again.State);
        Assert.Equal(3, again.RollbackAttempts);
        Assert.Equal("alias live read back as 90% on version 4, 10% on version 5, not all traffic on version 4", again.LastError);
        Assert.Equal(2, _store.Timeline.Count(t => t.StartsWith("Rollback attempt", StringComparison.Ordinal)));
        Assert.Contains(_store.Notices, n => n.Kind == NoticeKind.Page && n.Text.Contains("Rollback FAILED after 3 attempt(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failed_rollback_pages_again_only_after_the_interval()
    {
        var d = At(DeploymentState.Baking);
        var w = new DeploymentWorkflow(d, _time);
        w.AutoRollBack("test");
        w.FailRollback("boom");
        var reconciler = Reconciler();

        _time.Advance(_options.Runner.RepageInterval - TimeSpan.FromTicks(1));
        await reconciler.AdvanceAsync(d, null, null, default);
        Assert.Empty(_store.Saves);

        _time.Advance(TimeSpan.FromTicks(1));
        await reconciler.AdvanceAsync(d, null, null, default);
        Assert.Contains(_store.Notices, n => n.Kind == NoticeKind.Page && n.Text.Contains("Rollback still failed (boom)", StringComparison.Ordinal));
        Assert.Equal(_time.GetUtcNow(), d.LastPagedAt);
    }

    [Fact]
    public async Task An_approval_expires_exactly_at_its_timeout()
    {
        var d = At(DeploymentState.AwaitingApproval, step: -1, gates: new GateSettings { StartApproval = true, ApprovalTimeout = TimeSpan.FromHours(1) });
        var reconciler = Reconciler();
        _time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromTicks(1));
        await reconciler.AdvanceAsync(d, null, null, default);
        Assert.Equal(DeploymentState.AwaitingApproval, d.State);
        Assert.Empty(_store.Saves);

        _time.Advance(TimeSpan.FromTicks(1));
        await reconciler.AdvanceAsync(d, null, null, default);
        Assert.Equal(DeploymentState.Rejected, d.State);
        Assert.Equal("approval expired after 1h", d.Reason);
    }

    [Fact]
    public async Task A_promotion_not_given_in_time_rolls_back_exactly_at_the_timeout()
    {
        var d = At(DeploymentState.AwaitingPromotion, gates: new GateSettings { PromotionApproval = true, PromotionTimeout = TimeSpan.FromHours(2) });
        var reconciler = Reconciler();
        _time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromTicks(1));
        await reconciler.AdvanceAsync(d, null, null, default);
        Assert.Equal(DeploymentState.AwaitingPromotion, d.State);

        _time.Advance(TimeSpan.FromTicks(1));
        await reconciler.AdvanceAsync(d, null, null, default);
        Assert.Equal(DeploymentState.RolledBack, d.State);
        Assert.Equal("not promoted within 2h", d.Reason);
    }

    [Fact]
    public async Task An_alarm_rolls_back_at_once_only_when_it_guards_the_deployment_and_is_in_alarm()
    {
        var d = At(DeploymentState.Baking, alarms: ["errors"]);
        var reconciler = Reconciler();
        await reconciler.RollBackForAlarmAsync(d, new AlarmStatus("errors", AlarmState.Ok), default);
        await reconciler.RollBackForAlarmAsync(d, new AlarmStatus("other", AlarmState.Alarm), default);
        Assert.Equal(DeploymentState.Baking, d.State);
        Assert.Empty(_store.Saves);

        await reconciler.RollBackForAlarmAsync(d, new AlarmStatus("errors", AlarmState.Alarm, "Threshold crossed"), default);
        Assert.Equal(DeploymentState.RolledBack, d.State);
        Assert.Equal("alarm errors is in ALARM: Threshold crossed", d.Reason);
    }
}
