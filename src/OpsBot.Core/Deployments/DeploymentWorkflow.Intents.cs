using System.Globalization;
using OpsBot.Core.Identity;

namespace OpsBot.Core.Deployments;

// The public face of the workflow: one method per intent, each refusing with a reason when the state does not allow it.
public sealed partial class DeploymentWorkflow
{
    private const string StartGate = "start";

    /// <summary>Submits a new release: to the start gate, or straight to the first traffic shift.</summary>
    public TransitionResult Submit(Actor requester)
    {
        var why = _d.RequestReason is { } reason && reason != _d.GateSkipReason ? $" Reason: {reason}." : "";
        var skip = why + (GatesSkipped ? $" Gates skipped by {requester.Mention}: {_d.GateSkipReason}." : "") +
                   (_d.ExceededLimits.Count > 0 ? $" Limits exceeded by {requester.Mention}: {string.Join("; ", _d.ExceededLimits)}." : "");
        return Fire(Trigger.Submit, requester, to => to == DeploymentState.AwaitingApproval
            ? $"{requester.Mention} asked to deploy version {_d.TargetVersion} of {_d.Target} over version {_d.StableVersion} " +
              $"({_d.Plan.Name}: {_d.Plan.Describe()}); waiting for {Needed(StartGate)} to start.{skip}"
            : $"{requester.Mention} started deploying version {_d.TargetVersion} of {_d.Target} over version {_d.StableVersion} " +
              $"({_d.Plan.Name}: {_d.Plan.Describe()}, {EngineName}); shifting {_d.CurrentStep!.Weight}%.{skip}");
    }

    /// <summary>A person passes the start gate; the gate opens once enough distinct people have approved.</summary>
    public TransitionResult Approve(Actor who) =>
        PassGate(Trigger.Approve, StartGate, who, names => $"Approved by {names}; {NextMove()}.");

    /// <summary>A person refuses the start gate; nothing has moved.</summary>
    public TransitionResult Reject(Actor who, string? reason)
    {
        var result = Fire(Trigger.Reject, who, _ => $"Rejected by {who.Mention}{Because(reason)}; no traffic was moved.");
        if (result.IsApplied)
            _d.Reason = reason ?? "rejected";
        return result;
    }

    /// <summary>The start gate timed out.</summary>
    public TransitionResult ExpireApproval()
    {
        var reason = $"approval expired after {Format(_d.Gates.ApprovalTimeout)}";
        var result = Fire(Trigger.Reject, Actor.System, _ => $"Rejected: {reason}; no traffic was moved.");
        if (result.IsApplied)
            _d.Reason = reason;
        return result;
    }

    /// <summary>Traffic reached the current step's weight (alias read back, or CodeDeploy observed).</summary>
    public TransitionResult MarkShifted(int weight, string? aliasRevision)
    {
        if (!_machine.CanFire(Trigger.Shifted))
            return TransitionResult.Refused(_d.State, Refusal(Trigger.Shifted));
        _d.Weight = weight;
        if (aliasRevision is not null)
            _d.AliasRevision = aliasRevision;
        _d.Health = _d.Health with { ProviderErrors = 0 };
        var step = _d.CurrentStep!;
        return Fire(Trigger.Shifted, Actor.System, _ => weight >= 100
            ? $"All traffic on version {_d.TargetVersion}" + (step.Bake > TimeSpan.Zero ? $"; baking for {Format(step.Bake)} with health checks armed." : ".")
            : $"{weight}% of traffic on version {_d.TargetVersion} (step {_d.StepIndex + 1} of {_d.Plan.Steps.Count}); baking for {Format(step.Bake)}.",
            new Dictionary<string, string> { ["weight"] = weight.ToString(CultureInfo.InvariantCulture) });
    }

