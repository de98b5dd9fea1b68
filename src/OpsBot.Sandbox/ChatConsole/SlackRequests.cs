using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using OpsBot.Sandbox.Slack;

namespace OpsBot.Sandbox.ChatConsole;

/// <summary>
/// The bodies Slack posts to an app, built field for field as Slack sends them: a slash command form, and a
/// <c>block_actions</c> interaction as <c>payload=&lt;url-encoded JSON&gt;</c>.
/// </summary>
internal static class SlackRequests
{
    /// <summary>The slash command form, fields in Slack's order.</summary>
    public static string CommandForm(SandboxConsoleOptions options, SandboxConsoleUser user, SandboxConsoleChannel channel,
        string command, string text, string responseUrl, string triggerId) => Form(
    [
        ("token", options.VerificationToken),
        ("team_id", options.TeamId),
        ("team_domain", options.TeamDomain),
        ("channel_id", channel.Id),
        ("channel_name", channel.Name),
        ("user_id", user.Id),
        ("user_name", user.Name),
        ("command", command),
        ("text", text),
        ("api_app_id", options.ApiAppId),
        ("is_enterprise_install", "false"),
        ("response_url", responseUrl),
        ("trigger_id", triggerId),
    ]);

    /// <summary>The <c>block_actions</c> payload for a click on <paramref name="button"/> (an element of the message's
    /// blocks) in <paramref name="message"/>. Slack leaves <c>message</c> out when the message is ephemeral.</summary>
    public static JsonObject BlockActions(SandboxConsoleOptions options, SandboxConsoleUser user, SandboxConsoleChannel channel,
        FakeSlackMessage message, ClickedButton button, string responseUrl, string triggerId, string actionTs)
    {
        var action = new JsonObject
        {
            ["type"] = "button",
            ["action_id"] = button.ActionId,
            ["block_id"] = button.BlockId,
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = button.Text, ["emoji"] = true },
            ["value"] = button.Value,
        };
        if (button.Style is not null)
            action["style"] = button.Style;
        action["action_ts"] = actionTs;

        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user.Id, ["username"] = user.Name, ["name"] = user.Name, ["team_id"] = options.TeamId },
            ["api_app_id"] = options.ApiAppId,
            ["token"] = options.VerificationToken,
            ["container"] = new JsonObject
            {
                ["type"] = "message",
                ["message_ts"] = message.Ts,
                ["channel_id"] = channel.Id,
                ["is_ephemeral"] = message.IsEphemeral,
            },
            ["trigger_id"] = triggerId,
            ["team"] = new JsonObject { ["id"] = options.TeamId, ["domain"] = options.TeamDomain },
            ["enterprise"] = null,
            ["is_enterprise_install"] = false,
            ["channel"] = new JsonObject { ["id"] = channel.Id, ["name"] = channel.Name },
        };
        if (!message.IsEphemeral)
            payload["message"] = MessageJson(message, options);
        payload["state"] = new JsonObject { ["values"] = new JsonObject() };
        payload["response_url"] = responseUrl;
        payload["actions"] = new JsonArray(action);
        return payload;
    }

    /// <summary>The interaction form body: one field, <c>payload</c>.</summary>
    public static string InteractionForm(JsonObject payload) => Form([("payload", payload.ToJsonString())]);

    /// <summary>A trigger id shaped like Slack's (<c>1234567890123.1234567890.0123abcd…</c>), new for every request,
    /// since the bot deduplicates slash commands by it.</summary>
    public static string NewTriggerId(TimeProvider time) => string.Create(CultureInfo.InvariantCulture,
        $"{time.GetUtcNow().ToUnixTimeMilliseconds()}.{RandomNumberGenerator.GetInt32(1_000_000_000, int.MaxValue)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}");

    /// <summary>A Slack timestamp for now (<c>action_ts</c>).</summary>
    public static string Timestamp(TimeProvider time)
    {
        var micros = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;
        return SlackTimestamp.Format(micros);
    }

    /// <summary>The message as Slack puts it into an interaction payload.</summary>
    private static JsonObject MessageJson(FakeSlackMessage message, SandboxConsoleOptions options)
    {
        var json = new JsonObject { ["type"] = "message" };
        if (message.User == options.BotUserId)
            json["app_id"] = options.ApiAppId;
        json["user"] = message.User;
        json["text"] = message.Text;
        json["ts"] = message.Ts;
        if (message.ThreadTs is not null)
            json["thread_ts"] = message.ThreadTs;
        json["team"] = options.TeamId;
        if (message.Blocks is not null)
            json["blocks"] = JsonNode.Parse(message.Blocks);
        if (message.Edited is not null)
            json["edited"] = new JsonObject { ["user"] = message.Edited.User, ["ts"] = message.Edited.Ts };
        return json;
    }

    private static string Form(IEnumerable<(string Name, string Value)> fields)
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            if (sb.Length > 0)
                sb.Append('&');
            sb.Append(WebUtility.UrlEncode(name)).Append('=').Append(WebUtility.UrlEncode(value));
        }
        return sb.ToString();
    }
}

/// <summary>The button a person clicked, as found on the message (or as the page saw it when the message changed since).</summary>
internal sealed record ClickedButton(string ActionId, string BlockId, string Text, string? Value, string? Style);
