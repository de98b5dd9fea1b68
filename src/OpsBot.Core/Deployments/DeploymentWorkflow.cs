using OpsBot.Core.Identity;
using Stateless;
using Stateless.Graph;

namespace OpsBot.Core.Deployments;

/// <summary>
/// The lifecycle of one deployment: a Stateless machine built over the loaded entity for one operation, behind intent
/// methods. Guards are pure functions of the entity; the entity fields a transition changes are set after the
/// transition is committed in memory, and every change is recorded in <see cref="Changes"/> for the caller to persist.
/// Not thread-safe: work on one deployment is serialized by its callers.
/// </summary>
public sealed partial class DeploymentWorkflow
{
    // One trigger per intent; private so that nothing outside the workflow can fire a raw transition.
    private enum Trigger
    {
        Submit,
        Approve,
        Reject,
        Shifted,
        BakeCompleted,
        Promote,
        Pause,
        Resume,
        AutoRollback,
        Rollback,
        RollbackVerified,
        RollbackFailed,
    }

    private readonly Deployment _d;
    private readonly TimeProvider _time;
    private readonly StateMachine<DeploymentState, Trigger> _machine;

    public DeploymentWorkflow(Deployment deployment, TimeProvider time)
    {
        _d = deployment;
        _time = time;
        _machine = Build(() => _d.State, s => _d.State = s, this);
    }

    public Deployment Deployment => _d;

    /// <summary>The machine's triggers by name, so a test can check that every one is covered by an intent.</summary>
    internal static IReadOnlyList<string> TriggerNames => Enum.GetNames<Trigger>();

    /// <summary>What this workflow changed since it was built, to be committed with the entity.</summary>
    public DeploymentChanges Changes { get; } = new();

    /// <summary>The actions a person could take now (the buttons a card shows).</summary>
    public IReadOnlyList<DeploymentAction> AvailableActions =>
        [.. Enum.GetValues<DeploymentAction>().Where(Can)];

    public bool Can(DeploymentAction action) => _machine.CanFire(TriggerOf(action));

    public bool CanPromote => Can(DeploymentAction.Promote);

    /// <summary>The Mermaid state diagram Stateless generates for the machine (docs/deployment-lifecycle.md holds a copy).</summary>
    public static string MermaidDiagram()
    {
        var probe = new Deployment
        {
            Id = "diagram",
            Target = new FunctionTarget { Environment = "env", Function = "fn", Alias = "live" },
            StableVersion = "1",
            TargetVersion = "2",
            Plan = DeploymentPlan.BuiltIn[DeploymentPlan.Canary],
            Thresholds = new HealthThresholds(),
            Gates = new GateSettings(),
            RequestedBy = "diagram",
        };
        var state = DeploymentState.Pending;
        var machine = Build(() => state, s => state = s, new DeploymentWorkflow(probe, TimeProvider.System));
        return MermaidGraph.Format(machine.GetInfo());
    }