    /// <summary>
    /// The current step baked healthy: on to the next step, the promotion gate, or success. A step whose bake saw too
    /// little traffic to judge waits for a person instead (Promote or roll back), saying so.
    /// </summary>
    public TransitionResult CompleteBake(string healthSummary)
    {
        var baked = _d.CurrentStep;
        var shortfall = HasEvidence ? null : EvidenceText();
        var result = Fire(Trigger.BakeCompleted, Actor.System, to => to switch
        {
            DeploymentState.Succeeded => $"Version {_d.TargetVersion} takes all traffic. Deployment succeeded ({healthSummary}).",
            DeploymentState.AwaitingPromotion when shortfall is not null =>
                $"Step {_d.StepIndex + 1} ({baked?.Weight}%) baked for {Format(baked?.Bake ?? TimeSpan.Zero)}, but there was {shortfall}; " +
                $"waiting for {(_d.Gates.PromotionApproval || _d.Gates.StartApproval ? Needed(PromotionGate) : "a deployer")} to move it on, or a rollback.",
            DeploymentState.AwaitingPromotion => $"Step {_d.StepIndex + 1} ({baked?.Weight}%) baked healthy ({healthSummary}); waiting for {Needed(PromotionGate)} to promote.",
            _ => $"Step {_d.StepIndex} ({baked?.Weight}%) baked healthy ({healthSummary}); {NextMove()}.",
        });
        if (result.IsApplied && result.To == DeploymentState.AwaitingPromotion)
            _d.EvidenceShortfall = shortfall;
        return result;
    }

    /// <summary>
    /// Whether a freeze holds <paramref name="d"/>: it could still move traffic forward and OpsBot can stop it doing so
    /// (a start waiting for approval; an alias deployment before its last step, or waiting for a person). A CodeDeploy
    /// deployment that has started cannot be held; one at its last step only finishes.
    /// </summary>
    public static bool CanBeHeld(Deployment d) => d.Kind == DeploymentKind.Release && (d.State == DeploymentState.AwaitingApproval ||
        (d.Engine == DeploymentEngine.Alias && (d.State is DeploymentState.AwaitingPromotion or DeploymentState.Paused ||
                                               (d.State is DeploymentState.Shifting or DeploymentState.Baking && d.StepIndex < d.Plan.LastIndex))));

    /// <summary>True when the current step's bake has run its time but cannot pass because the environment is frozen.</summary>
    public bool HeldByFreeze => Frozen && _d.State == DeploymentState.Baking && !_machine.CanFire(Trigger.BakeCompleted);

    /// <summary>
    /// The environment is frozen: record the hold (once per freeze), so the card says who froze it and shows no
    /// Promote. Traffic stays where it is, health checks stay armed, and the plan continues when the freeze lifts.
    /// </summary>
    public void HoldForFreeze(string frozenBy, string reason)
    {
        if (_d.FreezeHold is { } held && held.By == frozenBy && held.Reason == reason)
            return;
        _d.FreezeHold = new FreezeHold(frozenBy, reason, _d.FreezeHold?.Since ?? _time.GetUtcNow());
        var where = _d.State == DeploymentState.AwaitingApproval ? "before any traffic moves" : $"at {_d.Weight}% once its current step has baked";
        Observe($"{_d.Target.Environment} is frozen by {ChatRefs.Person(frozenBy)}: {reason}. Holding {where}; health checks stay armed, " +
                "and the plan continues when the freeze is lifted.");
    }

    /// <summary>The freeze was lifted: the deployment continues on its own.</summary>
    public void ReleaseFreezeHold()
    {
        if (_d.FreezeHold is null)
            return;
        _d.FreezeHold = null;
        Observe($"The freeze of {_d.Target.Environment} was lifted; continuing.");
    }

    /// <summary>A person passes the promotion gate; the rest of the plan runs once enough distinct people have promoted.</summary>
    public TransitionResult Promote(Actor who) =>
        PassGate(Trigger.Promote, PromotionGate, who, names => _d.State == DeploymentState.Succeeded
            ? $"Promoted by {names}; version {_d.TargetVersion} takes all traffic. Deployment succeeded."
            : $"Promoted by {names}; {NextMove()}.");

