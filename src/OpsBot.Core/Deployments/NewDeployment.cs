using System.Security.Cryptography;
using OpsBot.Core.Health;
using OpsBot.Core.Identity;

namespace OpsBot.Core.Deployments;

/// <summary>
/// Builds new deployments, in <see cref="DeploymentState.Pending"/>, for the workflow to submit: a release (a new
/// version, by a plan) or a manual rollback (one step to a version that was live before). The only place a
/// <see cref="Deployment"/> is constructed outside storage.
/// </summary>
public static class NewDeployment
{
    /// <summary>The one-step plan of a manual rollback.</summary>
    public static readonly DeploymentPlan RollbackPlan = new("rollback", [new PlanStep(100, TimeSpan.Zero)]);

    /// <param name="functionChannel">Where the function reports when the requester has no channel (the CLI, an alarm).</param>
    /// <param name="aliasRevision">The alias revision read before the start: a different one later means someone else changed the alias.</param>
    public static Deployment Release(FunctionTarget target, string stableVersion, string targetVersion, DeploymentEngine engine,
        DeploymentPlan plan, HealthThresholds thresholds, GateSettings gates, IReadOnlyList<string> alarms, IReadOnlyList<string> probes,
        Actor requester, string? functionChannel, string? aliasRevision, DateTimeOffset now,
        string? gateSkipReason = null, IReadOnlyList<string>? exceededLimits = null, string? requestReason = null,
        IReadOnlyList<string>? enableFlags = null) => new()
    {
        Id = NewId(),
        Target = target,
        StableVersion = stableVersion,
        TargetVersion = targetVersion,
        Engine = engine,
        Plan = plan,
        Thresholds = thresholds,
        Gates = gates,
        Alarms = [.. alarms],
        Probes = [.. probes],
        RequestedBy = requester.Identity,
        Channel = requester.Channel ?? functionChannel,
        ChatPlatform = requester.Channel is null ? null : requester.Platform,
        GateSkipReason = ChatRefs.Clean(gateSkipReason),
        RequestReason = Reason(requestReason),
        EnableFlags = enableFlags ?? [],
        ExceededLimits = exceededLimits ?? [],
        AliasRevision = aliasRevision,
        CreatedAt = now,
        UpdatedAt = now,
        StateSince = now,
    };

    /// <summary>A person's rollback of <paramref name="target"/> from <paramref name="fromVersion"/> to <paramref name="toVersion"/>, on the alias engine.</summary>
    public static Deployment Rollback(FunctionTarget target, string fromVersion, string toVersion, HealthThresholds thresholds,
        GateSettings gates, Actor requester, string? functionChannel, string? aliasRevision, DateTimeOffset now, string? requestReason = null) => new()
    {
        Id = NewId(),
        Kind = DeploymentKind.Rollback,
        Target = target,
        StableVersion = toVersion,
        TargetVersion = fromVersion,
        Engine = DeploymentEngine.Alias,
        Plan = RollbackPlan,
        RequestReason = Reason(requestReason),
        Thresholds = thresholds,
        Gates = gates,
        RequestedBy = requester.Identity,
        Channel = requester.Channel ?? functionChannel,
        ChatPlatform = requester.Channel is null ? null : requester.Platform,
        AliasRevision = aliasRevision,
        CreatedAt = now,
        UpdatedAt = now,
        StateSince = now,
    };

    /// <summary>A person's reason as stored: trimmed, without reference brackets (so it cannot forge a mention), null when blank.</summary>
    private static string? Reason(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : ChatRefs.Clean(reason.Trim());

    /// <summary>"dep-k3m9x2": short enough to type, without look-alike characters.</summary>
    private static string NewId()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        return "dep-" + RandomNumberGenerator.GetString(alphabet, 6);
    }
}
