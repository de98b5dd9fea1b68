using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using Stateless;

namespace OpsBot.Core.Incidents;

/// <summary>
/// The lifecycle of one incident: a Stateless machine over the loaded entity, behind intents (a person acknowledges,
/// rolls back, resolves) and observations (the alarm went to ALARM again, back to OK; nobody acknowledged in time).
/// Every applied change records a card update, a thread line and an audit entry in <see cref="Changes"/> (and a page
/// when it opens, escalates or resolves) for the caller to commit with the entity. Not thread-safe: work on one incident
/// is serialized by its callers.
/// </summary>
public sealed class IncidentWorkflow
{
    private enum Trigger
    {
        Acknowledge,
        Recover,
        Realarm,
        Resolve,
    }

    private readonly Incident _i;
    private readonly TimeProvider _time;
    private readonly StateMachine<IncidentState, Trigger> _machine;

    public IncidentWorkflow(Incident incident, TimeProvider time)
    {
        _i = incident;
        _time = time;
        _machine = new StateMachine<IncidentState, Trigger>(() => _i.State, s => _i.State = s);
        _machine.Configure(IncidentState.Open)
            .Permit(Trigger.Acknowledge, IncidentState.Acknowledged)
            .Permit(Trigger.Recover, IncidentState.Recovered)
            .Permit(Trigger.Resolve, IncidentState.Resolved);
        _machine.Configure(IncidentState.Acknowledged)
            .Permit(Trigger.Recover, IncidentState.Recovered)
            .Permit(Trigger.Resolve, IncidentState.Resolved);
        _machine.Configure(IncidentState.Recovered)
            .PermitDynamic(Trigger.Realarm, () => _i.Lead is null ? IncidentState.Open : IncidentState.Acknowledged)
            .PermitReentry(Trigger.Acknowledge)
            .Permit(Trigger.Resolve, IncidentState.Resolved);
    }

    public Incident Incident => _i;

    public IncidentChanges Changes { get; } = new();

    /// <summary>The buttons its card shows now.</summary>
    public IReadOnlyList<IncidentAction> AvailableActions =>
    [
        .. _i.Lead is null && _i.IsOpen ? new[] { IncidentAction.Acknowledge } : [],
        .. _i.IsOpen && _i.Function is not null && _i.RollbackVersion is not null ? new[] { IncidentAction.RollBack } : [],
        .. _i.IsOpen ? new[] { IncidentAction.Resolve } : [],
    ];

    /// <summary>The incident as it opens: its root message, and a page to the operators.</summary>
    internal void Open(string message)
    {
        _i.State = IncidentState.Open;
        _i.StateSince = _i.OpenedAt;
        Record(Actor.System, "incident.open", message, page: $"OpsBot {_i.Environment}: incident {_i.Id} {_i.AlarmName} in ALARM");
    }

    /// <summary>A person takes the lead (a recovered incident can still get one, for its summary).</summary>
    public IncidentTransition Acknowledge(Actor who)
    {
        if (!_i.IsOpen)
            return Refused("acknowledged");
        if (_i.Lead is not null)
            return IncidentTransition.Refused($"Incident {_i.Id} is already acknowledged by {ChatRefs.Person(_i.Lead)}.");
        _i.Lead = who.Identity;
        _i.AcknowledgedAt = _time.GetUtcNow();
        Step(who, "acknowledged and took the lead");
        return Fire(Trigger.Acknowledge, who, "incident.ack",
            $"{who.Mention} acknowledged incident {_i.Id} after {Since(_i.OpenedAt)} and leads it.");
    }

    /// <summary>A person rolled the function back from the incident (the rollback itself is a deployment, linked here).</summary>
    public IncidentTransition RolledBack(Actor who, string deploymentId, string toVersion)
    {
        if (!_i.IsOpen)
            return Refused("rolled back");
        if (_i.Steps.Any(s => s.Text.EndsWith($"({deploymentId})", StringComparison.Ordinal)))
            return IncidentTransition.Refused($"Incident {_i.Id} already records {deploymentId}.");
        var text = $"rolled {_i.Function} back to version {toVersion} ({deploymentId})";
        Step(who, text);
        return Note(who, "incident.rollback", $"{who.Mention} {text}.");
    }

    /// <summary>A person resolves it; the thread gets the summary, the start of a post-mortem.</summary>
    public IncidentTransition Resolve(Actor who, string? reason)
    {
        if (!_machine.CanFire(Trigger.Resolve))
            return Refused("resolved");
        _i.ResolvedBy = who.Identity;
        _i.ResolvedAt = _time.GetUtcNow();
        Step(who, who.Identity == Actor.System.Identity ? $"resolved it after {Since(_i.RecoveredAt ?? _i.ResolvedAt.Value)} in OK" : "resolved it" + Because(reason));
        return Fire(Trigger.Resolve, who, "incident.resolve", Summary(who, reason),
            page: $"OpsBot {_i.Environment}: incident {_i.Id} resolved");
    }

    /// <summary>The alarm went to ALARM again while this was open: a thread line (and it is open again if it had recovered).</summary>
    public IncidentTransition Realarmed(string? reason, DateTimeOffset at)
    {
        _i.Alarms++;
        _i.LastAlarmAt = at;
        _i.Reason = reason ?? _i.Reason;
        if (_machine.CanFire(Trigger.Realarm))
        {
            _i.RecoveredAt = null;
            return Fire(Trigger.Realarm, Actor.System, "incident.alarm", $"{_i.AlarmName} is in ALARM again{Because(reason)}.");
        }
        return Note(Actor.System, "incident.alarm", $"{_i.AlarmName} is in ALARM again{Because(reason)}.");
    }