    private static StateMachine<DeploymentState, Trigger> Build(
        Func<DeploymentState> read, Action<DeploymentState> write, DeploymentWorkflow w)
    {
        var m = new StateMachine<DeploymentState, Trigger>(read, write);

        m.Configure(DeploymentState.Pending)
            .PermitIf(Trigger.Submit, DeploymentState.AwaitingApproval, () => w.StartGated, "start gate")
            .PermitIf(Trigger.Submit, DeploymentState.Shifting, () => !w.StartGated && !w.FirstStepIsFinal, "no start gate, several steps")
            .PermitIf(Trigger.Submit, DeploymentState.Promoting, () => !w.StartGated && w.FirstStepIsFinal, "no start gate, one step")
            .Permit(Trigger.Rollback, DeploymentState.RollingBack);

        m.Configure(DeploymentState.AwaitingApproval)
            .PermitIf(Trigger.Approve, DeploymentState.Shifting, () => !w.Frozen && !w.FirstStepIsFinal, "not frozen, several steps")
            .PermitIf(Trigger.Approve, DeploymentState.Promoting, () => !w.Frozen && w.FirstStepIsFinal, "not frozen, one step")
            .Permit(Trigger.Reject, DeploymentState.Rejected)
            .Permit(Trigger.Rollback, DeploymentState.Rejected);

        m.Configure(DeploymentState.Shifting)
            .Permit(Trigger.Shifted, DeploymentState.Baking)
            .PermitIf(Trigger.Pause, DeploymentState.Paused, () => w.IsAliasEngine, "alias engine")
            .Permit(Trigger.AutoRollback, DeploymentState.RollingBack)
            .Permit(Trigger.Rollback, DeploymentState.RollingBack);

        m.Configure(DeploymentState.Baking)
            .PermitIf(Trigger.BakeCompleted, DeploymentState.Succeeded, () => w.IsLastStep && w.HasEvidence, "last step, enough traffic judged")
            .PermitIf(Trigger.BakeCompleted, DeploymentState.AwaitingPromotion, () => !w.HasEvidence || (!w.IsLastStep && w.GateAfterStep),
                "too little traffic judged, or promotion gate")
            .PermitIf(Trigger.BakeCompleted, DeploymentState.Shifting, () => w.MovesOn && !w.NextStepIsFinal, "next step, not frozen")
            .PermitIf(Trigger.BakeCompleted, DeploymentState.Promoting, () => w.MovesOn && w.NextStepIsFinal, "final step next, not frozen")
            .PermitIf(Trigger.Pause, DeploymentState.Paused, () => w.IsAliasEngine, "alias engine")
            .Permit(Trigger.AutoRollback, DeploymentState.RollingBack)
            .Permit(Trigger.Rollback, DeploymentState.RollingBack);

        m.Configure(DeploymentState.AwaitingPromotion)
            .PermitIf(Trigger.Promote, DeploymentState.Shifting, () => !w.Frozen && !w.IsLastStep && !w.NextStepIsFinal, "not frozen, next step")
            .PermitIf(Trigger.Promote, DeploymentState.Promoting, () => !w.Frozen && !w.IsLastStep && w.NextStepIsFinal, "not frozen, final step next")
            .PermitIf(Trigger.Promote, DeploymentState.Succeeded, () => !w.Frozen && w.IsLastStep, "not frozen, last step baked")
            .PermitIf(Trigger.Pause, DeploymentState.Paused, () => w.IsAliasEngine, "alias engine")
            .Permit(Trigger.AutoRollback, DeploymentState.RollingBack)
            .Permit(Trigger.Rollback, DeploymentState.RollingBack);

        m.Configure(DeploymentState.Paused)
            .PermitIf(Trigger.Resume, DeploymentState.Shifting, () => !w.Frozen && !w.IsLastStep, "not frozen, step before the last")
            .PermitIf(Trigger.Resume, DeploymentState.Promoting, () => !w.Frozen && w.IsLastStep, "not frozen, last step")
            .Permit(Trigger.AutoRollback, DeploymentState.RollingBack)
            .Permit(Trigger.Rollback, DeploymentState.RollingBack);

        m.Configure(DeploymentState.Promoting)
            .Permit(Trigger.Shifted, DeploymentState.Baking)
            .PermitIf(Trigger.Pause, DeploymentState.Paused, () => w.IsAliasEngine, "alias engine")
            .Permit(Trigger.AutoRollback, DeploymentState.RollingBack)
            .Permit(Trigger.Rollback, DeploymentState.RollingBack);

        m.Configure(DeploymentState.RollingBack)
            .Permit(Trigger.RollbackVerified, DeploymentState.RolledBack)
            .Permit(Trigger.RollbackFailed, DeploymentState.RollbackFailed);

        m.Configure(DeploymentState.RollbackFailed)
            .Permit(Trigger.Rollback, DeploymentState.RollingBack);

        m.Configure(DeploymentState.Succeeded);
        m.Configure(DeploymentState.RolledBack);
        m.Configure(DeploymentState.Rejected);
        return m;
    }

    // Guards: pure functions of the entity.
    private bool IsAliasEngine => _d.Engine == DeploymentEngine.Alias;

    private bool GatesSkipped => _d.GateSkipReason is not null;

