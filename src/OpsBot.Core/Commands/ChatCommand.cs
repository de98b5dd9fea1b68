using OpsBot.Core.Deployments;

namespace OpsBot.Core.Commands;

/// <summary>A command typed in chat, parsed and checked for form (not yet for permission or meaning).</summary>
public abstract record ChatCommand
{
    /// <summary>True for the levers that make things safer (see <see cref="DeploymentActions.MakesSafer"/>).</summary>
    public virtual bool MakesSafer => false;
}

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
public sealed record ActCommand(DeploymentAction Action, string DeploymentId, string? Reason) : ChatCommand
{
    public override bool MakesSafer => Action.MakesSafer();
}

/// <summary><c>/deploy freeze|unfreeze &lt;env&gt; --reason "..."</c>.</summary>
public sealed record FreezeCommand(bool Freeze, string Environment, string? Reason) : ChatCommand;

/// <summary><c>/rollback &lt;function&gt; [--target-version N]</c>.</summary>
public sealed record RollbackCommand(string Function, string? TargetVersion, string? Environment, string? Reason) : ChatCommand
{
    /// <summary>A rollback only ever goes back to a version that was live, so it always makes things safer.</summary>
    public override bool MakesSafer => true;
}

/// <summary><c>/deploy help</c>, <c>/rollback help</c>.</summary>
public sealed record HelpCommand(string Command) : ChatCommand;
