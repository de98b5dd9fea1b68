using Microsoft.Extensions.Options;
using OpsBot.Core.Access;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Flags;
using OpsBot.Core.Identity;
using OpsBot.Core.Incidents;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.Ports;

namespace OpsBot.Core.UseCases;

/// <summary>
/// An entity's card as one person should see it, drawn from the committed state: the same card for everyone, with
/// only the buttons that person may use (a platform that draws a card per person, like Teams' refresh, asks here).
/// A deployment's buttons pass the role and four-eyes checks of <see cref="DeploymentCommands.MayAsync"/>; a flag
/// change's and an incident's need the deployer role in their environment. Anyone else sees the card without buttons.
/// </summary>
public sealed class CardViews(
    IDeploymentStore deployments,
    IFlagChangeStore flagChanges,
    IIncidentStore incidents,
    DeploymentCommands commands,
    AccessPolicy policy,
    IOptionsMonitor<OpsBotOptions> options)
{
    /// <summary>The committed card of <paramref name="entity"/> for <paramref name="viewer"/>; null when there is no such entity.</summary>
    public async Task<ChatCard?> ForAsync(EntityRef entity, Actor viewer, CancellationToken cancellationToken)
    {
        viewer = viewer with { OtherIdentities = [.. options.CurrentValue.IdentitiesOf(viewer.Identity).Where(i => i != viewer.Identity)] };
        switch (entity.Kind)
        {
            case EntityRef.DeploymentKind when await deployments.GetAsync(entity.Id, cancellationToken) is { } d:
                var card = DeploymentCardBuilder.From(d);
                var buttons = new List<CardButton>();
                foreach (var button in card.Buttons)
                {
                    if (DeploymentCard.ParseButton(button.Value) is { } b && await commands.MayAsync(viewer, d, b.Action, cancellationToken))
                        buttons.Add(button);
                }
                return card with { Buttons = buttons };
            case FlagChangeEntity.Kind when await flagChanges.GetAsync(entity.Id, cancellationToken) is { } c:
                var flagCard = FlagCardBuilder.From(c);
                return await MayActAsync(viewer, c.Environment, cancellationToken) ? flagCard : flagCard with { Buttons = [] };
            case IncidentEntity.Kind when await incidents.GetAsync(entity.Id, cancellationToken) is { } i:
                var incidentCard = IncidentCardBuilder.From(i);
                return await MayActAsync(viewer, i.Environment, cancellationToken) ? incidentCard : incidentCard with { Buttons = [], FlagChoices = [] };
            default:
                return null;
        }
    }

    /// <summary>The entity a card is of: what a platform keeps to ask for it again.</summary>
    public static EntityRef? EntityOf(ChatCard card) => card switch
    {
        DeploymentCard d => new EntityRef(EntityRef.DeploymentKind, d.DeploymentId),
        FlagCard f => FlagChangeEntity.Of(f.ChangeId),
        IncidentCard i => IncidentEntity.Of(i.IncidentId),
        _ => null,
    };

    private async Task<bool> MayActAsync(Actor viewer, string environment, CancellationToken cancellationToken) =>
        await policy.RefusalAsync(viewer, environment, Role.Deployer, cancellationToken, safe: true) is null;
}
