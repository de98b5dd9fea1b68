using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;

namespace OpsBot.Core.Flags;

/// <summary>Builds a new flag change as a person asked for it, and records its creation (card, thread line, audit).</summary>
public static class NewFlagChange
{
    /// <summary>The id of the flag change that follows deployment <paramref name="deploymentId"/>: one per deployment, whatever restarts.</summary>
    public static string FollowUpId(string deploymentId) => $"{FlagChange.IdPrefix}after-{deploymentId}";

    public static (FlagChange Change, FlagChanges Changes) Create(string environment, IReadOnlyList<FlagSetting> settings, string strategy,
        GateSettings gates, Actor requester, string? reason, TimeProvider time, bool emergency = false, bool force = false, string? id = null,
        Deployments.Deployment? followUpOf = null)
    {
        var change = new FlagChange
        {
            Id = id ?? FlagChange.IdPrefix + Guid.NewGuid().ToString("N")[..10],
            Environment = environment,
            Settings = settings,
            Strategy = strategy,
            Emergency = emergency,
            FollowUpOf = followUpOf?.Id,
            Approvals = followUpOf?.Approvals ?? [],
            Force = force,
            Gates = gates,
            RequestedBy = requester.Identity,
            RequestReason = reason,
            Channel = requester.Channel,
            ChatPlatform = requester.Platform,
            CreatedAt = time.GetUtcNow(),
        };
        var workflow = new FlagChangeWorkflow(change, time);
        workflow.Submit(requester);
        return (change, workflow.Changes);
    }
}