    /// <summary>Holds the current weights with health checks armed. <paramref name="who"/> is <see cref="Actor.System"/> for drift and outages, which also page.</summary>
    public TransitionResult Pause(Actor who, string reason)
    {
        var result = Fire(Trigger.Pause, who, _ => who.IsSystem
            ? $"Paused automatically at {_d.Weight}%: {reason}. Health checks stay armed; a person must resume or roll back."
            : $"Paused by {who.Mention} at {_d.Weight}%{Because(reason)}. Health checks stay armed.",
            page: who.IsSystem);
        if (result.IsApplied)
            _d.PauseReason = reason;
        return result;
    }

    /// <summary>Continues the plan from the paused step, re-applying its weight and taking the alias back as it is now.</summary>
    public TransitionResult Resume(Actor who)
    {
        var result = Fire(Trigger.Resume, who, _ => $"Resumed by {who.Mention}; re-applying {_d.CurrentStep?.Weight}% and continuing the plan.");
        if (result.IsApplied)
            _d.AliasRevision = null; // a person's Resume is consent to take the alias over as it is now, drift included
        return result;
    }

    /// <summary>A person rolls back: to the stable version, or to <paramref name="toVersion"/>. Never blocked by four eyes.</summary>
    public TransitionResult RollBack(Actor who, string? reason, string? toVersion = null)
    {
        if (!_machine.CanFire(Trigger.Rollback))
            return TransitionResult.Refused(_d.State, Refusal(Trigger.Rollback));
        _d.RollbackVersion = toVersion ?? _d.RollbackVersion;
        _d.Reason = reason ?? $"rolled back by {who.Mention}";
        return Fire(Trigger.Rollback, who, to => to == DeploymentState.Rejected
            ? $"Cancelled by {who.Mention} before any traffic moved{Because(reason)}."
            : $"{who.Mention} is rolling back to version {_d.RestoreVersion}{Because(reason)}.");
    }

    /// <summary>
    /// OpsBot rolls back on its own: a health breach, an alarm, a promotion timeout, or CodeDeploy failing. Pages.
    /// When errors caused it (<paramref name="errorsCaused"/>: the error rate, an alarm), the new version's top error
    /// messages from its logs follow in the thread.
    /// </summary>
    public TransitionResult AutoRollBack(string reason, IReadOnlyDictionary<string, string>? measured = null, bool errorsCaused = false)
    {
        if (!_machine.CanFire(Trigger.AutoRollback))
            return TransitionResult.Refused(_d.State, Refusal(Trigger.AutoRollback));
        _d.Reason = reason;
        var result = Fire(Trigger.AutoRollback, Actor.System,
            _ => $"Rolling back automatically to version {_d.RestoreVersion}: {reason}.", measured, page: true);
        if (result.IsApplied && errorsCaused && _d.Kind == DeploymentKind.Release)
            Changes.Notices.Add(new Notice(NoticeKind.Errors, $"Top errors of version {_d.TargetVersion}"));
        return result;
    }

    /// <summary>The alias was read back (at <paramref name="aliasRevision"/>) on the restored version with nothing on the new one.</summary>
    public TransitionResult ConfirmRolledBack(string aliasRevision)
    {
        var result = Fire(Trigger.RollbackVerified, Actor.System,
            _ => $"Rolled back: alias {_d.Target.Alias} verified on version {_d.RestoreVersion} with no traffic on version {_d.TargetVersion}.");
        if (result.IsApplied)
        {
            _d.Weight = 0;
            _d.AliasRevision = aliasRevision;
        }
        return result;
    }

    /// <summary>The rollback could not be completed: keeps the alias locked and pages.</summary>
    public TransitionResult FailRollback(string error)
    {
        if (!_machine.CanFire(Trigger.RollbackFailed))
            return TransitionResult.Refused(_d.State, Refusal(Trigger.RollbackFailed));
        _d.LastError = error;
        _d.LastPagedAt = _time.GetUtcNow();
        return Fire(Trigger.RollbackFailed, Actor.System,
            _ => $"Rollback FAILED after {_d.RollbackAttempts} attempt(s): {error}. The alias stays locked until a person's /rollback {_d.Target.Function} succeeds.",
            page: true);
    }

