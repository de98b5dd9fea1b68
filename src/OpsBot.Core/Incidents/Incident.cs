using OpsBot.Core.Deployments;

namespace OpsBot.Core.Incidents;

public enum IncidentState
{
    /// <summary>Alarming, nobody has taken the lead.</summary>
    Open,

    /// <summary>Alarming, with a lead.</summary>
    Acknowledged,

    /// <summary>The alarm went back to OK; a person resolves it (or it resolves itself after <c>AutoResolveAfter</c>).</summary>
    Recovered,

    Resolved,
}

/// <summary>What a person can do from an incident's card or <c>/incident</c>.</summary>
public enum IncidentAction
{
    Acknowledge,
    RollBack,
    Resolve,
}

/// <summary>Something a person (or OpsBot) did about an incident, for the summary at the end.</summary>
public sealed record IncidentStep(DateTimeOffset At, string By, string Text);

/// <summary>
/// An alert thread: an alarm that guards no deployment in flight, with its root message (the card) and thread, its
/// lead, what was done and how it ended. Changed only through <see cref="IncidentWorkflow"/> (built by
/// <see cref="NewIncident"/>); the row version that storage sets is the one exemption.
/// </summary>
public sealed class Incident
{
    public const string IdPrefix = "inc-";

    public required string Id { get; init; }

    public required string Environment { get; init; }

    public required string AlarmName { get; init; }

    /// <summary>The alarm's ARN: alarm names repeat across accounts and regions.</summary>
    public required string AlarmArn { get; init; }

    /// <summary>The function the alarm watches (its FunctionName dimension, or the function that lists the alarm); null when none.</summary>
    public string? Function { get; init; }

    public string? Alias { get; init; }

    public string? Channel { get; init; }

    public string? ChatPlatform { get; init; }

    /// <summary>What the alarm watches: "AWS/Lambda Errors (Sum) > 5 over 60 s, FunctionName=lambda_router".</summary>
    public string? Metric { get; init; }

    /// <summary>What the alias routed when it opened: "100% on version 5".</summary>
    public string? Routing { get; init; }

    /// <summary>"version 5 went live 25 min ago by alice (dep-abc123) — a likely suspect".</summary>
    public string? Suspect { get; init; }

    /// <summary>The version a rollback from the card would go back to; null when there is none.</summary>
    public string? RollbackVersion { get; init; }

    /// <summary>The environment's feature flags that were on when it opened: what "Turn off a flag…" offers.</summary>
    public IReadOnlyList<string> FlagsOn { get; init; } = [];

    /// <summary>A deployment in flight on the function when it opened (one the alarm does not guard).</summary>
    public string? DeploymentId { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }

    public IncidentState State { get; set; }

    public DateTimeOffset StateSince { get; set; }

    /// <summary>CloudWatch's last reason ("Threshold Crossed: …"), and when the alarm last went to ALARM.</summary>
    public string? Reason { get; set; }

    public DateTimeOffset LastAlarmAt { get; set; }

    /// <summary>How many times the alarm went to ALARM while this was open.</summary>
    public int Alarms { get; set; } = 1;

    public string? Lead { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public DateTimeOffset? RecoveredAt { get; set; }

    public DateTimeOffset? EscalatedAt { get; set; }

    public string? ResolvedBy { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    public IReadOnlyList<IncidentStep> Steps { get; set; } = [];

    /// <summary>Incremented on every save (optimistic concurrency); set by storage.</summary>
    public long Version { get; set; }

    /// <summary>Incremented on every transition: a card's buttons carry it, so a stale click changes nothing.</summary>
    public long StateVersion { get; set; }

    public bool IsOpen => State != IncidentState.Resolved;

    public EntityRef Entity => IncidentEntity.Of(Id);
}

/// <summary>The outbox's and chat messages' key for an incident.</summary>
public static class IncidentEntity
{
    public const string Kind = "incident";

    public static EntityRef Of(string id) => new(Kind, id);
}

/// <summary>Everything committed together with an incident's new state: its notices (card, thread, page) and audit.</summary>
public sealed class IncidentChanges
{
    public List<Notice> Notices { get; } = [];

    public List<Identity.AuditEntry> Audit { get; } = [];
}