    /// <summary>The alarm went back to OK.</summary>
    public IncidentTransition Recovered(DateTimeOffset at)
    {
        if (!_machine.CanFire(Trigger.Recover))
            return IncidentTransition.Refused($"Incident {_i.Id} is {Describe(_i.State)}.");
        _i.RecoveredAt = at;
        return Fire(Trigger.Recover, Actor.System, "incident.recover",
            $"{_i.AlarmName} recovered after {Format(at - _i.LastAlarmAt)}: it is OK again. Resolve the incident when it is understood.");
    }

    /// <summary>INSUFFICIENT_DATA: said in the thread, nothing else changes.</summary>
    public IncidentTransition InsufficientData(string? reason) =>
        _i.IsOpen ? Note(Actor.System, "incident.alarm", $"{_i.AlarmName} has insufficient data{Because(reason)}.") : Refused("noted");

    /// <summary>Nobody acknowledged it in time: a page, and the on-call group mentioned in the thread.</summary>
    public IncidentTransition Escalate(string? onCall)
    {
        if (_i.State != IncidentState.Open || _i.EscalatedAt is not null)
            return IncidentTransition.Refused($"Incident {_i.Id} needs no escalation.");
        _i.EscalatedAt = _time.GetUtcNow();
        var who = onCall is null ? "" : $"{ChatRefs.Person(onCall)}: ";
        return Note(Actor.System, "incident.escalate",
            $"{who}incident {_i.Id} ({_i.AlarmName}) has had nobody acknowledge it for {Since(_i.OpenedAt)}. Acknowledge it to take the lead.",
            page: $"OpsBot {_i.Environment}: incident {_i.Id} unacknowledged");
    }

    /// <summary>"Resolved by bob. Opened 10:14 UTC (lambda_router-error-rate); acknowledged by bob after 3 min; …".</summary>
    private string Summary(Actor who, string? reason)
    {
        var lines = new List<string>
        {
            $"Resolved by {who.Mention}{Because(reason)}. Summary of {_i.Id}:",
            $"• opened {_i.OpenedAt:yyyy-MM-dd HH:mm} UTC: {_i.AlarmName} in ALARM{Because(_i.Reason)}",
            _i.Lead is { } lead && _i.AcknowledgedAt is { } ack
                ? $"• acknowledged by {ChatRefs.Person(lead)} after {Format(ack - _i.OpenedAt)}"
                : "• never acknowledged" + (_i.EscalatedAt is { } esc ? $" (escalated after {Format(esc - _i.OpenedAt)})" : ""),
        };
        lines.AddRange(_i.Steps.Where(s => !s.Text.StartsWith("acknowledged", StringComparison.Ordinal))
            .Select(s => $"• {s.At:HH:mm} UTC {ChatRefs.Person(s.By)} {s.Text}"));
        lines.Add(_i.RecoveredAt is { } recovered
            ? $"• time to recover: {Format(recovered - _i.OpenedAt)}"
            : "• the alarm had not recovered when it was resolved");
        return string.Join('\n', lines);
    }

    private void Step(Actor who, string text) => _i.Steps = [.. _i.Steps, new IncidentStep(_time.GetUtcNow(), who.Identity, text)];

    private IncidentTransition Fire(Trigger trigger, Actor actor, string action, string message, string? page = null)
    {
        if (!_machine.CanFire(trigger))
            return IncidentTransition.Refused($"Incident {_i.Id} is {Describe(_i.State)}; that is not possible now.");
        var before = _i.State;
        _machine.Fire(trigger);
        if (_i.State != before)
            _i.StateSince = _time.GetUtcNow();
        _i.StateVersion++;
        Record(actor, action, message, page);
        return IncidentTransition.Applied(message);
    }

    private IncidentTransition Note(Actor actor, string action, string message, string? page = null)
    {
        _i.StateVersion++;
        Record(actor, action, message, page);
        return IncidentTransition.Applied(message);
    }

    private void Record(Actor actor, string action, string message, string? page = null)
    {
        Changes.Notices.Add(new Notice(NoticeKind.Card, message));
        Changes.Notices.Add(new Notice(NoticeKind.Timeline, message));
        if (page is not null)
            Changes.Notices.Add(new Notice(NoticeKind.Page, message, page));
        Changes.Audit.Add(new AuditEntry(_time.GetUtcNow(), actor.Identity, action, _i.Environment, _i.Id, _i.Channel, AuditOutcome.Succeeded, message,
            new Dictionary<string, string> { ["alarm"] = _i.AlarmName, ["state"] = _i.State.ToString(), ["function"] = _i.Function ?? "" }));
    }

    private IncidentTransition Refused(string verb) =>
        IncidentTransition.Refused($"Incident {_i.Id} is {Describe(_i.State)}, so it cannot be {verb}.");

    private string Since(DateTimeOffset at) => Format(_time.GetUtcNow() - at);

    private static string Format(TimeSpan span) => DeploymentWorkflow.Format(span < TimeSpan.Zero ? TimeSpan.Zero : span);

    private static string Because(string? reason) => string.IsNullOrWhiteSpace(reason) ? "" : $": {reason}";

    public static string Describe(IncidentState state) => state.ToString().ToLowerInvariant();
}

/// <summary>What an intent did: applied (with what to tell the person) or refused (with why).</summary>
public sealed record IncidentTransition(bool IsApplied, string Message)
{
    public static IncidentTransition Applied(string message) => new(true, message);

    public static IncidentTransition Refused(string reason) => new(false, reason);
}
