using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;

namespace OpsBot.Core.UseCases;

/// <summary>Start a release. Null options take the function's configuration.</summary>
public sealed record StartRequest(Actor Actor, string Function)
{
    /// <summary>A published version; null publishes one from <c>$LATEST</c>.</summary>
    public string? Version { get; init; }

    public string? Environment { get; init; }

    public string? Strategy { get; init; }

    public DeploymentEngine? Engine { get; init; }

    /// <summary>Weight of the first step, 1..99.</summary>
    public int? CanaryPercentage { get; init; }

    /// <summary>Bake of each step but the last, in minutes.</summary>
    public int? BakeMinutes { get; init; }

    /// <summary>Error rate (percent) above which the new version is rolled back.</summary>
    public double? RollbackThreshold { get; init; }

    /// <summary>An admin skips the gates; needs <see cref="Reason"/>.</summary>
    public bool SkipApproval { get; init; }

    public string? Reason { get; init; }

    /// <summary>Makes the request idempotent (a Slack trigger_id, a Teams activity id).</summary>
    public string? RequestKey { get; init; }
}

/// <summary>Act on one deployment. <see cref="ExpectedVersion"/> is the state version (<see cref="Deployment.StateVersion"/>) a button carried.</summary>
public sealed record DeploymentRequest(Actor Actor, string DeploymentId)
{
    public long? ExpectedVersion { get; init; }

    public string? Reason { get; init; }

    public string? RequestKey { get; init; }
}

/// <summary>Roll a function back: abort its active deployment, or point its alias at the previous (or given) version.</summary>
public sealed record RollbackRequest(Actor Actor, string Function)
{
    public string? Environment { get; init; }

    public string? TargetVersion { get; init; }

    public string? Reason { get; init; }

    public string? RequestKey { get; init; }
}

public enum CommandStatus
{
    Done,
    Refused,

    /// <summary>The same request key was already handled; nothing was done again.</summary>
    Duplicate,
}

/// <summary>What a command did, in a message for the person who asked.</summary>
public sealed record CommandResult(CommandStatus Status, string Message, IReadOnlyList<Deployment> Deployments)
{
    public bool IsDone => Status == CommandStatus.Done;

    public Deployment? Deployment => Deployments.Count > 0 ? Deployments[0] : null;

    public static CommandResult Done(string message, params Deployment[] deployments) => new(CommandStatus.Done, message, deployments);

    public static CommandResult Refused(string message) => new(CommandStatus.Refused, message, []);
}
