using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OpsBot.Sandbox.Slack;

namespace OpsBot.Sandbox.ChatConsole;

/// <summary>
/// <c>POST /sandbox/console/click</c> <c>{user, channel, messageTs, actionId, value, blockId?, text?}</c>: a click on a
/// button of a message, sent to the bot's <c>/slack/interactions</c> as Slack sends it: a signed form with one field,
/// <c>payload</c>, holding the <c>block_actions</c> JSON with the message as it is now and a response_url minted for
/// it. Answers the page <c>{status, contentType, body, error, detail}</c>.
/// </summary>
internal static class ConsoleClickEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, FakeSlackWorkspace workspace, SandboxConsoleOptions options,
        BotDispatcher dispatcher, TimeProvider time)
    {
        if (await ConsoleInput.ReadObjectAsync(http.Request) is not { } body)
            return ConsoleInput.Refuse("invalid_json", "The body must be a JSON object {user, channel, messageTs, actionId, value}.");
        if (ConsoleInput.User(options, body.String("user")) is not { } user)
            return ConsoleInput.Refuse("unknown_user", "No such user on this console.");
        if (ConsoleInput.Channel(options, body.String("channel")) is not { } channel)
            return ConsoleInput.Refuse("unknown_channel", "No such channel on this console.");
        var ts = body.String("messageTs");
        var actionId = body.String("actionId");
        if (string.IsNullOrEmpty(ts) || string.IsNullOrEmpty(actionId))
            return ConsoleInput.Refuse("invalid_arguments", "messageTs and actionId are required.");

        var message = workspace.Message(channel.Id, ts);
        if (message is null || (message.IsEphemeral && message.EphemeralTo != user.Id))
            return ConsoleInput.Refuse("message_not_found", "That message is gone.", StatusCodes.Status404NotFound);
        var value = body.String("value");
        if (Find(message, actionId, value) is not { } button)
        {
            // The card changed since the page drew it: Slack still sends the click the person made on what they saw.
            var (blockId, text) = (body.String("blockId"), body.String("text"));
            if (string.IsNullOrEmpty(blockId) || string.IsNullOrEmpty(text))
                return ConsoleInput.Refuse("button_not_found", "That button is no longer on the message.", StatusCodes.Status409Conflict);
            button = new ClickedButton(actionId, blockId, text, value, body.String("style"));
        }

        var responseUrl = new Uri(ConsoleInput.PublicBaseUrl(http.Request, options), $"response/{workspace.MintResponseToken(channel.Id, user.Id, message.Ts)}");
        var payload = SlackRequests.BlockActions(options, user, channel, message, button, responseUrl.ToString(),
            SlackRequests.NewTriggerId(time), SlackRequests.Timestamp(time));
        var answer = await dispatcher.PostAsync("slack/interactions", SlackRequests.InteractionForm(payload), http.RequestAborted);
        return ConsoleInput.Json(ConsoleInput.AnswerJson(answer));
    }

    /// <summary>The button with <paramref name="actionId"/> (and <paramref name="value"/>) in an actions block or as a
    /// section's accessory.</summary>
    private static ClickedButton? Find(FakeSlackMessage message, string actionId, string? value)
    {
        if (message.Blocks is null || JsonNode.Parse(message.Blocks) is not JsonArray blocks)
            return null;
        foreach (var block in blocks.OfType<JsonObject>())
        {
            var elements = block.String("type") switch
            {
                "actions" => block["elements"] as JsonArray ?? [],
                "section" when block["accessory"] is JsonObject accessory => [accessory.DeepClone()],
                _ => [],
            };
            foreach (var element in elements.OfType<JsonObject>())
            {
                if (element.String("type") != "button" || element.String("action_id") != actionId || element.String("value") != value)
                    continue;
                var text = element["text"] is JsonObject t ? t.String("text") ?? "" : "";
                return new ClickedButton(actionId, block.String("block_id") ?? "", text, element.String("value"), element.String("style"));
            }
        }
        return null;
    }
}
