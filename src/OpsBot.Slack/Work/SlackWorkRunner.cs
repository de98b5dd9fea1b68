using Microsoft.Extensions.Logging;
using OpsBot.Core.Commands;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;
using OpsBot.Core.UseCases;
using OpsBot.Slack.BlockKit;
using OpsBot.Slack.Inbound;
using OpsBot.Slack.WebApi;

namespace OpsBot.Slack.Work;

/// <summary>
/// Does what an acknowledged request asked: runs a command through <see cref="ChatCommandHandler"/> and answers the
/// person (with the answer's buttons, e.g. a confirmation), applies a click (on a card, answering only a refusal: a
/// success shows on the card, which the outbox updates; on a confirmation, replacing it with the outcome), and
/// answers a mention in its thread once per event_id. A replayed trigger_id is answered by Core as a duplicate, and
/// stays silent here.
/// </summary>
internal sealed class SlackWorkRunner(
    ChatCommandHandler handler,
    IIdempotencyStore idempotency,
    SlackResponder responder,
    SlackWebApiClient slack,
    TimeProvider time,
    ILogger<SlackWorkRunner> logger)
{
    public Task RunAsync(SlackWork work, CancellationToken cancellationToken) => work switch
    {
        CommandWork c => CommandAsync(c.Command, c.Parsed, cancellationToken),
        ClickWork c => ClickAsync(c.Click, cancellationToken),
        MentionWork m => MentionAsync(m.Mention, cancellationToken),
        _ => Task.CompletedTask,
    };

    public static string RequestKey(string triggerId) => $"slack:trigger:{triggerId}";

    public static string EventKey(string eventId) => $"slack:event:{eventId}";

    private async Task CommandAsync(SlashCommand command, ChatCommand parsed, CancellationToken cancellationToken)
    {
        var context = new RequestContext(new Actor($"slack:{command.UserId}", command.ChannelId, command.UserName), RequestKey(command.TriggerId));
        var result = await handler.HandleAsync(context, parsed, cancellationToken);
        if (result.IsDuplicate)
        {
            logger.LogInformation("Ignored a replay of trigger {Trigger} ({Command} by {Actor})", command.TriggerId, command.Command, context.Actor.Identity);
            return;
        }
        var text = SlackReplyText.Render(result);
        if (result.Card is { } card && await PostCardAsync(command, card, result.Files))
            return;
        await responder.ReplyAsync(command.ResponseUrl, command.ChannelId, command.UserId, text, AnswerToken,
            result.Card is { } unposted ? BlockKitRenderer.Render(unposted) : BlockKitRenderer.Answer(text, result.Actions));
    }

    /// <summary>
    /// A result with a card (<c>/health</c>) is posted in the channel for everyone there, its files in the card's
    /// thread; when the bot cannot post there (not a member), false: the person gets the card privately instead.
    /// </summary>
    private async Task<bool> PostCardAsync(SlashCommand command, Core.Notifications.Cards.ChatCard card, IReadOnlyList<ChatFile> files)
    {
        PostedMessage posted;
        try
        {
            posted = await slack.PostMessageAsync(command.ChannelId, SlackText.Mrkdwn(card.Summary, BlockKitLimits.MessageText),
                BlockKitRenderer.Render(card), null, AnswerToken);
        }
        catch (SlackApiException e)
        {
            logger.LogWarning("Could not post the {Command} card in {Channel} ({Error}); answering privately", command.Command, command.ChannelId, e.Error);
            return false;
        }
        foreach (var file in files)
        {
            try
            {
                await slack.UploadFileAsync(posted.Channel, posted.Ts, file.FileName, file.Title, file.Content, AnswerToken);
            }
            catch (SlackApiException e)
            {
                logger.LogWarning("Could not upload {File} under the {Command} card ({Error})", file.FileName, command.Command, e.Error);
                await slack.PostMessageAsync(posted.Channel, $":warning: The chart {SlackText.Escape(file.FileName)} could not be uploaded ({SlackText.Escape(e.Error)}).",
                    null, posted.Ts, AnswerToken);
            }
        }
        return true;
    }

    private async Task ClickAsync(ButtonClick click, CancellationToken cancellationToken)
    {
        var context = new RequestContext(new Actor($"slack:{click.UserId}", click.ChannelId, click.UserName), RequestKey(click.TriggerId));
        var result = await handler.HandleAsync(context, click.Command, cancellationToken);
        // A click on a card answers only a refusal (a success shows on the card) or a question (a rollback from an
        // incident's card in a gated environment asks first, with its button).
        if (result.IsDuplicate || (!result.IsError && result.Status != CommandStatus.Confirm && !click.OnPrompt))
            return;
        var text = SlackReplyText.Render(result);
        await responder.ReplyAsync(click.ResponseUrl, click.ChannelId, click.UserId, text, AnswerToken,
            result.Actions.Count > 0 ? BlockKitRenderer.Answer(text, result.Actions) : null, replaceOriginal: click.OnPrompt);
    }

    /// <summary>
    /// The work is done: its answer is not cut short by a shutdown, which would tell the person to repeat what was
    /// applied (the Web API client's own timeouts and attempts bound it).
    /// </summary>
    private static CancellationToken AnswerToken => CancellationToken.None;

    private async Task MentionAsync(AppMention mention, CancellationToken cancellationToken)
    {
        var key = EventKey(mention.EventId);
        var claim = await idempotency.ClaimAsync(key, time.GetUtcNow(), cancellationToken);
        if (!claim.IsFirst)
        {
            logger.LogInformation("Ignored a repeat of event {Event}", mention.EventId);
            return;
        }
        var result = "answered";
        try
        {
            var who = mention.UserId is null ? "" : $"<@{mention.UserId}> ";
            var text = $"{who}I answer slash commands:\n```{SlackText.Escape(CommandUsage.Deploy)}\n{SlackText.Escape(CommandUsage.Rollback)}\n{SlackText.Escape(CommandUsage.Flags)}\n{SlackText.Escape(CommandUsage.Health)}\n{SlackText.Escape(CommandUsage.Logs)}\n{SlackText.Escape(CommandUsage.Incident)}```";
            await slack.PostMessageAsync(mention.ChannelId, text, null, mention.ThreadTs ?? mention.Ts, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            result = $"failed: {e.Message}";
            throw;
        }
        finally
        {
            await idempotency.CompleteAsync(key, result, CancellationToken.None);
        }
    }
}
