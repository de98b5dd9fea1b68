using OpsBot.Core.Commands;
using OpsBot.Core.Notifications.Cards;

namespace OpsBot.Core.UseCases;

/// <summary>
/// What a click runs, read from the value a card's button (or menu option) carries — the same on every platform: a
/// deployment card's (<c>dep-id|stateVersion|Action</c>), a flag card's, an incident card's (and its "turn off a flag"
/// menu), or a rollback confirmation's (<see cref="RollbackConfirmation"/>).
/// </summary>
public static class CardClicks
{
    /// <summary>The command a value runs, and whether its button sat on an answer to one person (a confirmation); null when it is not ours.</summary>
    public static (ChatCommand Command, bool OnPrompt)? Command(string? value) =>
        DeploymentCard.ParseButton(value) is { } card ? (new ActCommand(card.Action, card.DeploymentId) { ExpectedVersion = card.Version }, false)
        : FlagCard.ParseButton(value) is { } flags ? (new FlagsActCommand(flags.Action, flags.ChangeId) { ExpectedVersion = flags.Version, Root = "/flags" }, false)
        : IncidentCard.ParseButton(value) is { } incident ? (new IncidentActCommand(incident.Action, incident.IncidentId) { ExpectedVersion = incident.Version, Root = "/incident" }, false)
        : IncidentCard.ParseFlagChoice(value) is { } flag
            ? (new RollbackFlagsCommand([flag.Flag]) { Environment = flag.Environment, Reason = $"incident {flag.IncidentId}", Root = "/rollback" }, false)
        : RollbackConfirmation.Parse(value) is { } rollback ? (rollback, true)
        : null;
}
