using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using OpsBot.Sandbox.Slack;

namespace OpsBot.Sandbox.ChatConsole;

/// <summary>
/// <c>POST /sandbox/console/mention</c> <c>{user, channel, text}</c>: a message a person typed that mentions the bot
/// (<c>@opsbot status</c>). As in Slack, it is posted to the channel as theirs (the mention written <c>&lt;@U0OPSBOT&gt;</c>),
/// and the bot is sent an <c>app_mention</c> event over the Events API (<c>/slack/events</c>, JSON, signed); the bot
/// answers in the message's thread through the Web API. Answers the page <c>{status, contentType, body, error, detail, ts}</c>.
/// </summary>
internal static partial class ConsoleMentionEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, FakeSlackWorkspace workspace, SandboxConsoleOptions options,
        BotDispatcher dispatcher, TimeProvider time)
    {
        if (await ConsoleInput.ReadObjectAsync(http.Request) is not { } body)
            return ConsoleInput.Refuse("invalid_json", "The body must be a JSON object {user, channel, text}.");
        if (ConsoleInput.User(options, body.String("user")) is not { } user)
            return ConsoleInput.Refuse("unknown_user", $"Pick one of: {string.Join(", ", options.Users.Select(u => u.Name))}.");
        if (ConsoleInput.Channel(options, body.String("channel")) is not { } channel)
            return ConsoleInput.Refuse("unknown_channel", $"Pick one of: {string.Join(", ", options.Channels.Select(c => "#" + c.Name))}.");
        var typed = (body.String("text") ?? "").Trim();
        var mention = $"<@{options.BotUserId}>";
        var text = Mention(options.BotName).Replace(typed, mention);
        if (!text.Contains(mention, StringComparison.Ordinal))
            return ConsoleInput.Refuse("no_mention", $"Mention the bot to talk to it: @{options.BotName} help.");

        var message = workspace.PostAsUser(channel.Id, user.Id, text);
        var eventTime = time.GetUtcNow().ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["token"] = options.VerificationToken,
            ["team_id"] = options.TeamId,
            ["api_app_id"] = options.ApiAppId,
            ["event"] = new JsonObject
            {
                ["type"] = "app_mention",
                ["user"] = user.Id,
                ["text"] = text,
                ["ts"] = message.Ts,
                ["channel"] = channel.Id,
                ["event_ts"] = message.Ts,
            },
            ["type"] = "event_callback",
            ["event_id"] = "Ev" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
            ["event_time"] = eventTime,
        };
        var answer = await dispatcher.PostAsync("slack/events", payload.ToJsonString(), http.RequestAborted, "application/json");
        var json = ConsoleInput.AnswerJson(answer);
        json["ts"] = message.Ts;
        return ConsoleInput.Json(json);
    }

    /// <summary>"@opsbot" at a word's start, any case, as Slack's composer turns it into a mention.</summary>
    private static Regex Mention(string botName) => new($@"(?<![\w@])@{Regex.Escape(botName)}\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
