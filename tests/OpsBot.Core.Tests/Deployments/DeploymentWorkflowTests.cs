using Microsoft.Extensions.Time.Testing;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using static OpsBot.Core.Deployments.DeploymentState;

namespace OpsBot.Core.Tests.Deployments;

public sealed class DeploymentWorkflowTests
{
    private static readonly Actor Alice = new(TestDeployments.Requester, "C0DEPLOYS", "alice");
    private static readonly Actor Bob = new("slack:U0BOB", "C0DEPLOYS", "bob");
    private static readonly Actor Carol = new("slack:U0CAROL", "C0DEPLOYS", "carol");

    /// <summary>One intent per trigger of the machine, named after the trigger.</summary>
    private static readonly Dictionary<string, Func<DeploymentWorkflow, TransitionResult>> Intents = new()
    {
        ["Submit"] = w => w.Submit(Alice),
        ["Approve"] = w => w.Approve(Bob),
        ["Reject"] = w => w.Reject(Bob, "not today"),
        ["Shifted"] = w => w.MarkShifted(10, "rev-2"),
        ["BakeCompleted"] = w => w.CompleteBake("error rate 0%"),
        ["Promote"] = w => w.Promote(Bob),
        ["Pause"] = w => w.Pause(Alice, "looking at logs"),
        ["Resume"] = w => w.Resume(Alice),
        ["AutoRollback"] = w => w.AutoRollBack("error rate 12% > 5% for 2 periods"),
        ["Rollback"] = w => w.RollBack(Alice, "manual"),
        ["RollbackVerified"] = w => w.ConfirmRolledBack("rev-3"),
        ["RollbackFailed"] = w => w.FailRollback("UpdateAlias: 500"),
    };

    /// <summary>
    /// Where each (state, trigger) pair leads for a prod canary on the alias engine (promotion gated, four eyes, bob
    /// acting on alice's deployment). A pair that is absent is refused.
    /// </summary>
    private static readonly Dictionary<(DeploymentState, string), DeploymentState> Allowed = new()
    {
        [(Pending, "Submit")] = Shifting,
        [(Pending, "Rollback")] = RollingBack,
        [(AwaitingApproval, "Approve")] = Shifting,
        [(AwaitingApproval, "Reject")] = Rejected,
        [(AwaitingApproval, "Rollback")] = Rejected,
        [(Shifting, "Shifted")] = Baking,
        [(Shifting, "Pause")] = Paused,
        [(Shifting, "AutoRollback")] = RollingBack,
        [(Shifting, "Rollback")] = RollingBack,
        [(Baking, "BakeCompleted")] = AwaitingPromotion,
        [(Baking, "Pause")] = Paused,
        [(Baking, "AutoRollback")] = RollingBack,
        [(Baking, "Rollback")] = RollingBack,
        [(Paused, "Resume")] = Shifting,
        [(Paused, "AutoRollback")] = RollingBack,
        [(Paused, "Rollback")] = RollingBack,
        [(AwaitingPromotion, "Promote")] = Promoting,
        [(AwaitingPromotion, "Pause")] = Paused,
        [(AwaitingPromotion, "AutoRollback")] = RollingBack,
        [(AwaitingPromotion, "Rollback")] = RollingBack,
        [(Promoting, "Shifted")] = Baking,
        [(Promoting, "Pause")] = Paused,
        [(Promoting, "AutoRollback")] = RollingBack,
        [(Promoting, "Rollback")] = RollingBack,
        [(RollingBack, "RollbackVerified")] = RolledBack,
        [(RollingBack, "RollbackFailed")] = RollbackFailed,
        [(RollbackFailed, "Rollback")] = RollingBack,
    };

    public static TheoryData<DeploymentState, string> EveryPair()
    {
        var data = new TheoryData<DeploymentState, string>();
        foreach (var state in Enum.GetValues<DeploymentState>())
        {
            foreach (var trigger in Intents.Keys)
                data.Add(state, trigger);
        }
        return data;
    }

    [Fact]
    public void Every_trigger_of_the_machine_has_an_intent_in_the_table() =>
        Assert.Equal(DeploymentWorkflow.TriggerNames.Order(), Intents.Keys.Order());

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Each_state_and_trigger_goes_where_the_table_says_or_is_refused_with_a_reason(DeploymentState state, string trigger)
    {
        var d = TestDeployments.InState(state);
        var workflow = new DeploymentWorkflow(d, new FakeTimeProvider());

        var result = Intents[trigger](workflow);

        if (Allowed.TryGetValue((state, trigger), out var expected))
        {
            Assert.True(result.IsApplied, result.Message);
            Assert.Equal(expected, d.State);
            Assert.Equal(expected, result.To);
            Assert.Contains(workflow.Changes.Events, e => e.From == state && e.To == expected);
            Assert.Contains(workflow.Changes.Audit, a => a.Outcome == Core.Identity.AuditOutcome.Succeeded);
        }
        else
        {
            Assert.False(result.IsApplied);
            Assert.Equal(state, d.State);
            Assert.StartsWith("Cannot ", result.Message, StringComparison.Ordinal);
            Assert.Contains("dep-test01", result.Message, StringComparison.Ordinal);
            Assert.Contains(state.Describe(), result.Message, StringComparison.Ordinal);
            Assert.True(workflow.Changes.IsEmpty);
        }
    }

