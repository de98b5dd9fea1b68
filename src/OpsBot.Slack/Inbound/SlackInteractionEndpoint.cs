using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OpsBot.Core.UseCases;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Slack.Work;

namespace OpsBot.Slack.Inbound;

/// <summary>
/// <c>POST /slack/interactions</c>: a <c>block_actions</c> payload whose button value is one of a deployment card's
/// (<c>dep-id|stateVersion|Action</c>), a flag card's (<c>flags|flg-id|stateVersion|Action</c>) or a rollback confirmation's (<see cref="RollbackConfirmation"/>) is queued and
/// acknowledged; any other payload is acknowledged and ignored. A click that cannot be queued is still acknowledged,
/// and the clicker is told why through the response_url.
/// </summary>
internal static class SlackInteractionEndpoint
{
    public static Results<Ok, ContentHttpResult> Handle(HttpContext context, [FromServices] SlackWorkQueue queue, [FromServices] SlackWorkAnswers answers)
    {
        if (SlackForm.Parse(SlackInbound.Body(context))?["payload"] is not { } text)
            return SlackAnswers.BadRequest("The body has no payload field.");
        using var payload = SlackJson.Parse(text);
        if (payload is null || payload.RootElement.ValueKind != JsonValueKind.Object)
            return SlackAnswers.BadRequest("The payload is not a JSON object.");

        var root = payload.RootElement;
        if (root.String("type") != "block_actions")
            return SlackAnswers.Ack(); // shortcuts, view submissions, ...: not OpsBot's
        if (root.Member("actions") is not { ValueKind: JsonValueKind.Array } actions || actions.GetArrayLength() == 0 ||
            CardClicks.Command(actions[0].String("value") ?? actions[0].Member("selected_option").String("value")) is not var (command, onPrompt))
            return SlackAnswers.Ack(); // a button that is not one of OpsBot's

        var user = root.Member("user").String("id");
        var channel = root.Member("channel").String("id") ?? root.Member("container").String("channel_id");
        var trigger = root.String("trigger_id");
        if (!SlackIds.IsId(user))
            return SlackAnswers.BadRequest("user.id is missing or not a Slack user id.");
        if (!SlackIds.IsId(channel))
            return SlackAnswers.BadRequest("channel.id is missing or not a Slack channel id.");
        if (!SlackIds.IsToken(trigger))
            return SlackAnswers.BadRequest("trigger_id is missing or malformed.");

        var userElement = root.Member("user");
        var click = new ButtonClick(user!, SlackIds.Name(userElement.String("username") ?? userElement.String("name")), channel!, trigger!,
            root.String("response_url"), command, onPrompt);
        var work = new ClickWork(click);
        var queued = queue.Enqueue(work);
        if (queued != SlackEnqueued.Queued)
        {
            // Slack ignores the body of a click's acknowledgement: the refusal goes through the response_url, after the
            // acknowledgement. The click is not applied; the card still shows the button, so the person can click again.
            answers.AnswerLater(work, queued == SlackEnqueued.Busy ? SlackWorkAnswers.Busy : SlackWorkAnswers.Restarting);
        }
        return SlackAnswers.Ack();
    }
}
