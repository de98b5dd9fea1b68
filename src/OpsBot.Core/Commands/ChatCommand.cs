using OpsBot.Core.Deployments;

namespace OpsBot.Core.Commands;

/// <summary>A command typed in chat, parsed and checked for form (not yet for permission or meaning).</summary>
public abstract record ChatCommand;

/// <summary><c>/deploy &lt;function&gt; [version] [options]</c>.</summary>
public sealed record StartCommand(string Function) : ChatCommand
{
    public string? Version { get; init; }

    public string? Environment { get; init; }

    public string? Strategy { get; init; }

    public DeploymentEngine? Engine { get; init; }

    public int? CanaryPercentage { get; init; }

    public int? BakeMinutes { get; init; }

    public double? RollbackThreshold { get; init; }

    public bool SkipApproval { get; init; }

    public string? Reason { get; init; }
}

/// <summary><c>/deploy status [function]</c>.</summary>
public sealed record StatusCommand(string? Function, string? Environment) : ChatCommand;

/// <summary><c>/deploy history [function]</c>.</summary>
public sealed record HistoryCommand(string? Function, string? Environment, int Limit) : ChatCommand;

/// <summary><c>/deploy approve|reject|promote|pause|resume &lt;id&gt;</c>, and <c>/rollback deployment &lt;id&gt;</c>.</summary>
public sealed record ActCommand(DeploymentAction Action, string DeploymentId, string? Reason) : ChatCommand;

/// <summary><c>/deploy freeze|unfreeze &lt;env&gt; --reason "..."</c>.</summary>
public sealed record FreezeCommand(bool Freeze, string Environment, string? Reason) : ChatCommand;

/// <summary><c>/rollback &lt;function&gt; [--target-version N]</c>.</summary>
public sealed record RollbackCommand(string Function, string? TargetVersion, string? Environment, string? Reason) : ChatCommand;

/// <summary><c>/deploy help</c>, <c>/rollback help</c>.</summary>
public sealed record HelpCommand(string Command) : ChatCommand;
