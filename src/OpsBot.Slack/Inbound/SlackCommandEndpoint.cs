using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OpsBot.Core.Commands;
using OpsBot.Slack.BlockKit;
using OpsBot.Slack.Work;

namespace OpsBot.Slack.Inbound;

/// <summary>
/// <c>POST /slack/commands</c>: verifies, parses and queues a slash command, and acknowledges at once. A command that
/// is malformed needs no work, so it is answered in the acknowledgement itself; help names the caller's environment
/// and role there, so it is queued like any other command.
/// </summary>
internal static class SlackCommandEndpoint
{
    public static Results<Ok, ContentHttpResult> Handle(HttpContext context, [FromServices] SlackWorkQueue queue)
    {
        if (SlackForm.Parse(SlackInbound.Body(context)) is not { } form)
            return SlackAnswers.BadRequest("The body is not a form.");

        var (command, problem) = Read(form);
        if (command is null)
            return SlackAnswers.BadRequest(problem!);

        var name = SlackCommands.Normalize(command.Command);
        var usage = CommandUsage.For(name);
        var (parsed, error) = CommandGrammar.Parse(command.Command, command.Text);
        if (parsed is null)
            return SlackAnswers.Ephemeral(SlackReplyText.Error(error ?? "That command could not be read.", usage));

        // Slack shows a slash command's acknowledgement body to the person: a refusal is said right there.
        return queue.Enqueue(new CommandWork(command, parsed)) switch
        {
            SlackEnqueued.Queued => SlackAnswers.Ack(),
            SlackEnqueued.Busy => SlackAnswers.Ephemeral(SlackWorkAnswers.Busy),
            _ => SlackAnswers.Ephemeral(SlackWorkAnswers.Restarting),
        };
    }

    private static (SlashCommand? Command, string? Problem) Read(SlackForm form)
    {
        var command = form["command"];
        if (string.IsNullOrWhiteSpace(command) || command.Length > 64)
            return (null, "command is missing.");
        var user = form["user_id"];
        if (!SlackIds.IsId(user))
            return (null, "user_id is missing or not a Slack user id.");
        var channel = form["channel_id"];
        if (!SlackIds.IsId(channel))
            return (null, "channel_id is missing or not a Slack channel id.");
        var trigger = form["trigger_id"];
        if (!SlackIds.IsToken(trigger))
            return (null, "trigger_id is missing or malformed.");
        var team = form["team_id"];
        return (new SlashCommand(command, form["text"] ?? "", user!, SlackIds.Name(form["user_name"]), channel!, SlackIds.IsId(team) ? team : null,
            trigger!, form["response_url"]), null);
    }
}
