using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;

namespace OpsBot.Core.Flags;

/// <summary>Everything committed together with a flag change's new state: its notices (card, thread, page) and audit.</summary>
public sealed class FlagChanges
{
    public List<Notice> Notices { get; } = [];

    public List<AuditEntry> Audit { get; } = [];

    public bool IsEmpty => Notices.Count == 0 && Audit.Count == 0;
}

/// <summary>What an intent did: applied (with what to tell the person) or refused (with why).</summary>
public sealed record FlagTransition(bool IsApplied, string Message)
{
    public static FlagTransition Applied(string message) => new(true, message);

    public static FlagTransition Refused(string reason) => new(false, reason);
}
