using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using static OpsBot.Core.Deployments.DeploymentState;

namespace OpsBot.Core.Tests.Deployments;

/// <summary>Small pieces of the deployment model: its text line, its current step, plans, states and notices.</summary>
public sealed class DeploymentShapeTests
{
    [Fact]
    public void An_active_release_line_says_where_it_is()
    {
        var d = TestDeployments.InState(Baking);
        Assert.Equal("dep-test01 lambda_router:live (prod) 4 → 5 canary, baking at 10% (step 1 of 2), by ⟦@slack:U0ALICE⟧, 0001-01-01 00:00 UTC",
            DeploymentText.Line(d));
    }

    [Fact]
    public void A_line_before_the_first_step_or_after_the_end_says_no_step_and_an_ended_one_says_why()
    {
        Assert.Equal("dep-test01 lambda_router:live (prod) 4 → 5 canary, awaiting approval to start, by ⟦@slack:U0ALICE⟧, 0001-01-01 00:00 UTC",
            DeploymentText.Line(TestDeployments.InState(AwaitingApproval)));
        var ended = TestDeployments.InState(RolledBack);
        ended.Reason = "error rate 12%";
        Assert.Equal("dep-test01 lambda_router:live (prod) 4 → 5 canary, finished (rolled back): error rate 12%, by ⟦@slack:U0ALICE⟧, 0001-01-01 00:00 UTC",
            DeploymentText.Line(ended));
        var active = TestDeployments.InState(Baking);
        active.Reason = "ignored while active";
        Assert.DoesNotContain("ignored", DeploymentText.Line(active), StringComparison.Ordinal);
    }

    [Fact]
    public void A_codedeploy_line_and_a_rollback_line_say_so()
    {
        Assert.Contains("4 → 5 canary (CodeDeploy), baking at 10%", DeploymentText.Line(TestDeployments.InState(Baking, engine: DeploymentEngine.CodeDeploy)), StringComparison.Ordinal);
        var rollback = NewDeployment.Rollback(new FunctionTarget { Environment = "prod", Function = "f", Alias = "live" }, "5", "4",
            new HealthThresholds(), new GateSettings(), new Actor("slack:U0BOB"), "C0X", "rev", DateTimeOffset.UnixEpoch);
        rollback.State = Promoting;
        rollback.StepIndex = 0;
        Assert.StartsWith($"{rollback.Id} f:live (prod) rollback 5 → 4, promoting to 100%, by", DeploymentText.Line(rollback), StringComparison.Ordinal);
    }

    [Fact]
    public void The_current_step_exists_only_inside_the_plan()
    {
        var d = TestDeployments.InState(Baking);
        d.StepIndex = -1;
        Assert.Null(d.CurrentStep);
        d.StepIndex = 1;
        Assert.Equal(new PlanStep(100, TimeSpan.Zero), d.CurrentStep);
        d.StepIndex = 2;
        Assert.Null(d.CurrentStep);
    }

    [Fact]
    public void A_deployment_restores_the_version_a_person_named_or_else_the_stable_one()
    {
        var d = TestDeployments.InState(Baking);
        Assert.Equal("4", d.RestoreVersion);
        d.RollbackVersion = "2";
        Assert.Equal("2", d.RestoreVersion);
        Assert.Equal("dep-test01 lambda_router:live (prod) 4→5 Baking", d.ToString());
    }

    [Theory]
    [InlineData(Succeeded, true)]
    [InlineData(RolledBack, true)]
    [InlineData(Rejected, true)]
    [InlineData(RollbackFailed, false)]
    [InlineData(Paused, false)]
    public void Terminal_states_are_the_three_endings(DeploymentState state, bool terminal)
    {
        Assert.Equal(terminal, state.IsTerminal());
        Assert.Equal(!terminal, TestDeployments.InState(state).IsActive);
    }

    [Fact]
    public void Health_is_armed_while_new_version_traffic_may_flow_and_held() =>
        Assert.Equal([Baking, Paused, AwaitingPromotion], Enum.GetValues<DeploymentState>().Where(s => s.IsHealthArmed()));