    /// <summary>Records something seen or decided that does not change the state (drift detail, a retry, a re-page).</summary>
    public void Observe(string message, IReadOnlyDictionary<string, string>? data = null, bool page = false) =>
        Record(Actor.System, EventKinds.Observation, null, null, message, data, "deploy.observe", page);

    private string PromotionGate => $"promotion:{_d.StepIndex}";

    /// <summary>"not enough traffic to judge (3 of 20 invocations)".</summary>
    private string EvidenceText()
    {
        var t = _d.Thresholds;
        var h = _d.Health;
        return h.JudgedPeriods == 0
            ? $"not enough traffic to judge ({h.MostInvocations:0} of {t.MinInvocations} invocations)"
            : $"not enough traffic to judge ({h.JudgedPeriods} of {t.MinJudgedPeriods} periods had {t.MinInvocations} invocations)";
    }

    private TransitionResult PassGate(Trigger trigger, string gate, Actor who, Func<string, string> narrate)
    {
        if (!_machine.CanFire(trigger))
            return TransitionResult.Refused(_d.State, Refusal(trigger));
        if (_d.Gates.FourEyes && who.Is(_d.RequestedBy))
            return TransitionResult.Refused(_d.State,
                $"Four eyes: {who.Mention} requested deployment {_d.Id}, so someone else must {Verb(trigger)} it.");
        if (_d.Approvals.Any(a => a.Gate == gate && who.Is(a.By)))
            return TransitionResult.Refused(_d.State, $"{who.Mention} already did; waiting for {Needed(gate)}.");

        _d.Approvals = [.. _d.Approvals, new Approval(who.Identity, gate, _time.GetUtcNow())];
        var approvers = _d.Approvals.Where(a => a.Gate == gate).Select(a => ChatRefs.Person(a.By)).ToList();
        if (approvers.Count < _d.Gates.RequiredApprovers)
        {
            var message = $"{who.Mention} {Verb(trigger)}d ({approvers.Count} of {_d.Gates.RequiredApprovers}); waiting for {Needed(gate)}.";
            Record(who, EventKinds.Approval, null, null, message, null, $"deploy.{Verb(trigger)}");
            return TransitionResult.Applied(_d.State, _d.State, message);
        }
        return Fire(trigger, who, _ => narrate(string.Join(", ", approvers)));
    }

    private string Needed(string gate)
    {
        var remaining = Math.Max(1, _d.Gates.RequiredApprovers - _d.Approvals.Count(a => a.Gate == gate));
        var who = _d.Gates.FourEyes ? "someone other than the requester" : "an approver";
        return remaining == 1 ? $"1 approval ({who})" : $"{remaining} more approvals ({who})";
    }

    /// <summary>What the deployment does next, read after a transition into Shifting or Promoting.</summary>
    private string NextMove() => _d.State == DeploymentState.Promoting
        ? "promoting to 100%"
        : $"shifting to {_d.CurrentStep?.Weight}%";

    private string EngineName => _d.Engine == DeploymentEngine.CodeDeploy ? "CodeDeploy" : "alias";

    private static string Because(string? reason) => string.IsNullOrWhiteSpace(reason) ? "" : $": {reason}";

    /// <summary>"5m", "1h30m", "4h": durations the way operators write them.</summary>
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
            return $"{span.TotalSeconds:0}s";
        var parts = new List<string>();
        if (span.Days > 0) parts.Add($"{span.Days}d");
        if (span.Hours > 0) parts.Add($"{span.Hours}h");
        if (span.Minutes > 0) parts.Add($"{span.Minutes}m");
        if (span.Seconds > 0) parts.Add($"{span.Seconds}s");
        return string.Concat(parts);
    }
}
