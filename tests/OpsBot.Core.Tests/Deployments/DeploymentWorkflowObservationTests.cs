using Microsoft.Extensions.Time.Testing;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using static OpsBot.Core.Deployments.DeploymentState;

namespace OpsBot.Core.Tests.Deployments;

/// <summary>What the runner reports to the workflow, and what entering a state writes on the deployment.</summary>
public sealed class DeploymentWorkflowObservationTests
{
    private static readonly Actor Alice = new(TestDeployments.Requester, "C0DEPLOYS", "alice");
    private static readonly Actor Bob = new("slack:U0BOB", "C0DEPLOYS", "bob");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));

    private (Deployment D, DeploymentWorkflow W) In(DeploymentState state, DeploymentEngine engine = DeploymentEngine.Alias,
        GateSettings? gates = null, DeploymentPlan? plan = null, int? stepIndex = null, HealthThresholds? thresholds = null)
    {
        var d = TestDeployments.InState(state, plan, gates ?? new GateSettings(), engine, stepIndex, thresholds: thresholds);
        return (d, new DeploymentWorkflow(d, _time));
    }

    private static List<string> Timeline(DeploymentWorkflow w) =>
        [.. w.Changes.Notices.Where(n => n.Kind == NoticeKind.Timeline).Select(n => n.Text)];

    private static int Pages(DeploymentWorkflow w) => w.Changes.Notices.Count(n => n.Kind == NoticeKind.Page);

    [Fact]
    public void A_provider_failure_holds_says_so_once_and_pauses_an_alias_deployment_at_the_limit()
    {
        var (d, w) = In(Baking);
        w.ProviderFailed("metrics unreadable: 503", 3);
        Assert.Equal(["Metrics unreadable: 503; holding at 10% until it can be read."], Timeline(w));
        w.ProviderFailed("metrics unreadable: 503", 3);
        Assert.Single(Timeline(w));
        Assert.Equal(Baking, d.State);
        Assert.Equal(2, d.Health.ProviderErrors);

        w.ProviderFailed("metrics unreadable: 503", 3);
        Assert.Equal(Paused, d.State);
        Assert.Equal("metrics unreadable: 503 (3 polls in a row)", d.PauseReason);
        Assert.Equal(1, Pages(w));
        Assert.Equal(3, d.Health.ProviderErrors);

        w.ProviderFailed("metrics unreadable: 503", 3);
        Assert.Equal(4, d.Health.ProviderErrors);
        Assert.Equal(1, Pages(w));
    }

    [Fact]
    public void With_a_limit_of_one_the_first_failure_pauses_without_a_holding_line()
    {
        var (d, w) = In(Baking);
        w.ProviderFailed("alarms unreadable", 1);
        Assert.Equal(Paused, d.State);
        Assert.DoesNotContain(Timeline(w), t => t.Contains("holding", StringComparison.Ordinal));
    }

    [Fact]
    public void An_already_paused_deployment_is_not_paused_again_at_the_limit()
    {
        var (d, w) = In(Paused);
        d.Health = d.Health with { ProviderErrors = 1 };
        w.ProviderFailed("metrics unreadable", 2);
        Assert.Equal(Paused, d.State);
        Assert.Empty(w.Changes.Events);
        Assert.Equal(2, d.Health.ProviderErrors);
    }

    [Fact]
    public void On_codedeploy_the_limit_pages_and_carries_on()
    {
        var (d, w) = In(Baking, DeploymentEngine.CodeDeploy);
        w.ProviderFailed("metrics unreadable", 2);
        w.ProviderFailed("metrics unreadable", 2);
        Assert.Equal(Baking, d.State);
        Assert.Equal(1, Pages(w));
        Assert.Equal("Metrics unreadable (2 polls in a row). CodeDeploy continues on its own; watch it or roll back.", Timeline(w)[^1]);
    }

    [Fact]
    public void An_answer_resets_the_provider_errors_and_changes_nothing_when_there_were_none()
    {
        var (d, w) = In(Baking);
        var before = d.Health;
        w.ProviderAnswered();
        Assert.Same(before, d.Health);
        d.Health = d.Health with { ProviderErrors = 2 };
        w.ProviderAnswered();
        Assert.Equal(0, d.Health.ProviderErrors);
        Assert.True(w.Changes.IsEmpty);
    }

    [Fact]
    public void Recording_health_refreshes_the_card_only_when_the_summary_changed()
    {
        var (d, w) = In(Baking);
        var report = new HealthReport(_time.GetUtcNow(), HealthVerdict.Healthy, "all good", []);
        var sample = new HealthSample(d.Id, _time.GetUtcNow(), SampleRoles.Canary, "5", 10, 0, 5);
        w.RecordHealth(new HealthJudgement(report, [sample], new HealthTracking { Last = report, JudgedPeriods = 4 }));
        Assert.Equal(4, d.Health.JudgedPeriods);
        Assert.Equal([sample], w.Changes.Samples);
        Assert.Single(w.Changes.Notices, n => n.Kind == NoticeKind.Card && n.Text == "all good");

        w.RecordHealth(new HealthJudgement(report, [], new HealthTracking { Last = report }));
        Assert.Single(w.Changes.Notices);
        Assert.Empty(w.Changes.Events);
    }

    [Fact]
    public void An_adopted_revision_is_recorded_and_said()
    {
        var (d, w) = In(Baking);
        w.AdoptAliasRevision("rev-9", "90% on version 4, 10% on version 5");
        Assert.Equal("rev-9", d.AliasRevision);
        Assert.Equal(["Alias live has a new revision but still routes 90% on version 4, 10% on version 5; carrying on."], Timeline(w));
    }

    [Fact]
    public void The_external_start_is_recorded_with_its_id()
    {
        var (d, w) = In(Shifting, DeploymentEngine.CodeDeploy);
        w.RecordExternalStart("d-ABC");
        Assert.Equal("d-ABC", d.ExternalId);
        var e = Assert.Single(w.Changes.Events);
        Assert.Equal(EventKinds.Observation, e.Kind);
        Assert.Equal(new Dictionary<string, string> { ["codedeploy"] = "d-ABC" }, e.Data);
    }

    [Fact]
    public void An_external_stop_is_remembered_and_said_only_when_asked()
    {
        var (d, w) = In(RollingBack, DeploymentEngine.CodeDeploy);
        w.RecordExternalStop(asked: false);
        Assert.True(d.ExternalStopRequested);
        Assert.True(w.Changes.IsEmpty);
        w.RecordExternalStop(asked: true);
        Assert.Single(Timeline(w));
    }

    [Fact]
    public void An_external_end_rolls_back_without_asking_codedeploy_again_but_not_when_refused()
    {
        var (d, w) = In(Baking, DeploymentEngine.CodeDeploy);
        Assert.True(w.ExternalEnded("CodeDeploy deployment d-1 failed").IsApplied);
        Assert.Equal(RollingBack, d.State);
        Assert.True(d.ExternalStopRequested);

        var (done, w2) = In(RolledBack, DeploymentEngine.CodeDeploy);
        Assert.False(w2.ExternalEnded("late").IsApplied);
        Assert.False(done.ExternalStopRequested);
    }

    [Fact]
    public void An_external_weight_is_shown_only_while_baking_and_only_when_it_changed()
    {
        var (d, w) = In(Baking, DeploymentEngine.CodeDeploy);
        w.ObserveExternalWeight(10);
        Assert.True(w.Changes.IsEmpty);
        w.ObserveExternalWeight(40);
        Assert.Equal(40, d.Weight);
        Assert.Equal(["CodeDeploy routes 40% to version 5."], Timeline(w));

        var (s, w2) = In(Shifting, DeploymentEngine.CodeDeploy);
        w2.ObserveExternalWeight(40);
        Assert.Equal(0, s.Weight);
        Assert.True(w2.Changes.IsEmpty);
    }

    [Fact]
    public void Rollback_attempts_are_retried_up_to_the_limit_then_the_rollback_fails_and_pages()
    {
        var (d, w) = In(RollingBack);
        w.RollbackAttemptFailed("500", 3);
        w.RollbackAttemptFailed("500", 3);
        Assert.Equal(RollingBack, d.State);
        Assert.Equal(["Rollback attempt 1 of 3 failed: 500; retrying.", "Rollback attempt 2 of 3 failed: 500; retrying."], Timeline(w));
        Assert.Equal(0, Pages(w));

        w.RollbackAttemptFailed("still 500", 3);
        Assert.Equal(RollbackFailed, d.State);
        Assert.Equal(3, d.RollbackAttempts);
        Assert.Equal("still 500", d.LastError);
        Assert.Equal(_time.GetUtcNow(), d.LastPagedAt);
        Assert.Equal(1, Pages(w));
        Assert.Equal("Rollback FAILED after 3 attempt(s): still 500. The alias stays locked until a person's /rollback lambda_router succeeds.", Timeline(w)[^1]);
    }

    [Fact]
    public void A_failed_rollback_repages_at_the_interval_and_never_in_another_state()
    {
        var (d, w) = In(RollbackFailed);
        d.LastError = "boom";
        Assert.True(w.Repage(TimeSpan.FromMinutes(30))); // never paged: pages now
        Assert.Equal(_time.GetUtcNow(), d.LastPagedAt);
        _time.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromTicks(1));
        Assert.False(w.Repage(TimeSpan.FromMinutes(30)));
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.True(w.Repage(TimeSpan.FromMinutes(30)));
        Assert.Equal(2, Pages(w));
        Assert.StartsWith("Rollback still failed (boom). Alias live stays locked", Timeline(w)[^1], StringComparison.Ordinal);

        var (_, baking) = In(Baking);
        Assert.False(baking.Repage(TimeSpan.Zero));
    }

    [Fact]
    public void Entering_a_state_stamps_it_and_counts_the_state_version()
    {
        var (d, w) = In(Baking);
        d.StateVersion = 7;
        _time.Advance(TimeSpan.FromMinutes(1));
        w.Pause(Alice, "look");
        Assert.Equal(8, d.StateVersion);
        Assert.Equal(_time.GetUtcNow(), d.StateSince);
        Assert.Equal(_time.GetUtcNow(), d.PausedAt);
        Assert.Equal(_time.GetUtcNow(), d.UpdatedAt);
        Assert.Null(d.CompletedAt);
        Assert.Equal("look", d.PauseReason);
    }

    [Fact]
    public void Leaving_a_pause_clears_it_and_the_provider_errors()
    {
        var (d, w) = In(Baking);
        w.Pause(Alice, "look");
        d.Health = d.Health with { ProviderErrors = 2 };
        w.Resume(Bob);
        Assert.Null(d.PausedAt);
        Assert.Null(d.PauseReason);
        Assert.Equal(0, d.Health.ProviderErrors);
        Assert.Equal(0, d.StepIndex);
    }

    [Fact]
    public void A_pause_before_the_bake_started_leaves_no_bake_start()
    {
        var (d, w) = In(Shifting);
        w.Pause(Alice, "look");
        _time.Advance(TimeSpan.FromMinutes(5));
        w.Resume(Alice);
        Assert.Null(d.BakeStartedAt);
        Assert.Equal(Shifting, d.State);
    }

    [Fact]
    public void Entering_a_bake_starts_its_evidence_afresh_and_a_new_step_resets_the_bake()
    {
        var (d, w) = In(Shifting);
        d.Health = d.Health with { JudgedPeriods = 5, MostInvocations = 99, ErrorRateBreaches = 1 };
        w.MarkShifted(10, null);
        Assert.Equal(_time.GetUtcNow(), d.BakeStartedAt);
        Assert.Equal(0, d.Health.JudgedPeriods);
        Assert.Equal(0, d.Health.MostInvocations);
        Assert.Equal(1, d.Health.ErrorRateBreaches);
        Assert.Equal("rev-1", d.AliasRevision); // no revision read: the last one stands

        _time.Advance(TimeSpan.FromMinutes(5));
        w.CompleteBake("ok");
        Assert.Equal(Promoting, d.State);
        Assert.Equal(1, d.StepIndex);
        Assert.Null(d.BakeStartedAt);
    }

    [Fact]
    public void A_shift_clears_provider_errors_and_names_the_step_or_the_full_shift()
    {
        var (d, w) = In(Shifting);
        d.Health = d.Health with { ProviderErrors = 2 };
        var first = w.MarkShifted(10, "rev-5");
        Assert.Equal(0, d.Health.ProviderErrors);
        Assert.Equal("rev-5", d.AliasRevision);
        Assert.Equal("10% of traffic on version 5 (step 1 of 2); baking for 5m.", first.Message);
        Assert.Equal(new Dictionary<string, string> { ["weight"] = "10" }, w.Changes.Events[^1].Data);

        var (_, all) = In(Promoting, plan: DeploymentPlan.BuiltIn[DeploymentPlan.AllAtOnce]);
        Assert.Equal("All traffic on version 5; baking for 10m with health checks armed.", all.MarkShifted(100, "r").Message);
        var (_, canary) = In(Promoting);
        Assert.Equal("All traffic on version 5.", canary.MarkShifted(100, "r").Message);
    }

    [Fact]
    public void A_rollback_resets_its_attempts_and_an_ending_stamps_completion_and_charts_a_release()
    {
        var (d, w) = In(Baking);
        d.RollbackAttempts = 2;
        d.ExternalStopRequested = true;
        w.RollBack(Bob, null);
        Assert.Equal(0, d.RollbackAttempts);
        Assert.False(d.ExternalStopRequested);
        Assert.Equal("rolled back by ⟦@slack:U0BOB⟧", d.Reason);
        Assert.DoesNotContain(w.Changes.Notices, n => n.Kind == NoticeKind.Chart);

        _time.Advance(TimeSpan.FromSeconds(3));
        w.ConfirmRolledBack("rev-7");
        Assert.Equal(_time.GetUtcNow(), d.CompletedAt);
        Assert.Equal(0, d.Weight);
        Assert.Equal("rev-7", d.AliasRevision);
        Assert.Equal("lambda_router:live (prod): error rate and duration of versions 4 and 5",
            Assert.Single(w.Changes.Notices, n => n.Kind == NoticeKind.Chart).Text);
    }

    [Fact]
    public void A_rollback_to_a_named_version_restores_that_one()
    {
        var (d, w) = In(Baking);
        var result = w.RollBack(Bob, "bad build", "3");
        Assert.Equal("3", d.RestoreVersion);
        Assert.Equal("⟦@slack:U0BOB⟧ is rolling back to version 3: bad build.", result.Message);
        Assert.Equal("bad build", d.Reason);
    }

    [Fact]
    public void Cancelling_before_any_traffic_moved_is_a_rejection()
    {
        var (d, w) = In(AwaitingApproval, gates: new GateSettings { StartApproval = true });
        var result = w.RollBack(Bob, " ");
        Assert.Equal(Rejected, d.State);
        Assert.Equal("Cancelled by ⟦@slack:U0BOB⟧ before any traffic moved.", result.Message);
        Assert.NotNull(d.CompletedAt);
    }

    [Fact]
    public void A_rejection_keeps_its_reason_and_an_expiry_says_how_long_it_waited()
    {
        var (d, w) = In(AwaitingApproval, gates: new GateSettings { StartApproval = true, ApprovalTimeout = TimeSpan.FromMinutes(90) });
        Assert.Equal("Rejected by ⟦@slack:U0BOB⟧: not today; no traffic was moved.", w.Reject(Bob, "not today").Message);
        Assert.Equal("not today", d.Reason);

        var (e, w2) = In(AwaitingApproval, gates: new GateSettings { StartApproval = true, ApprovalTimeout = TimeSpan.FromMinutes(90) });
        Assert.Equal("Rejected: approval expired after 1h30m; no traffic was moved.", w2.ExpireApproval().Message);
        Assert.Equal("approval expired after 1h30m", e.Reason);

        var (r, w3) = In(AwaitingApproval, gates: new GateSettings { StartApproval = true });
        w3.Reject(Bob, null);
        Assert.Equal("rejected", r.Reason);

        var (s, w4) = In(Baking);
        Assert.False(w4.Reject(Bob, "x").IsApplied);
        Assert.False(w4.ExpireApproval().IsApplied);
        Assert.Null(s.Reason);
    }

    [Fact]
    public void A_refused_rollback_or_failure_changes_nothing()
    {
        var (d, w) = In(Succeeded);
        Assert.False(w.RollBack(Bob, "x", "3").IsApplied);
        Assert.False(w.AutoRollBack("x").IsApplied);
        Assert.False(w.FailRollback("x").IsApplied);
        Assert.Null(d.RollbackVersion);
        Assert.Null(d.Reason);
        Assert.Null(d.LastError);
        Assert.Null(d.LastPagedAt);
        Assert.True(w.Changes.IsEmpty);
        Assert.False(w.ConfirmRolledBack("r").IsApplied);
        Assert.Equal("rev-1", d.AliasRevision);
    }

    [Fact]
    public void A_refused_shift_or_pause_changes_nothing()
    {
        var (d, w) = In(Baking);
        d.Health = d.Health with { ProviderErrors = 2 };
        Assert.False(w.MarkShifted(50, "rev-x").IsApplied);
        Assert.Equal(10, d.Weight);
        Assert.Equal("rev-1", d.AliasRevision);
        Assert.Equal(2, d.Health.ProviderErrors);

        var (p, pw) = In(Paused);
        Assert.False(pw.Pause(Alice, "again").IsApplied);
        Assert.Null(p.PauseReason);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(59, "59s")]
    [InlineData(60, "1m")]
    [InlineData(61, "1m1s")]
    [InlineData(3600, "1h")]
    [InlineData(5400, "1h30m")]
    [InlineData(86400, "1d")]
    [InlineData(90061, "1d1h1m1s")]
    public void Durations_read_the_way_operators_write_them(int seconds, string expected) =>
        Assert.Equal(expected, DeploymentWorkflow.Format(TimeSpan.FromSeconds(seconds)));
}
