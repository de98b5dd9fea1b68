using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using Stateless;

namespace OpsBot.Core.Flags;

/// <summary>
/// The lifecycle of one flag change: a Stateless machine over the loaded entity, behind intents (what a person asks)
/// and observations (what the runner saw AppConfig do). Every applied transition records a card update, a thread line
/// and an audit entry in <see cref="Changes"/> for the caller to commit with the entity. Not thread-safe: work on one
/// change is serialized by its callers.
/// </summary>
public sealed class FlagChangeWorkflow
{
    private enum Trigger
    {
        Approve,
        Reject,
        Started,
        StartFailed,
        Complete,
        RolledBackByAppConfig,
        Stop,
        Revert,
        Stopped,
        StopFailed,
    }

    private readonly FlagChange _c;
    private readonly TimeProvider _time;
    private readonly StateMachine<FlagChangeState, Trigger> _machine;

    public FlagChangeWorkflow(FlagChange change, TimeProvider time)
    {
        _c = change;
        _time = time;
        _machine = new StateMachine<FlagChangeState, Trigger>(() => _c.State, s => _c.State = s);
        _machine.Configure(FlagChangeState.AwaitingApproval)
            .Permit(Trigger.Approve, FlagChangeState.Pending)
            .Permit(Trigger.Reject, FlagChangeState.Rejected);
        _machine.Configure(FlagChangeState.Pending)
            .Permit(Trigger.Started, FlagChangeState.Deploying)
            .Permit(Trigger.StartFailed, FlagChangeState.Failed)
            .Permit(Trigger.Stop, FlagChangeState.Stopped);
        _machine.Configure(FlagChangeState.Deploying)
            .Permit(Trigger.Complete, FlagChangeState.Completed)
            .Permit(Trigger.RolledBackByAppConfig, FlagChangeState.RolledBack)
            .Permit(Trigger.Stop, FlagChangeState.Stopping);
        _machine.Configure(FlagChangeState.Stopping)
            .PermitDynamic(Trigger.Stopped, () => _c.Reverting ? FlagChangeState.Reverted : FlagChangeState.Stopped)
            .PermitDynamic(Trigger.StopFailed, () => _c.Reverting ? FlagChangeState.Completed : FlagChangeState.Deploying)
            .Permit(Trigger.Complete, FlagChangeState.Completed)
            .Permit(Trigger.RolledBackByAppConfig, FlagChangeState.RolledBack);
        _machine.Configure(FlagChangeState.Completed)
            .Permit(Trigger.Revert, FlagChangeState.Stopping);
    }

    public FlagChange Change => _c;

    public FlagChanges Changes { get; } = new();

    /// <summary>The actions a person could take now (the buttons its card shows).</summary>
    public IReadOnlyList<FlagAction> AvailableActions =>
    [
        .. _c.State == FlagChangeState.AwaitingApproval ? new[] { FlagAction.Approve, FlagAction.Reject } : [],
        .. _machine.CanFire(Trigger.Stop) && _c.State == FlagChangeState.Deploying ? new[] { FlagAction.Stop } : [],
        .. _machine.CanFire(Trigger.Revert) ? new[] { FlagAction.Revert } : [],
    ];

    /// <summary>The change as asked for: waiting for an approval when one applies, else ready for the runner.</summary>
    internal void Submit(Actor requester)
    {
        _c.UpdatedAt = _time.GetUtcNow();
        if (_c.Settings.All(s => s.From == s.To))
        {
            _c.State = FlagChangeState.Completed;
            _c.CompletedAt = _c.UpdatedAt;
            Record(requester, "flags.request", $"{_c.Describe()} in {_c.Environment}: already so; nothing to change.");
            return;
        }
        _c.State = _c.NeedsApproval ? FlagChangeState.AwaitingApproval : FlagChangeState.Pending;
        var what = _c.Emergency ? $"emergency: {_c.Describe()} now"
            : _c.FollowUpOf is { } deployment ? $"{_c.Describe()} after deployment {deployment} succeeded (approved with it)"
            : _c.Describe();
        var next = _c.NeedsApproval ? $"; waiting for {Needed()} to approve" : "";
        Record(requester, "flags.request", $"{requester.Mention} asked for {what} in {_c.Environment} ({_c.Strategy}){Because(_c.RequestReason)}{next}.");
    }