    [Fact]
    public void Pages_go_to_the_operators_and_everything_else_to_chat()
    {
        Assert.Equal(OutboxSinks.Ops, new Notice(NoticeKind.Page, "x").Sink);
        Assert.Equal(OutboxSinks.Chat, new Notice(NoticeKind.Card, "x").Sink);
        Assert.Equal(OutboxSinks.Chat, new OutboxMessage(1, EntityRef.Deployment("d"), NoticeKind.Chart, "x", null, DateTimeOffset.UnixEpoch, 0).Sink);
        Assert.Equal(OutboxSinks.Ops, new OutboxMessage(1, EntityRef.Deployment("d"), NoticeKind.Page, "x", null, DateTimeOffset.UnixEpoch, 0).Sink);
    }

    [Fact]
    public void Safer_actions_are_rollback_pause_and_reject()
    {
        Assert.Equal([DeploymentAction.Reject, DeploymentAction.Pause, DeploymentAction.Rollback],
            Enum.GetValues<DeploymentAction>().Where(a => a.MakesSafer()));
        Assert.Equal("roll back", DeploymentAction.Rollback.Verb());
        Assert.Equal("promote", DeploymentAction.Promote.Verb());
    }

    [Fact]
    public void Changes_are_empty_until_anything_is_added()
    {
        Assert.True(new DeploymentChanges().IsEmpty);
        var events = new DeploymentChanges();
        events.Events.Add(new DeploymentEvent("d", DateTimeOffset.UnixEpoch, "a", EventKinds.Observation, null, null, "m"));
        Assert.False(events.IsEmpty);
        var samples = new DeploymentChanges();
        samples.Samples.Add(new HealthSample("d", DateTimeOffset.UnixEpoch, SampleRoles.Canary, "5", 1, 0, null));
        Assert.False(samples.IsEmpty);
        var notices = new DeploymentChanges();
        notices.Notices.Add(new Notice(NoticeKind.Card, "x"));
        Assert.False(notices.IsEmpty);
        var audit = new DeploymentChanges();
        audit.Audit.Add(new AuditEntry(DateTimeOffset.UnixEpoch, "a", "x", "prod", "d", null, AuditOutcome.Succeeded, "m", null));
        Assert.False(audit.IsEmpty);
    }

    [Fact]
    public void Plan_overrides_leave_a_one_step_plan_at_full_weight_and_a_plan_without_overrides_as_it_was()
    {
        var allAtOnce = DeploymentPlan.BuiltIn[DeploymentPlan.AllAtOnce];
        Assert.Equal(100, allAtOnce.WithOverrides(5, null)[0].Weight);
        var canary = DeploymentPlan.BuiltIn[DeploymentPlan.Canary];
        Assert.Equal(canary, canary.WithOverrides(null, null));
        Assert.Equal([TimeSpan.FromMinutes(1), TimeSpan.Zero], canary.WithOverrides(null, 1).Steps.Select(s => s.Bake));
        Assert.NotEqual(canary, canary.WithOverrides(20, null));
        Assert.NotEqual(canary, canary with { Name = "other" });
        Assert.False(canary.Equals(null));
        Assert.Equal("10% → 100%", canary.Describe());
        Assert.Equal(1, canary.LastIndex);
    }

    [Theory]
    [InlineData(101, "plan 'p' step 1: weight 101% is outside 1..100")]
    [InlineData(100, null)]
    [InlineData(1, "plan 'p' ends at 1%, not 100%")]
    public void A_weight_is_checked_at_both_ends(int weight, string? problem) =>
        Assert.Equal(problem, new DeploymentPlan("p", [new PlanStep(weight, TimeSpan.Zero)]).Problem());

    [Fact]
    public void Equal_weights_do_not_rise_and_a_negative_bake_is_refused()
    {
        Assert.Equal("plan 'p' step 2: weight 50% does not rise above 50%",
            new DeploymentPlan("p", [new PlanStep(50, TimeSpan.Zero), new PlanStep(50, TimeSpan.Zero), new PlanStep(100, TimeSpan.Zero)]).Problem());
        Assert.Equal("plan 'p' step 2: bake -00:01:00 is negative",
            new DeploymentPlan("p", [new PlanStep(50, TimeSpan.Zero), new PlanStep(100, TimeSpan.FromMinutes(-1))]).Problem());
    }
}
