using OpsBot.Core.Incidents;

namespace OpsBot.Core.Commands;

/// <summary><c>/incident [list] [--env ENV]</c>: the open incidents and the latest resolved ones.</summary>
public sealed record IncidentListCommand(string? Environment) : ChatCommand;

/// <summary>
/// <c>/incident ack|resolve &lt;id&gt; [--reason "…"]</c>, or a click on an incident card's button (Acknowledge, Roll
/// back, Resolve), which carries the <see cref="ExpectedVersion"/> (state version) the card was drawn for.
/// </summary>
public sealed record IncidentActCommand(IncidentAction Action, string IncidentId, string? Reason = null) : ChatCommand
{
    /// <summary>A rollback only goes back; it is a safety lever like /rollback.</summary>
    public override bool MakesSafer => Action == IncidentAction.RollBack;

    public long? ExpectedVersion { get; init; }
}