    public FlagTransition Approve(Actor who)
    {
        if (_c.State != FlagChangeState.AwaitingApproval)
            return Refused("approved");
        if (_c.Gates.FourEyes && who.Is(_c.RequestedBy))
            return FlagTransition.Refused($"{who.Mention} asked for flag change {_c.Id}; four eyes: a second person must approve it.");
        if (_c.Approvals.Any(a => who.Is(a.By)))
            return FlagTransition.Refused($"{who.Mention} already approved flag change {_c.Id}; it needs {Needed()}.");
        _c.Approvals = [.. _c.Approvals, new Approval(who.Identity, "flags", _time.GetUtcNow())];
        if (_c.Approvals.Count < Math.Max(1, _c.Gates.RequiredApprovers))
            return Note(who, "flags.approve", $"{who.Mention} approved flag change {_c.Id} ({_c.Approvals.Count} of {_c.Gates.RequiredApprovers}).");
        return Fire(Trigger.Approve, who, "flags.approve", $"{who.Mention} approved {_c.Describe()}; OpsBot deploys it now.");
    }

    public FlagTransition Reject(Actor who, string? reason)
    {
        if (!_machine.CanFire(Trigger.Reject))
            return Refused("rejected");
        _c.Reason = reason ?? $"rejected by {who.Mention}";
        return Fire(Trigger.Reject, who, "flags.reject", $"{who.Mention} rejected {_c.Describe()}{Because(reason)}; nothing was changed.");
    }

    /// <summary>The approval waited longer than the environment's approval timeout.</summary>
    public FlagTransition TimeOut()
    {
        if (!_machine.CanFire(Trigger.Reject))
            return Refused("timed out");
        _c.Reason = $"no approval within {_c.Gates.ApprovalTimeout.TotalHours:0.#} h";
        return Fire(Trigger.Reject, Actor.System, "flags.reject", $"Flag change {_c.Id} expired: {_c.Reason}; nothing was changed.");
    }

    /// <summary>A person stops it: before it started, nothing happens; while AppConfig deploys it, the runner stops it.</summary>
    public FlagTransition Stop(Actor who, string? reason)
    {
        if (!_machine.CanFire(Trigger.Stop))
            return Refused("stopped");
        _c.Reverting = false;
        _c.Reason = reason ?? $"stopped by {who.Mention}";
        return Fire(Trigger.Stop, who, "flags.stop", _c.State == FlagChangeState.Pending
            ? $"{who.Mention} stopped {_c.Describe()} before AppConfig was asked; nothing was changed{Because(reason)}."
            : $"{who.Mention} is stopping AppConfig deployment {_c.DeploymentNumber}{Because(reason)}.");
    }

    /// <summary>A person reverts a completed change (within AppConfig's 72 hours; the caller checks the window).</summary>
    public FlagTransition Revert(Actor who, string? reason)
    {
        if (!_machine.CanFire(Trigger.Revert))
            return Refused("reverted");
        _c.Reverting = true;
        _c.Reason = reason ?? $"reverted by {who.Mention}";
        return Fire(Trigger.Revert, who, "flags.revert", $"{who.Mention} is reverting {_c.Describe()}{Because(reason)}.");
    }

    /// <summary>The runner created hosted version <paramref name="version"/> and AppConfig started deployment <paramref name="number"/>.</summary>
    public FlagTransition Started(int version, int number, string state, double percent, int? keptVersion = null)
    {
        _c.HostedVersion = version;
        _c.DeploymentNumber = number;
        _c.AppConfigState = state;
        _c.PercentComplete = percent;
        var kept = keptVersion is { } k ? $" It keeps what version {k}, created outside OpsBot meanwhile, changed in other flags." : "";
        return Fire(Trigger.Started, Actor.System, "flags.start",
            $"AppConfig is deploying version {version} (deployment {number}, {_c.Strategy}).{kept}");
    }

    /// <summary>AppConfig refused the change, or the flags changed meanwhile: nothing was deployed.</summary>
    public FlagTransition StartFailed(string reason)
    {
        _c.Reason = reason;
        return Fire(Trigger.StartFailed, Actor.System, "flags.start", $"Not deployed: {reason}", failed: true);
    }