    /// <summary>
    /// Where the environment gates promotion, traffic may only move before a person looks when a later step can still
    /// be held for Promote: a plan whose first step is its last (all at once) is gated at the start instead, and so is
    /// every plan on CodeDeploy, which cannot pause mid-shift.
    /// </summary>
    private bool StartGated => !GatesSkipped &&
        (_d.Gates.StartApproval || (_d.Gates.PromotionApproval && (_d.Engine == DeploymentEngine.CodeDeploy || FirstStepIsFinal)));

    /// <summary>A freeze of the environment holds the deployment: nothing moves traffic forward until it is lifted.</summary>
    private bool Frozen => _d.FreezeHold is not null;

    /// <summary>The current step's bake saw enough judged periods to pass on its own (steps without a bake, and CodeDeploy, need none).</summary>
    private bool HasEvidence => !IsAliasEngine || _d.CurrentStep is not { } step || step.Bake == TimeSpan.Zero ||
                                _d.Health.JudgedPeriods >= _d.Thresholds.MinJudgedPeriods;

    /// <summary>A baked step moves on to the next one by itself.</summary>
    private bool MovesOn => HasEvidence && !IsLastStep && !GateAfterStep && !Frozen;

    private bool FirstStepIsFinal => _d.Plan.Steps.Count == 1;

    private bool IsLastStep => _d.StepIndex >= _d.Plan.LastIndex;

    private bool NextStepIsFinal => _d.StepIndex + 1 >= _d.Plan.LastIndex;

    private bool GateAfterStep => !GatesSkipped && IsAliasEngine && _d.StepIndex >= 0 && _d.StepIndex < _d.Plan.LastIndex &&
        (_d.Plan[_d.StepIndex].Gate || (_d.Gates.PromotionApproval && _d.StepIndex == 0));

    private static Trigger TriggerOf(DeploymentAction action) => action switch
    {
        DeploymentAction.Approve => Trigger.Approve,
        DeploymentAction.Reject => Trigger.Reject,
        DeploymentAction.Promote => Trigger.Promote,
        DeploymentAction.Pause => Trigger.Pause,
        DeploymentAction.Resume => Trigger.Resume,
        DeploymentAction.Rollback => Trigger.Rollback,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
    };

    /// <summary>
    /// Fires a trigger if the machine allows it, then applies what entering the new state means for the entity and
    /// records the transition (event, card and timeline notices, audit).
    /// </summary>
    private TransitionResult Fire(Trigger trigger, Actor actor, Func<DeploymentState, string> narrate,
        IReadOnlyDictionary<string, string>? data = null, bool page = false)
    {
        if (!_machine.CanFire(trigger))
            return TransitionResult.Refused(_d.State, Refusal(trigger));

        var from = _d.State;
        _machine.Fire(trigger);
        var to = _d.State;
        Enter(trigger, from, to);
        var message = narrate(to);
        Record(actor, EventKinds.Transition, from, to, message, data, ActionName(trigger), page);
        if (to is DeploymentState.Succeeded or DeploymentState.RolledBack && _d.Kind == DeploymentKind.Release)
            Changes.Notices.Add(new Notice(NoticeKind.Chart, $"{_d.Target}: error rate and duration of versions {_d.StableVersion} and {_d.TargetVersion}"));
        return TransitionResult.Applied(from, to, message);
    }

    private void Enter(Trigger trigger, DeploymentState from, DeploymentState to)
    {
        var now = _time.GetUtcNow();
        if (to is DeploymentState.Shifting or DeploymentState.Promoting && trigger != Trigger.Resume)
        {
            _d.StepIndex++;
            _d.BakeStartedAt = null;
        }
        if (from == DeploymentState.Paused)
        {
            if (_d.BakeStartedAt is { } bake && _d.PausedAt is { } paused)
                _d.BakeStartedAt = bake + (now - paused);
            _d.PausedAt = null;
            _d.PauseReason = null;
            _d.Health = _d.Health with { ProviderErrors = 0 };
        }
        if (from == DeploymentState.AwaitingPromotion)
            _d.EvidenceShortfall = null;
        if (to == DeploymentState.Baking && _d.BakeStartedAt is null)
        {
            _d.BakeStartedAt = now;
            _d.Health = _d.Health with { JudgedPeriods = 0, MostInvocations = 0 }; // a bake's evidence counts from its own start
        }
        if (to == DeploymentState.Paused)
            _d.PausedAt = now;
        if (to == DeploymentState.RollingBack)
        {
            _d.RollbackAttempts = 0;
            _d.ExternalStopRequested = false;
        }
        if (to.IsTerminal())
            _d.CompletedAt = now;
        _d.StateSince = now;
        _d.StateVersion++;
    }

