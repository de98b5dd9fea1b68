using Microsoft.Extensions.Time.Testing;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using static OpsBot.Core.Deployments.DeploymentState;

namespace OpsBot.Core.Tests.Deployments;

/// <summary>Gates, evidence and freezes: where the workflow stops for a person, and what it says.</summary>
public sealed class DeploymentWorkflowGateTests
{
    private static readonly Actor Alice = new(TestDeployments.Requester, "C0DEPLOYS", "alice");
    private static readonly Actor Bob = new("slack:U0BOB", "C0DEPLOYS", "bob");
    private static readonly Actor Carol = new("slack:U0CAROL", "C0DEPLOYS", "carol");
    private static readonly DeploymentPlan Linear = DeploymentPlan.BuiltIn[DeploymentPlan.Linear];
    private static readonly DeploymentPlan AllAtOnce = DeploymentPlan.BuiltIn[DeploymentPlan.AllAtOnce];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));

    private DeploymentWorkflow W(Deployment d) => new(d, _time);

    [Fact]
    public void A_start_says_what_it_does_and_waits_for_how_many_approvals()
    {
        var d = TestDeployments.InState(Pending, gates: new GateSettings());
        Assert.Equal("⟦@slack:U0ALICE⟧ started deploying version 5 of lambda_router:live (prod) over version 4 (canary: 10% → 100%, alias); shifting 10%.",
            W(d).Submit(Alice).Message);

        var gated = TestDeployments.InState(Pending, gates: new GateSettings { StartApproval = true, FourEyes = true, RequiredApprovers = 2 });
        Assert.Equal("⟦@slack:U0ALICE⟧ asked to deploy version 5 of lambda_router:live (prod) over version 4 (canary: 10% → 100%); " +
                     "waiting for 2 more approvals (someone other than the requester) to start.", W(gated).Submit(Alice).Message);

        var cd = TestDeployments.InState(Pending, gates: new GateSettings(), engine: DeploymentEngine.CodeDeploy);
        Assert.Contains("(canary: 10% → 100%, CodeDeploy); shifting 10%.", W(cd).Submit(Alice).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exceeded_limits_are_named_in_the_start()
    {
        var d = new Deployment
        {
            Id = "dep-lim", Target = new FunctionTarget { Environment = "prod", Function = "f", Alias = "live" }, StableVersion = "1", TargetVersion = "2",
            Plan = DeploymentPlan.BuiltIn[DeploymentPlan.Canary], Thresholds = new HealthThresholds(), Gates = new GateSettings(), RequestedBy = "slack:U0DANA",
            GateSkipReason = "INC-1", ExceededLimits = ["first step 50% > 25%", "bake 1m < 5m"],
        };
        Assert.EndsWith("; shifting 10%. Gates skipped by ⟦@slack:U0DANA⟧: INC-1. Limits exceeded by ⟦@slack:U0DANA⟧: first step 50% > 25%; bake 1m < 5m.",
            W(d).Submit(new Actor("slack:U0DANA")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_promotion_gate_on_a_one_step_plan_moves_to_the_start_and_one_approval_promotes_at_once()
    {
        var d = TestDeployments.InState(Pending, plan: AllAtOnce, gates: new GateSettings { PromotionApproval = true });
        var w = W(d);
        Assert.Equal(AwaitingApproval, w.Submit(Alice).To);
        var approved = w.Approve(Bob);
        Assert.Equal(Promoting, approved.To);
        Assert.Equal("Approved by ⟦@slack:U0BOB⟧; promoting to 100%.", approved.Message);
        Assert.Equal(0, d.StepIndex);
    }

    [Fact]
    public void Approving_a_several_step_plan_shifts_its_first_step()
    {
        var d = TestDeployments.InState(AwaitingApproval, gates: new GateSettings { StartApproval = true });
        var approved = W(d).Approve(Bob);
        Assert.Equal(Shifting, approved.To);
        Assert.Equal("Approved by ⟦@slack:U0BOB⟧; shifting to 10%.", approved.Message);
        Assert.Equal(_time.GetUtcNow(), Assert.Single(d.Approvals).At);
        Assert.Equal("start", d.Approvals[0].Gate);
    }

    [Fact]
    public void The_promotion_gate_only_follows_the_first_step_unless_a_step_asks_for_one()
    {
        var d = TestDeployments.InState(Baking, plan: Linear, gates: new GateSettings { PromotionApproval = true }, stepIndex: 0);
        var w = W(d);
        var baked = w.CompleteBake("ok");
        Assert.Equal(AwaitingPromotion, baked.To);
        Assert.Equal("Step 1 (10%) baked healthy (ok); waiting for 1 approval (an approver) to promote.", baked.Message);
        Assert.Equal("Promoted by ⟦@slack:U0BOB⟧; shifting to 20%.", w.Promote(Bob).Message);
        Assert.Equal("promotion:0", d.Approvals[^1].Gate);
        w.MarkShifted(20, null);
        var next = w.CompleteBake("ok");
        Assert.Equal(Shifting, next.To);
        Assert.Equal("Step 2 (20%) baked healthy (ok); shifting to 50%.", next.Message);
        w.MarkShifted(50, null);
        Assert.Equal(Promoting, w.CompleteBake("ok").To);
        Assert.Equal(3, d.StepIndex);
    }

    [Fact]
    public void A_gated_last_step_does_not_wait_for_promotion()
    {
        var plan = new DeploymentPlan("p", [new(10, TimeSpan.FromMinutes(1)), new(100, TimeSpan.FromMinutes(1), Gate: true)]);
        var d = TestDeployments.InState(Baking, plan: plan, gates: new GateSettings(), stepIndex: 1);
        Assert.Equal(Succeeded, W(d).CompleteBake("ok").To);
    }

    [Fact]
    public void The_promotion_gate_after_the_first_step_is_not_on_codedeploy_and_not_when_skipped()
    {
        var cd = TestDeployments.InState(Baking, plan: Linear, gates: new GateSettings { PromotionApproval = true }, engine: DeploymentEngine.CodeDeploy, stepIndex: 0);
        Assert.Equal(Shifting, W(cd).CompleteBake("ok").To);
        var skipped = TestDeployments.InState(Baking, plan: Linear, gates: new GateSettings { PromotionApproval = true }, stepIndex: 0, skipReason: "INC-1");
        Assert.Equal(Shifting, W(skipped).CompleteBake("ok").To);
    }

    [Fact]
    public void Promoting_the_last_baked_step_succeeds()
    {
        var d = TestDeployments.InState(AwaitingPromotion, plan: AllAtOnce, gates: new GateSettings { PromotionApproval = true }, stepIndex: 0);
        var promoted = W(d).Promote(Bob);
        Assert.Equal(Succeeded, promoted.To);
        Assert.Equal("Promoted by ⟦@slack:U0BOB⟧; version 5 takes all traffic. Deployment succeeded.", promoted.Message);
    }

    [Fact]
    public void Promoting_before_the_step_before_last_shifts_the_next_step()
    {
        var d = TestDeployments.InState(AwaitingPromotion, plan: Linear, gates: new GateSettings { PromotionApproval = true }, stepIndex: 1);
        Assert.Equal(Shifting, W(d).Promote(Bob).To);
        Assert.Equal(2, d.StepIndex);
        var beforeLast = TestDeployments.InState(AwaitingPromotion, plan: Linear, gates: new GateSettings { PromotionApproval = true }, stepIndex: 2);
        Assert.Equal(Promoting, W(beforeLast).Promote(Bob).To);
    }

    [Fact]
    public void A_bake_with_too_little_traffic_waits_for_a_person_and_says_how_little()
    {
        var thresholds = new HealthThresholds { MinJudgedPeriods = 3 };
        var d = TestDeployments.InState(Baking, gates: new GateSettings(), thresholds: thresholds);
        d.Health = d.Health with { MostInvocations = 7 };
        var w = W(d);
        var baked = w.CompleteBake("ok");
        Assert.Equal(AwaitingPromotion, baked.To);
        Assert.Equal("Step 1 (10%) baked for 5m, but there was not enough traffic to judge (7 of 20 invocations); waiting for a deployer to move it on, or a rollback.",
            baked.Message);
        Assert.Equal("not enough traffic to judge (7 of 20 invocations)", d.EvidenceShortfall);

        w.Promote(Bob);
        Assert.Null(d.EvidenceShortfall);
    }

    [Fact]
    public void A_bake_with_some_judged_periods_names_them_and_the_gate_it_waits_for()
    {
        var d = TestDeployments.InState(Baking, gates: new GateSettings { StartApproval = true }, thresholds: new HealthThresholds { MinJudgedPeriods = 3 });
        d.Health = d.Health with { JudgedPeriods = 2 };
        Assert.Equal("Step 1 (10%) baked for 5m, but there was not enough traffic to judge (2 of 3 periods had 20 invocations); " +
                     "waiting for 1 approval (an approver) to move it on, or a rollback.", W(d).CompleteBake("ok").Message);
    }

    [Fact]
    public void Exactly_enough_judged_periods_pass_and_a_step_without_a_bake_or_codedeploy_needs_none()
    {
        var enough = TestDeployments.InState(Baking, gates: new GateSettings(), thresholds: new HealthThresholds { MinJudgedPeriods = 3 });
        enough.Health = enough.Health with { JudgedPeriods = 3 };
        Assert.Equal(Promoting, W(enough).CompleteBake("ok").To);
        Assert.Null(enough.EvidenceShortfall);

        var noBake = TestDeployments.InState(Baking, gates: new GateSettings(), thresholds: new HealthThresholds { MinJudgedPeriods = 3 }, stepIndex: 1);
        Assert.Equal(Succeeded, W(noBake).CompleteBake("ok").To);

        var cd = TestDeployments.InState(Baking, gates: new GateSettings(), thresholds: new HealthThresholds { MinJudgedPeriods = 3 }, engine: DeploymentEngine.CodeDeploy);
        Assert.Equal(Promoting, W(cd).CompleteBake("ok").To);

        var lastWithBake = TestDeployments.InState(Baking, plan: AllAtOnce, gates: new GateSettings(), thresholds: new HealthThresholds { MinJudgedPeriods = 1 });
        Assert.Equal(AwaitingPromotion, W(lastWithBake).CompleteBake("ok").To);
    }

    [Fact]
    public void A_second_approval_by_the_same_person_is_refused_and_the_count_is_per_gate()
    {
        var d = TestDeployments.InState(AwaitingApproval, gates: new GateSettings { StartApproval = true, RequiredApprovers = 2 });
        var w = W(d);
        var first = w.Approve(Bob);
        Assert.Equal("⟦@slack:U0BOB⟧ approved (1 of 2); waiting for 1 approval (an approver).", first.Message);
        Assert.Equal(EventKinds.Approval, Assert.Single(w.Changes.Events).Kind);
        Assert.Equal("deploy.approve", Assert.Single(w.Changes.Audit).Action);
        Assert.Equal("⟦@slack:U0BOB⟧ already did; waiting for 1 approval (an approver).", w.Approve(Bob).Message);
        Assert.Equal(Shifting, w.Approve(Carol).To);
    }

    [Fact]
    public void A_freeze_holds_a_start_and_a_promotion_and_says_who_froze()
    {
        var d = TestDeployments.InState(AwaitingApproval, gates: new GateSettings { StartApproval = true });
        var w = W(d);
        w.HoldForFreeze("slack:U0DANA", "release freeze");
        Assert.Equal("prod is frozen by ⟦@slack:U0DANA⟧: release freeze. Holding before any traffic moves; health checks stay armed, and the plan continues when the freeze is lifted.",
            Assert.Single(w.Changes.Events).Message);
        var refused = w.Approve(Bob);
        Assert.False(refused.IsApplied);
        Assert.Equal("prod is frozen by ⟦@slack:U0DANA⟧: release freeze. Deployment dep-test01 holds where it is until the freeze is lifted; rolling back, pausing and rejecting still work.",
            refused.Message);
        Assert.DoesNotContain(DeploymentAction.Approve, w.AvailableActions);
        Assert.Equal(Rejected, w.Reject(Bob, null).To);
    }

    [Fact]
    public void A_freeze_is_recorded_once_and_again_when_its_reason_changes_keeping_its_start()
    {
        var d = TestDeployments.InState(Baking);
        var w = W(d);
        w.HoldForFreeze("slack:U0DANA", "a");
        var since = d.FreezeHold!.Since;
        _time.Advance(TimeSpan.FromMinutes(1));
        w.HoldForFreeze("slack:U0DANA", "a");
        Assert.Single(w.Changes.Events);
        Assert.Contains("Holding at 10% once its current step has baked", w.Changes.Events[0].Message, StringComparison.Ordinal);
        w.HoldForFreeze("slack:U0DANA", "b");
        w.HoldForFreeze("slack:U0EVE", "b");
        Assert.Equal(3, w.Changes.Events.Count);
        Assert.Equal(new FreezeHold("slack:U0EVE", "b", since), d.FreezeHold);

        w.ReleaseFreezeHold();
        Assert.Null(d.FreezeHold);
        Assert.Equal("The freeze of prod was lifted; continuing.", w.Changes.Events[^1].Message);
        w.ReleaseFreezeHold();
        Assert.Equal(4, w.Changes.Events.Count);
    }

    [Fact]
    public void A_frozen_bake_that_has_run_its_time_is_held_and_not_otherwise()
    {
        var d = TestDeployments.InState(Baking, gates: new GateSettings());
        var w = W(d);
        Assert.False(w.HeldByFreeze);
        w.HoldForFreeze("slack:U0DANA", "f");
        Assert.True(w.HeldByFreeze);
        Assert.False(w.CompleteBake("ok").IsApplied);

        var last = TestDeployments.InState(Baking, gates: new GateSettings(), stepIndex: 1);
        var lw = W(last);
        lw.HoldForFreeze("slack:U0DANA", "f");
        Assert.False(lw.HeldByFreeze); // the last step only finishes
        Assert.Equal(Succeeded, lw.CompleteBake("ok").To);

        var paused = TestDeployments.InState(Paused);
        var pw = W(paused);
        pw.HoldForFreeze("slack:U0DANA", "f");
        Assert.False(pw.HeldByFreeze);
        Assert.False(pw.Resume(Alice).IsApplied);
    }

    [Theory]
    [InlineData(AwaitingApproval, DeploymentEngine.CodeDeploy, -1, true)]
    [InlineData(AwaitingPromotion, DeploymentEngine.Alias, 0, true)]
    [InlineData(Paused, DeploymentEngine.Alias, 1, true)]
    [InlineData(Shifting, DeploymentEngine.Alias, 0, true)]
    [InlineData(Baking, DeploymentEngine.Alias, 0, true)]
    [InlineData(Baking, DeploymentEngine.Alias, 1, false)]
    [InlineData(Promoting, DeploymentEngine.Alias, 1, false)]
    [InlineData(Baking, DeploymentEngine.CodeDeploy, 0, false)]
    [InlineData(AwaitingPromotion, DeploymentEngine.CodeDeploy, 0, false)]
    [InlineData(RollingBack, DeploymentEngine.Alias, 0, false)]
    [InlineData(Pending, DeploymentEngine.Alias, -1, false)]
    public void What_a_freeze_can_hold(DeploymentState state, DeploymentEngine engine, int step, bool held) =>
        Assert.Equal(held, DeploymentWorkflow.CanBeHeld(TestDeployments.InState(state, engine: engine, stepIndex: step)));

    [Fact]
    public void A_manual_rollback_deployment_is_never_held()
    {
        var rollback = NewDeployment.Rollback(new FunctionTarget { Environment = "prod", Function = "f", Alias = "live" }, "5", "4",
            new HealthThresholds(), new GateSettings(), Bob, null, null, DateTimeOffset.UnixEpoch);
        rollback.State = AwaitingApproval;
        Assert.False(DeploymentWorkflow.CanBeHeld(rollback));
    }

    [Fact]
    public void A_refusal_with_nothing_left_to_do_says_so()
    {
        var w = W(TestDeployments.InState(Succeeded));
        Assert.Equal("Cannot roll back deployment dep-test01: it is finished (succeeded) (nothing more can be done with it).", w.RollBack(Bob, null).Message);
    }

    [Fact]
    public void Pausing_names_who_and_why_and_an_automatic_pause_pages()
    {
        var d = TestDeployments.InState(Baking);
        var w = W(d);
        Assert.Equal("Paused by ⟦@slack:U0ALICE⟧ at 10%: looking. Health checks stay armed.", w.Pause(Alice, "looking").Message);
        Assert.DoesNotContain(w.Changes.Notices, n => n.Kind == NoticeKind.Page);
        Assert.Equal("Resumed by ⟦@slack:U0BOB⟧; re-applying 10% and continuing the plan.", w.Resume(Bob).Message);

        var auto = TestDeployments.InState(Baking);
        var aw = W(auto);
        Assert.Equal("Paused automatically at 10%: drift. Health checks stay armed; a person must resume or roll back.", aw.Pause(Actor.System, "drift").Message);
        var page = Assert.Single(aw.Changes.Notices, n => n.Kind == NoticeKind.Page);
        Assert.Equal("OpsBot prod: lambda_router deployment dep-test01 is paused", page.Subject);
        Assert.Equal("deploy.pause", Assert.Single(aw.Changes.Audit).Action);
    }

    [Fact]
    public void Transitions_are_audited_with_their_action_names()
    {
        var d = TestDeployments.InState(Baking, gates: new GateSettings());
        var w = W(d);
        w.CompleteBake("ok");
        w.MarkShifted(100, "r");
        w.CompleteBake("ok");
        Assert.Equal(["deploy.bake-completed", "deploy.shifted", "deploy.bake-completed"], w.Changes.Audit.Select(a => a.Action));
        Assert.Equal("Version 5 takes all traffic. Deployment succeeded (ok).", w.Changes.Events[^1].Message);

        var r = TestDeployments.InState(Baking);
        var rw = W(r);
        rw.AutoRollBack("x");
        rw.FailRollback("y");
        rw.RollBack(Bob, null);
        rw.ConfirmRolledBack("z");
        Assert.Equal(["deploy.auto-rollback", "deploy.rollback-failed", "deploy.rollback", "deploy.rolled-back"], rw.Changes.Audit.Select(a => a.Action));
        Assert.All(rw.Changes.Events, e => Assert.Equal(EventKinds.Transition, e.Kind));
        Assert.Equal(RollbackFailed, rw.Changes.Events[1].To);
        Assert.Equal(RollingBack, rw.Changes.Events[1].From);
    }

    [Fact]
    public void A_rollback_keeps_a_named_version_unless_another_is_named()
    {
        var d = TestDeployments.InState(Baking);
        d.RollbackVersion = "2";
        W(d).RollBack(Bob, null);
        Assert.Equal("2", d.RestoreVersion);

        var named = TestDeployments.InState(Baking);
        named.RollbackVersion = "2";
        W(named).RollBack(Bob, null, "3");
        Assert.Equal("3", named.RestoreVersion);
    }

    [Fact]
    public void Codedeploy_refuses_other_intents_with_the_usual_reason_not_the_pause_one() =>
        Assert.Equal("Cannot promote deployment dep-test01: it is baking (it can be: roll back).",
            W(TestDeployments.InState(Baking, engine: DeploymentEngine.CodeDeploy)).Promote(Bob).Message);
}