    /// <summary>What the runner read of AppConfig's deployment this poll.</summary>
    public FlagTransition Observed(string state, double percent, string? lastEvent)
    {
        var moved = state != _c.AppConfigState || Math.Abs(percent - (_c.PercentComplete ?? -1)) > 0.01;
        _c.AppConfigState = state;
        _c.PercentComplete = percent;
        switch (state)
        {
            case "COMPLETE":
                _c.CompletedAt = _time.GetUtcNow();
                return Fire(Trigger.Complete, Actor.System, "flags.complete",
                    $"AppConfig completed deployment {_c.DeploymentNumber}: {_c.Describe()} in {_c.Environment}. Clients pick it up at their next poll (the Lambda extension polls every 45 s by default).");
            case "ROLLED_BACK" when _c.State == FlagChangeState.Stopping:
            case "REVERTED" when _c.State == FlagChangeState.Stopping:
                return Fire(Trigger.Stopped, Actor.System, _c.Reverting ? "flags.revert" : "flags.stop",
                    $"AppConfig {(_c.Reverting ? "reverted" : "stopped")} deployment {_c.DeploymentNumber}; {_c.Environment} is back on the flags it had before.");
            case "ROLLED_BACK" or "REVERTED":
                _c.Reason = $"rolled back by AppConfig{(lastEvent is null ? "" : $": {lastEvent}")}";
                return Fire(Trigger.RolledBackByAppConfig, Actor.System, "flags.rolledback",
                    $"AppConfig rolled deployment {_c.DeploymentNumber} back{(lastEvent is null ? "" : $": {lastEvent}")}.", failed: true);
            default:
                if (!moved)
                    return FlagTransition.Refused("nothing new");
                _c.UpdatedAt = _time.GetUtcNow();
                Changes.Notices.Add(new Notice(NoticeKind.Card, $"{state} {percent:0.#}%"));
                return FlagTransition.Applied($"AppConfig deployment {_c.DeploymentNumber}: {state}, {percent:0.#}%.");
        }
    }

    /// <summary>AppConfig would not stop or revert it (it completed meanwhile, or the revert window passed).</summary>
    public FlagTransition StopFailed(string reason)
    {
        var verb = _c.Reverting ? "revert" : "stop";
        _c.Reason = null;
        return Fire(Trigger.StopFailed, Actor.System, $"flags.{verb}", $"AppConfig did not {verb} deployment {_c.DeploymentNumber}: {reason}", failed: true);
    }

    private FlagTransition Fire(Trigger trigger, Actor actor, string action, string message, bool failed = false)
    {
        if (!_machine.CanFire(trigger))
            return FlagTransition.Refused($"Flag change {_c.Id} is {Describe(_c.State)}; that is not possible now.");
        _machine.Fire(trigger);
        _c.UpdatedAt = _time.GetUtcNow();
        _c.StateVersion++;
        Record(actor, action, message, failed ? AuditOutcome.Failed : AuditOutcome.Succeeded);
        return FlagTransition.Applied(message);
    }

    private FlagTransition Note(Actor actor, string action, string message)
    {
        _c.UpdatedAt = _time.GetUtcNow();
        Record(actor, action, message);
        return FlagTransition.Applied(message);
    }

    private void Record(Actor actor, string action, string message, AuditOutcome outcome = AuditOutcome.Succeeded)
    {
        Changes.Notices.Add(new Notice(NoticeKind.Card, message));
        Changes.Notices.Add(new Notice(NoticeKind.Timeline, message));
        if (_c.State is FlagChangeState.RolledBack || (_c.Emergency && action == "flags.request"))
            Changes.Notices.Add(new Notice(NoticeKind.Page, message, $"OpsBot {_c.Environment}: flags {(_c.Emergency ? "emergency rollback" : "rolled back by AppConfig")}"));
        Changes.Audit.Add(new AuditEntry(_time.GetUtcNow(), actor.Identity, action, _c.Environment, _c.Id, _c.Channel, outcome, message,
            new Dictionary<string, string> { ["flags"] = _c.Describe(), ["state"] = _c.State.ToString() }));
    }

    private FlagTransition Refused(string verb) =>
        FlagTransition.Refused($"Flag change {_c.Id} is {Describe(_c.State)}, so it cannot be {verb}.");

    private string Needed() => _c.Gates.FourEyes ? "an approver other than the requester" : "an approver";

    private static string Because(string? reason) => string.IsNullOrWhiteSpace(reason) ? "" : $": {reason}";

    public static string Describe(FlagChangeState state) => state switch
    {
        FlagChangeState.AwaitingApproval => "awaiting approval",
        FlagChangeState.RolledBack => "rolled back by AppConfig",
        _ => state.ToString().ToLowerInvariant(),
    };
}