    /// <summary>Records something that happened to the deployment: timeline event, card refresh, audit, and a page when asked.</summary>
    private void Record(Actor actor, string kind, DeploymentState? from, DeploymentState? to, string message,
        IReadOnlyDictionary<string, string>? data, string action, bool page = false)
    {
        var now = _time.GetUtcNow();
        _d.UpdatedAt = now;
        Changes.Events.Add(new DeploymentEvent(_d.Id, now, actor.Identity, kind, from, to, message, data));
        Changes.Notices.Add(new Notice(NoticeKind.Card, message));
        // Every message a person causes names them ("Promoted by bob"), so the timeline line is the message itself.
        Changes.Notices.Add(new Notice(NoticeKind.Timeline, message));
        if (page)
            Changes.Notices.Add(new Notice(NoticeKind.Page, $"{_d.Target}: {message} (deployment {_d.Id}, version {_d.TargetVersion})", PageSubject()));
        Changes.Audit.Add(new AuditEntry(now, actor.Identity, action, _d.Target.Environment, _d.Id, actor.Channel,
            AuditOutcome.Succeeded, message, data));
    }

    private string PageSubject() => $"OpsBot {_d.Target.Environment}: {_d.Target.Function} deployment {_d.Id} is {_d.State.Describe()}";

    private string Refusal(Trigger trigger)
    {
        if (trigger == Trigger.Pause && !IsAliasEngine && _d.State is DeploymentState.Shifting or DeploymentState.Baking or DeploymentState.AwaitingPromotion or DeploymentState.Promoting)
            return $"Deployment {_d.Id} runs on CodeDeploy, which cannot pause mid-shift: roll it back, or let it finish.";
        if (Frozen && trigger is Trigger.Approve or Trigger.Promote or Trigger.Resume)
        {
            var hold = _d.FreezeHold!;
            return $"{_d.Target.Environment} is frozen by {ChatRefs.Person(hold.By)}: {hold.Reason}. Deployment {_d.Id} holds where it is " +
                   "until the freeze is lifted; rolling back, pausing and rejecting still work.";
        }
        var possible = AvailableActions.Select(a => a.Verb()).ToList();
        var hint = possible.Count == 0 ? "nothing more can be done with it" : $"it can be: {string.Join(", ", possible)}";
        return $"Cannot {Verb(trigger)} deployment {_d.Id}: it is {_d.State.Describe()} ({hint}).";
    }

    private static string Verb(Trigger trigger) => trigger switch
    {
        Trigger.Submit => "start",
        Trigger.Approve => "approve",
        Trigger.Reject => "reject",
        Trigger.Shifted => "record a traffic shift for",
        Trigger.BakeCompleted => "complete the bake of",
        Trigger.Promote => "promote",
        Trigger.Pause => "pause",
        Trigger.Resume => "resume",
        Trigger.AutoRollback or Trigger.Rollback => "roll back",
        Trigger.RollbackVerified => "confirm the rollback of",
        Trigger.RollbackFailed => "record a failed rollback for",
        _ => trigger.ToString(),
    };

    private static string ActionName(Trigger trigger) => trigger switch
    {
        Trigger.AutoRollback => "deploy.auto-rollback",
        Trigger.RollbackVerified => "deploy.rolled-back",
        Trigger.RollbackFailed => "deploy.rollback-failed",
        Trigger.BakeCompleted => "deploy.bake-completed",
        _ => "deploy." + trigger.ToString().ToLowerInvariant(),
    };
}