    [Fact]
    public void A_refusal_names_what_can_be_done_instead()
    {
        var workflow = new DeploymentWorkflow(TestDeployments.InState(Baking), new FakeTimeProvider());

        var result = workflow.Promote(Bob);

        Assert.Equal("Cannot promote deployment dep-test01: it is baking (it can be: pause, roll back).", result.Message);
    }

    [Fact]
    public void Submit_waits_at_the_start_gate_when_the_environment_asks_for_start_approval()
    {
        var d = TestDeployments.InState(Pending, gates: new GateSettings { StartApproval = true });
        var result = new DeploymentWorkflow(d, new FakeTimeProvider()).Submit(Alice);
        Assert.Equal(AwaitingApproval, result.To);
        Assert.Contains("waiting for 1 approval", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Codedeploy_moves_the_promotion_gate_before_the_start_because_it_cannot_pause()
    {
        var d = TestDeployments.InState(Pending, engine: DeploymentEngine.CodeDeploy);
        Assert.Equal(AwaitingApproval, new DeploymentWorkflow(d, new FakeTimeProvider()).Submit(Alice).To);

        var baking = TestDeployments.InState(Baking, engine: DeploymentEngine.CodeDeploy);
        Assert.Equal(Promoting, new DeploymentWorkflow(baking, new FakeTimeProvider()).CompleteBake("ok").To);
    }

    [Fact]
    public void Codedeploy_cannot_be_paused_and_says_so()
    {
        var d = TestDeployments.InState(Baking, engine: DeploymentEngine.CodeDeploy);
        var result = new DeploymentWorkflow(d, new FakeTimeProvider()).Pause(Alice, "wait");
        Assert.False(result.IsApplied);
        Assert.Contains("CodeDeploy, which cannot pause mid-shift", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_at_once_goes_straight_to_promoting_and_succeeds_after_its_bake()
    {
        var d = TestDeployments.InState(Pending, plan: DeploymentPlan.BuiltIn[DeploymentPlan.AllAtOnce], gates: new GateSettings());
        var w = new DeploymentWorkflow(d, new FakeTimeProvider());
        Assert.Equal(Promoting, w.Submit(Alice).To);
        Assert.Equal(Baking, w.MarkShifted(100, "rev-2").To);
        Assert.Equal(Succeeded, w.CompleteBake("ok").To);
    }

    [Fact]
    public void Linear_without_a_gate_walks_its_four_steps_and_promotes_on_the_last()
    {
        var d = TestDeployments.InState(Pending, plan: DeploymentPlan.BuiltIn[DeploymentPlan.Linear], gates: new GateSettings());
        var w = new DeploymentWorkflow(d, new FakeTimeProvider());
        var path = new List<(DeploymentState, int)>();
        w.Submit(Alice);
        path.Add((d.State, d.StepIndex));
        foreach (var weight in new[] { 10, 20, 50, 100 })
        {
            w.MarkShifted(weight, $"rev-{weight}");
            w.CompleteBake("ok");
            path.Add((d.State, d.StepIndex));
        }
        Assert.Equal([(Shifting, 0), (Shifting, 1), (Shifting, 2), (Promoting, 3), (Succeeded, 3)], path);
    }

    [Fact]
    public void A_step_gate_in_a_custom_plan_waits_for_promotion_after_that_step()
    {
        var plan = new DeploymentPlan("careful", [new(5, TimeSpan.FromMinutes(1)), new(25, TimeSpan.FromMinutes(1), Gate: true), new(100, TimeSpan.Zero)]);
        var d = TestDeployments.InState(Baking, plan: plan, gates: new GateSettings(), stepIndex: 0);
        var w = new DeploymentWorkflow(d, new FakeTimeProvider());
        Assert.Equal(Shifting, w.CompleteBake("ok").To);
        w.MarkShifted(25, "rev-3");
        Assert.Equal(AwaitingPromotion, w.CompleteBake("ok").To);
    }

    [Fact]
    public void The_requester_cannot_pass_a_four_eyes_gate()
    {
        var d = TestDeployments.InState(AwaitingPromotion);
        var w = new DeploymentWorkflow(d, new FakeTimeProvider());

        var result = w.Promote(Alice);

        Assert.False(result.IsApplied);
        Assert.Equal("Four eyes: ⟦@slack:U0ALICE⟧ requested deployment dep-test01, so someone else must promote it.", result.Message);
        Assert.Equal(AwaitingPromotion, d.State);
        Assert.Empty(d.Approvals);
    }

    [Fact]
    public void Without_four_eyes_the_requester_may_promote()
    {
        var d = TestDeployments.InState(AwaitingPromotion, gates: new GateSettings { PromotionApproval = true });
        Assert.Equal(Promoting, new DeploymentWorkflow(d, new FakeTimeProvider()).Promote(Alice).To);
    }

    [Fact]
    public void Two_required_approvers_must_be_two_distinct_people()
    {
        var d = TestDeployments.InState(AwaitingPromotion, gates: new GateSettings { PromotionApproval = true, FourEyes = true, RequiredApprovers = 2 });
        var w = new DeploymentWorkflow(d, new FakeTimeProvider());

        var first = w.Promote(Bob);
        var again = w.Promote(Bob);
        var second = w.Promote(Carol);

        Assert.True(first.IsApplied);
        Assert.Equal(AwaitingPromotion, first.To);
        Assert.Contains("(1 of 2)", first.Message, StringComparison.Ordinal);
        Assert.False(again.IsApplied);
        Assert.Equal(Promoting, second.To);
        Assert.Equal("Promoted by ⟦@slack:U0BOB⟧, ⟦@slack:U0CAROL⟧; promoting to 100%.", second.Message);
    }

    [Fact]
    public void Rolling_back_is_never_blocked_by_four_eyes()
    {
        var d = TestDeployments.InState(AwaitingPromotion);
        Assert.Equal(RollingBack, new DeploymentWorkflow(d, new FakeTimeProvider()).RollBack(Alice, "changed my mind").To);
    }

    [Fact]
    public void Skipped_gates_start_at_once_and_do_not_wait_for_promotion()
    {
        var d = TestDeployments.InState(Pending, gates: new GateSettings { StartApproval = true, PromotionApproval = true }, skipReason: "hotfix for INC-42");
        var w = new DeploymentWorkflow(d, new FakeTimeProvider());
        var submitted = w.Submit(Alice);
        Assert.Equal(Shifting, submitted.To);
        Assert.Contains("Gates skipped by ⟦@slack:U0ALICE⟧: hotfix for INC-42.", submitted.Message, StringComparison.Ordinal);
        w.MarkShifted(10, "rev-2");
        Assert.Equal(Promoting, w.CompleteBake("ok").To);
    }

    [Fact]
    public void Resume_re_applies_the_paused_step_and_the_bake_does_not_count_the_pause()
    {
        var time = new FakeTimeProvider();
        var d = TestDeployments.InState(Shifting);
        var w = new DeploymentWorkflow(d, time);
        w.MarkShifted(10, "rev-2");
        var bakeStart = d.BakeStartedAt;
        time.Advance(TimeSpan.FromMinutes(2));
        w.Pause(Alice, "checking");
        time.Advance(TimeSpan.FromMinutes(10));

        var resumed = w.Resume(Alice);

        Assert.Equal(Shifting, resumed.To);
        Assert.Equal(0, d.StepIndex);
        Assert.Null(d.AliasRevision);
        Assert.Equal(bakeStart + TimeSpan.FromMinutes(10), d.BakeStartedAt);
        w.MarkShifted(10, "rev-3");
        Assert.Equal(bakeStart + TimeSpan.FromMinutes(10), d.BakeStartedAt);
    }

    [Fact]
    public void Resume_on_the_last_step_promotes()
    {
        var d = TestDeployments.InState(Paused, stepIndex: 1);
        Assert.Equal(Promoting, new DeploymentWorkflow(d, new FakeTimeProvider()).Resume(Alice).To);
    }

    [Fact]
    public void An_automatic_rollback_pages_and_audits_the_measured_values()
    {
        var d = TestDeployments.InState(Baking);
        var w = new DeploymentWorkflow(d, new FakeTimeProvider());
        var measured = new Dictionary<string, string> { ["error rate"] = "Fail: 12.4% (124 of 1000) (threshold 5%)" };

        w.AutoRollBack("error rate 12.4% > 5% for 2 periods", measured);

        Assert.Contains(w.Changes.Notices, n => n.Kind == Core.Deployments.NoticeKind.Page && n.Text.Contains("12.4%", StringComparison.Ordinal));
        var audit = Assert.Single(w.Changes.Audit);
        Assert.Equal("deploy.auto-rollback", audit.Action);
        Assert.Equal("opsbot", audit.Actor);
        Assert.Equal(measured, audit.Data);
        Assert.Equal("error rate 12.4% > 5% for 2 periods", d.Reason);
    }

    [Fact]
    public void Available_actions_follow_the_state()
    {
        DeploymentAction[] Actions(DeploymentState s) => [.. new DeploymentWorkflow(TestDeployments.InState(s), new FakeTimeProvider()).AvailableActions];
        Assert.Equal([DeploymentAction.Approve, DeploymentAction.Reject, DeploymentAction.Rollback], Actions(AwaitingApproval));
        Assert.Equal([DeploymentAction.Promote, DeploymentAction.Pause, DeploymentAction.Rollback], Actions(AwaitingPromotion));
        Assert.Equal([DeploymentAction.Pause, DeploymentAction.Rollback], Actions(Baking));
        Assert.Equal([DeploymentAction.Resume, DeploymentAction.Rollback], Actions(Paused));
        Assert.Equal([DeploymentAction.Rollback], Actions(RollbackFailed));
        Assert.Empty(Actions(Succeeded));
    }
}
