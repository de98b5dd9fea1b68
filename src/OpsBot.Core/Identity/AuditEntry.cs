namespace OpsBot.Core.Identity;

public enum AuditOutcome
{
    Succeeded,
    Refused,
    Failed,
}

/// <summary>Who did what, where, when, with what outcome, and (for automatic decisions) the measured values behind it.</summary>
public sealed record AuditEntry(
    DateTimeOffset At,
    string Actor,
    string Action,
    string? Environment,
    string? Subject,
    string? Channel,
    AuditOutcome Outcome,
    string Detail,
    IReadOnlyDictionary<string, string>? Data = null);
