using Microsoft.AspNetCore.Http;
using OpsBot.Sandbox.Slack;

namespace OpsBot.Sandbox.ChatConsole;

/// <summary>
/// <c>POST /sandbox/console/command</c> <c>{user, channel, command, text}</c>: the slash command a person typed on the
/// page, sent to the bot's <c>/slack/commands</c> as Slack sends it (form fields, a response_url minted from the
/// workspace, a fresh trigger_id, signed). Answers the page <c>{status, contentType, body, error, detail}</c>: what the
/// bot acknowledged, or why nothing was.
/// </summary>
internal static class ConsoleCommandEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, FakeSlackWorkspace workspace, SandboxConsoleOptions options,
        BotDispatcher dispatcher, TimeProvider time)
    {
        if (await ConsoleInput.ReadObjectAsync(http.Request) is not { } body)
            return ConsoleInput.Refuse("invalid_json", "The body must be a JSON object {user, channel, command, text}.");
        if (ConsoleInput.User(options, body.String("user")) is not { } user)
            return ConsoleInput.Refuse("unknown_user", $"Pick one of: {string.Join(", ", options.Users.Select(u => u.Name))}.");
        if (ConsoleInput.Channel(options, body.String("channel")) is not { } channel)
            return ConsoleInput.Refuse("unknown_channel", $"Pick one of: {string.Join(", ", options.Channels.Select(c => "#" + c.Name))}.");
        var typed = (body.String("command") ?? "").Trim();
        var command = options.Commands.FirstOrDefault(c => string.Equals(c, typed, StringComparison.OrdinalIgnoreCase)
            || string.Equals(c, "/" + typed, StringComparison.OrdinalIgnoreCase));
        if (command is null)
            return ConsoleInput.Refuse("unknown_command", $"OpsBot answers {string.Join(", ", options.Commands)}; try `/deploy lambda_router`.");
        var text = (body.String("text") ?? "").Trim();

        var responseUrl = new Uri(ConsoleInput.PublicBaseUrl(http.Request, options), $"response/{workspace.MintResponseToken(channel.Id, user.Id)}");
        var form = SlackRequests.CommandForm(options, user, channel, command, text, responseUrl.ToString(), SlackRequests.NewTriggerId(time));
        var answer = await dispatcher.PostAsync("slack/commands", form, http.RequestAborted);
        CommandAcknowledgement.Show(workspace, options, user, channel, command, text, answer);
        return ConsoleInput.Json(ConsoleInput.AnswerJson(answer));
    }
}
