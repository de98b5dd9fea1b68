using OpsBot.Core.Flags;

namespace OpsBot.Core.Commands;

/// <summary><c>/flags [list] [--env ENV]</c>: the environment's flags as deployed, and a flag deployment in progress.</summary>
public sealed record FlagsListCommand(string? Environment) : ChatCommand;

/// <summary><c>/flags history [--env ENV] [--limit N]</c>: OpsBot's recent flag changes.</summary>
public sealed record FlagsHistoryCommand(string? Environment, int Limit) : ChatCommand;

/// <summary>
/// <c>/flags enable|disable &lt;flag&gt; [&lt;flag&gt;…] [--env ENV] [--strategy NAME] [--reason "…"]</c>: one new hosted
/// version with all the named changes, deployed with the strategy (the environment's default when null).
/// </summary>
public sealed record FlagsChangeCommand(bool Enable, IReadOnlyList<string> Flags) : ChatCommand
{
    public string? Environment { get; init; }

    public string? Strategy { get; init; }

    public string? Reason { get; init; }

    /// <summary>Turning flags off never waits for a gate.</summary>
    public override bool MakesSafer => !Enable;
}

/// <summary>
/// <c>/flags approve|reject|stop|revert &lt;change id&gt; [--reason "…"]</c>, or a click on a flag card's button, which
/// carries the <see cref="ExpectedVersion"/> (state version) the card was drawn for.
/// </summary>
public sealed record FlagsActCommand(FlagAction Action, string ChangeId, string? Reason = null) : ChatCommand
{
    /// <summary>The card's state version; a click on a card drawn for an earlier state changes nothing.</summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>Rejecting and stopping go in the safety lane (whatever a stop undoes, it never waits behind slow starts).</summary>
    public override bool MakesSafer => Action is FlagAction.Reject or FlagAction.Stop;
}

/// <summary>
/// <c>/rollback flags &lt;flag&gt; [&lt;flag&gt;…] | --all-new [--env ENV] [--reason "…"] [--force]</c>: the emergency
/// path: the named flags (or every flag an OpsBot change turned on within the rollback window) off at once, stopping a
/// flag deployment of OpsBot's in the way first (another tool's only with <see cref="Force"/>).
/// </summary>
public sealed record RollbackFlagsCommand(IReadOnlyList<string> Flags) : ChatCommand
{
    public bool AllNew { get; init; }

    public string? Environment { get; init; }

    public string? Reason { get; init; }

    public bool Force { get; init; }

    public override bool MakesSafer => true;
}
