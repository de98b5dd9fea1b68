using System.Text.Json;
using System.Text.Json.Nodes;
using OpsBot.Sandbox.Slack;

namespace OpsBot.Sandbox.ChatConsole;

/// <summary>
/// Shows a person what Slack shows for the bot's acknowledgement of their slash command: a message in the body
/// (JSON <c>{response_type, text, blocks}</c>, or plain text) is ephemeral to them unless it says <c>in_channel</c>,
/// in which case the command and the answer are posted for everyone; an acknowledgement that did not come (an error
/// status, no answer in time, no answer at all) is Slackbot's ephemeral <c>/deploy failed with the error "..."</c>.
/// </summary>
internal static class CommandAcknowledgement
{
    /// <summary>Slack's own user, the author of its error notes.</summary>
    public const string SlackbotUserId = "USLACKBOT";

    public static void Show(FakeSlackWorkspace workspace, SandboxConsoleOptions options, SandboxConsoleUser user,
        SandboxConsoleChannel channel, string command, string text, BotAnswer answer)
    {
        if (!answer.Acknowledged)
        {
            var error = answer.Error ?? "dispatch_failed";
            workspace.Post(channel.Id, null, SlackbotUserId, $"`{command}` failed with the error \"{error}\"", null, [], user.Id, null);
            return;
        }
        if (string.IsNullOrWhiteSpace(answer.Body))
            return; // a bare acknowledgement: the answer comes later, through the response_url or the Web API

        var (messageText, blocks, inChannel) = Read(answer);
        if (messageText.Length == 0 && blocks is null)
            return;
        if (inChannel)
        {
            // Slack shows the invocation to the channel along with an in_channel answer.
            workspace.PostAsUser(channel.Id, user.Id, text.Length == 0 ? command : $"{command} {text}");
            workspace.Post(channel.Id, null, options.BotUserId, messageText, blocks, [], null, null);
        }
        else
        {
            workspace.Post(channel.Id, null, options.BotUserId, messageText, blocks, [], user.Id, null);
        }
    }

    private static (string Text, string? Blocks, bool InChannel) Read(BotAnswer answer)
    {
        JsonObject? json = null;
        try
        {
            json = JsonNode.Parse(answer.Body) as JsonObject;
        }
        catch (JsonException)
        {
        }
        if (json is null)
            return (answer.Body, null, false); // Slack shows a plain-text body as it is

        var text = json.String("text") ?? "";
        var blocksNode = json["blocks"];
        if (blocksNode is JsonValue v && v.TryGetValue<string>(out var blocksText))
        {
            try
            {
                blocksNode = JsonNode.Parse(blocksText);
            }
            catch (JsonException)
            {
                blocksNode = null;
            }
        }
        var blocks = blocksNode is JsonArray { Count: > 0 } array ? array.ToJsonString() : null;
        return (text, blocks, json.String("response_type") == "in_channel");
    }
}
