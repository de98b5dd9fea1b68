using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;

namespace OpsBot.Core.Commands;

/// <summary>
/// A request to OpsBot, parsed and checked for form (not yet for permission or meaning): what a person typed in any
/// chat, a button they clicked (an <see cref="ActCommand"/> with the state version the card showed), or the command
/// line. Parsed once, by the adapter that received it (<see cref="CommandGrammar"/>), and handed to the use cases as
/// is; who asked travels beside it in a <see cref="RequestContext"/>.
/// </summary>
public abstract record ChatCommand
{
    /// <summary>True for the levers that make things safer (see <see cref="DeploymentActions.MakesSafer"/>).</summary>
    public virtual bool MakesSafer => false;

    /// <summary>The command it was typed as (<c>/deploy</c>, <c>/rollback</c>): whose usage an answer shows.</summary>
    public string Root { get; init; } = "/deploy";
}

/// <summary>Who asked, and the key that makes the request idempotent (a Slack trigger_id, a Teams activity id).</summary>
public sealed record RequestContext(Actor Actor, string? RequestKey = null);

/// <summary><c>/deploy &lt;function&gt; [version] [options]</c>: start a release. Null options take the function's configuration.</summary>
public sealed record StartCommand(string Function) : ChatCommand
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

    /// <summary>Flags to turn on once the deployment has succeeded (<c>--enable-flag</c>, repeatable): its follow-up flag change.</summary>
    public IReadOnlyList<string> EnableFlags { get; init; } = [];

    /// <summary>An admin skips the gates; needs <see cref="Reason"/>.</summary>
    public bool SkipApproval { get; init; }

    public string? Reason { get; init; }
}

/// <summary><c>/deploy status [function]</c>.</summary>
public sealed record StatusCommand(string? Function, string? Environment) : ChatCommand;

/// <summary><c>/deploy history [function]</c>.</summary>
public sealed record HistoryCommand(string? Function, string? Environment, int Limit) : ChatCommand;

/// <summary>
/// <c>/deploy approve|reject|promote|pause|resume &lt;id&gt;</c>, <c>/rollback deployment &lt;id&gt;</c>, or a click on
/// a card's button, which carries the <see cref="ExpectedVersion"/> (state version) the card was drawn for.
/// </summary>
public sealed record ActCommand(DeploymentAction Action, string DeploymentId, string? Reason = null) : ChatCommand
{
    public override bool MakesSafer => Action.MakesSafer();

    /// <summary>The card's state version; a click on a card drawn for an earlier state changes nothing.</summary>
    public long? ExpectedVersion { get; init; }
}

/// <summary><c>/deploy freeze|unfreeze &lt;env&gt; --reason "..."</c>.</summary>
public sealed record FreezeCommand(bool Freeze, string Environment, string? Reason) : ChatCommand;

/// <summary><c>/rollback &lt;function&gt; [--target-version N]</c>: abort its active deployment, or point its alias at the previous (or given) version.</summary>
public sealed record RollbackCommand(string Function, string? TargetVersion = null, string? Environment = null, string? Reason = null) : ChatCommand
{
    /// <summary>A rollback only ever goes back to a version that was live, so it always makes things safer.</summary>
    public override bool MakesSafer => true;

    /// <summary>
    /// Set by a click on the confirmation a gated environment asks for (<see cref="RollbackConfirmation"/>): the
    /// alias RevisionId the confirmation was offered for; if the alias has moved since, nothing is done.
    /// </summary>
    public string? ConfirmedRevision { get; init; }
}

/// <summary><c>/deploy help</c>, <c>/rollback help</c>.</summary>
public sealed record HelpCommand(string Command) : ChatCommand;
