using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Flags;
using OpsBot.Core.Identity;
using OpsBot.Core.Incidents;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.Ports;
using OpsBot.Core.UseCases;
using OpsBot.Teams.Cards;
using OpsBot.Teams.Chat;
using OpsBot.Teams.Connector;

namespace OpsBot.Teams.Inbound;

/// <summary>What the bot answers an activity: nothing more to say (200, empty), or an invoke response (200, its JSON).</summary>
internal sealed record TeamsAnswer(JsonObject? InvokeResponse)
{
    public static TeamsAnswer Nothing { get; } = new((JsonObject?)null);
}

/// <summary>
/// Acts on a verified activity. A message runs a command (the same grammar and use cases as Slack's slash commands)
/// and answers the person privately — in a 1:1 chat, or in the thread with a mention when the app is not installed
/// for them — or, for <c>/health</c>, posts its card in the thread for everyone. A card's Action.Execute is applied
/// (once per activity id: Core's request key) and answered with the card drawn from the committed state for that
/// person; everyone else's copy is updated by the outbox. Confirm steps get a second card; a refusal is said to the
/// clicker alone. Every activity leaves its channel's conversation reference and the person's Teams id behind, so
/// OpsBot can post there on its own later.
/// </summary>
internal sealed class TeamsBot(
    ChatCommandHandler handler,
    CardViews views,
    IIdempotencyStore idempotency,
    TeamsDirectory directory,
    TeamsRendering rendering,
    BotConnectorClient connector,
    TimeProvider time,
    ILogger<TeamsBot> logger)
{
    public async Task<TeamsAnswer> OnActivityAsync(TeamsActivity activity, CancellationToken cancellationToken)
    {
        await RememberAsync(activity, cancellationToken);
        return activity.Type switch
        {
            "message" when activity.Text is not null => await OnMessageAsync(activity, cancellationToken),
            "invoke" when activity.Name == "adaptiveCard/action" => new(await OnCardActionAsync(activity, cancellationToken)),
            _ => TeamsAnswer.Nothing, // conversationUpdate, installationUpdate, reactions: the reference is all OpsBot wants
        };
    }

    public static string RequestKey(string activityId) => $"teams:activity:{activityId}";

    private static Actor ActorOf(TeamsActivity a) => new($"teams:{a.FromAadObjectId}", a.Place, a.FromName);

    private async Task RememberAsync(TeamsActivity a, CancellationToken cancellationToken)
    {
        if (a.Place is { } place && a.ServiceUrl is { } serviceUrl && a.TenantId is { } tenant)
            await directory.RememberChannelAsync(place, new ChannelReference(serviceUrl, tenant, a.TeamId, IsChat: a.TeamsChannelId is null), cancellationToken);
        if (a.FromAadObjectId is { } aad && a.FromId is { } id)
            await directory.RememberPersonAsync(aad, new TeamsPerson(id, a.FromName ?? id), cancellationToken);
    }

    private async Task<TeamsAnswer> OnMessageAsync(TeamsActivity a, CancellationToken cancellationToken)
    {
        // A message is answered once per activity id, however often Teams delivers it.
        var key = RequestKey(a.Id!) + ":message";
        if (!(await idempotency.ClaimAsync(key, time.GetUtcNow(), cancellationToken)).IsFirst)
        {
            logger.LogInformation("Ignored a repeat of Teams activity {Activity}", a.Id);
            return TeamsAnswer.Nothing;
        }
        var outcome = "answered";
        try
        {
            var actor = ActorOf(a);
            var (command, answer) = TeamsCommandText.Read(a.CommandText);
            var result = answer ?? await handler.HandleAsync(new RequestContext(actor, RequestKey(a.Id!)), command!, cancellationToken);
            if (result.IsDuplicate)
                return TeamsAnswer.Nothing;
            if (result.Card is { } card)
                await PostInThreadAsync(a, await rendering.CardActivityAsync(card, result.Files, cancellationToken), cancellationToken);
            else
                await AnswerPrivatelyAsync(a, actor, result, cancellationToken);
            return TeamsAnswer.Nothing;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            outcome = $"failed: {e.Message}";
            throw;
        }
        finally
        {
            await idempotency.CompleteAsync(key, outcome, CancellationToken.None);
        }
    }

    /// <summary>In the thread of the message (a channel), or in the chat itself (personal, group).</summary>
    private async Task PostInThreadAsync(TeamsActivity a, JsonObject reply, CancellationToken cancellationToken)
    {
        if (a.IsChannel)
            await connector.ReplyAsync(a.ServiceUrl!, a.ConversationId!, a.Id!, reply, CancellationToken.None);
        else
            await connector.SendAsync(a.ServiceUrl!, a.ConversationId!, reply, CancellationToken.None);
    }

    /// <summary>
    /// What Slack shows one person only: in a personal chat, there; from a channel, in a 1:1 chat with the bot, or —
    /// when Teams will not open one (the app is not installed for the person) — in the thread, mentioning them.
    /// </summary>
    private async Task AnswerPrivatelyAsync(TeamsActivity a, Actor actor, CommandResult result, CancellationToken cancellationToken)
    {
        var reply = await rendering.ReplyActivityAsync(result, null, cancellationToken);
        if (!a.IsChannel)
        {
            await connector.SendAsync(a.ServiceUrl!, a.ConversationId!, reply, CancellationToken.None);
            return;
        }
        try
        {
            var chat = await connector.CreatePersonalChatAsync(a.ServiceUrl!, a.TenantId!, a.FromId!, CancellationToken.None);
            await connector.SendAsync(a.ServiceUrl!, chat, reply, CancellationToken.None);
        }
        catch (ConnectorException e) when (e.IsPermanent)
        {
            logger.LogInformation("No 1:1 chat with {Actor} ({Error}); answering in the thread", actor.Identity, e.Message);
            await PostInThreadAsync(a, await rendering.ReplyActivityAsync(result, actor, cancellationToken), cancellationToken);
        }
    }

    private async Task<JsonObject> OnCardActionAsync(TeamsActivity a, CancellationToken cancellationToken)
    {
        if (TeamsRendering.ReadAction(a.Value) is not { } action)
            return TeamsRendering.InvokeError(400, "BadRequest", "That is not one of OpsBot's buttons.");
        var actor = ActorOf(a);
        if (action.Verb == AdaptiveCardActions.Refresh)
        {
            if (action.Value == AdaptiveCardActions.NoEntity)
                return TeamsRendering.InvokeMessage("Cancelled: nothing was changed.");
            return TeamsRendering.EntityOf(action.Value) is { } entity && await views.ForAsync(entity, actor, cancellationToken) is { } card
                ? await rendering.InvokeCardAsync(card, cancellationToken)
                : TeamsRendering.InvokeMessage("That card's deployment, flag change or incident is gone.");
        }
        if (CardClicks.Command(action.Value) is not var (command, onPrompt))
            return TeamsRendering.InvokeError(400, "BadRequest", "That is not one of OpsBot's buttons.");
        var entityOf = EntityOf(command);
        if (action.Verb == AdaptiveCardActions.Confirm)
        {
            // Action.Execute has no confirm dialog: the question comes as a second card, whose Yes runs the click.
            if (command is RollbackFlagsCommand && IncidentCard.ParseFlagChoice(action.Value) is { } choice)
                entityOf = IncidentEntity.Of(choice.IncidentId);
            var current = entityOf is null ? null : await views.ForAsync(entityOf, actor, cancellationToken);
            var button = current is null ? null
                : current is IncidentCard { FlagChoices.Count: > 0 } incident && incident.FlagChoices.Any(c => c.Value == action.Value)
                    ? IncidentAdaptiveCard.TurnOffFlagButton(action.Value)
                    : ButtonsOf(current).FirstOrDefault(b => b.Value == action.Value);
            return current is null ? TeamsRendering.InvokeMessage("That card is gone.")
                : button is null ? await rendering.InvokeCardAsync(current, cancellationToken)
                : await rendering.InvokeConfirmAsync(current, button, cancellationToken);
        }

        var result = await handler.HandleAsync(new RequestContext(actor, RequestKey(a.Id!)), command, cancellationToken);
        if (result.IsError)
            return TeamsRendering.InvokeMessage(await rendering.PlainTextAsync(result, cancellationToken));
        if (!result.IsDuplicate && (onPrompt || result.Status == CommandStatus.Confirm || entityOf is null))
            return await rendering.InvokeReplyAsync(result, cancellationToken);
        // Done (or a replay of a click already applied): the card as it now is, for this person; the outbox updates everyone's.
        return entityOf is not null && await views.ForAsync(entityOf, actor, cancellationToken) is { } after
            ? await rendering.InvokeCardAsync(after, cancellationToken)
            : TeamsRendering.InvokeMessage(await rendering.PlainTextAsync(result, cancellationToken));
    }

    private static IReadOnlyList<CardButton> ButtonsOf(ChatCard card) => card switch
    {
        DeploymentCard d => d.Buttons,
        FlagCard f => f.Buttons,
        IncidentCard i => i.Buttons,
        _ => [],
    };

    /// <summary>The entity a click acts on (its card is the answer), or null for one that answers in words (a rollback by function).</summary>
    private static EntityRef? EntityOf(ChatCommand command) => command switch
    {
        ActCommand act => new EntityRef(EntityRef.DeploymentKind, act.DeploymentId),
        FlagsActCommand act => FlagChangeEntity.Of(act.ChangeId),
        IncidentActCommand act => IncidentEntity.Of(act.IncidentId),
        _ => null,
    };
}
