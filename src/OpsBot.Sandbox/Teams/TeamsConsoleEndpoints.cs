using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OpsBot.Sandbox.Teams;

/// <summary>
/// What the console page does as a person in a Teams channel: post a message that mentions the bot, click an
/// <c>Action.Execute</c> (or show a card that asks to be refreshed). Each answer is <c>{status, contentType, body,
/// error, detail}</c>, the bot's HTTP answer, plus <c>invokeResponse</c> (its parsed JSON) for an invoke.
/// </summary>
internal static class TeamsConsoleEndpoints
{
    public static void Map(IEndpointRouteBuilder app, TeamsSandbox teams)
    {
        app.MapGet("/sandbox/teams/config", () => TeamsLoginEndpoints.Json(Config(teams.Options)));
        app.MapPost("/sandbox/teams/console/message", (Delegate)((HttpContext http) => MessageAsync(http, teams)));
        app.MapPost("/sandbox/teams/console/invoke", (Delegate)((HttpContext http) => InvokeAsync(http, teams)));
    }

    private static async Task<IResult> MessageAsync(HttpContext http, TeamsSandbox teams)
    {
        if (await ReadAsync(http) is not { } body)
            return Refuse("bad_request", "Send {persona, channel, text} as JSON.");
        if (teams.Person(Text(body, "persona")) is not { } person)
            return Refuse("unknown_persona", $"No persona '{Text(body, "persona")}'; there are {string.Join(", ", teams.Options.People.Select(p => p.Name))}.");
        if (teams.Channel(Text(body, "channel")) is not { } channel)
            return Refuse("unknown_channel", $"No Teams channel '{Text(body, "channel")}'.");
        if (Text(body, "text") is not { Length: > 0 } text || string.IsNullOrWhiteSpace(text))
            return Refuse("empty", "Type a message, e.g. @OpsBot deploy lambda_router 5.");
        // Posted first, as in Teams: the person's message is in the channel whether or not the bot answers.
        var post = teams.Conversations.Post(channel.Id, null, TeamsActivities.Message(teams.Options, person, channel, text));
        var answer = await teams.Sender.SendAsync((JsonObject)post.Activity.DeepClone(), http.RequestAborted);
        var json = AnswerJson(answer);
        json["activityId"] = post.Id;
        json["conversationId"] = post.ConversationId;
        return TeamsLoginEndpoints.Json(json);
    }

    private static async Task<IResult> InvokeAsync(HttpContext http, TeamsSandbox teams)
    {
        if (await ReadAsync(http) is not { } body)
            return Refuse("bad_request", "Send {persona, conversationId, activityId, action, trigger} as JSON.");
        if (teams.Person(Text(body, "persona")) is not { } person)
            return Refuse("unknown_persona", $"No persona '{Text(body, "persona")}'.");
        var conversationId = Text(body, "conversationId") ?? "";
        var (channelId, _) = TeamsConversationId.Parse(conversationId);
        if (teams.Channel(channelId) is not { } channel)
            return Refuse("unknown_conversation", $"No Teams channel for conversation '{conversationId}'.");
        if (Text(body, "activityId") is not { } activityId || teams.Conversations.Find(channel.Id, activityId) is not { } card)
            return Refuse("unknown_activity", $"No card {Text(body, "activityId")} in {channel.Name}.");
        if (body["action"] is not JsonObject action || Text(action, "verb") is not { Length: > 0 } verb)
            return Refuse("bad_action", "action needs a verb (an Action.Execute).");
        if (Text(action, "type") is { } type && type != "Action.Execute")
            return Refuse("bad_action", $"Only Action.Execute is sent as an invoke, not {type}.");
        var trigger = Text(body, "trigger") == "automatic" ? "automatic" : "manual";
        // The invoke's conversation is the card's thread, as in Teams.
        var activity = TeamsActivities.Invoke(teams.Options, person, channel, card.ConversationId, card.Id, Text(action, "id"), verb, action["data"], trigger);
        var answer = await teams.Sender.SendAsync(activity, http.RequestAborted);
        var json = AnswerJson(answer);
        json["invokeId"] = activity["id"]!.DeepClone();
        try
        {
            json["invokeResponse"] = answer.Body.Length > 0 && answer.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true ? JsonNode.Parse(answer.Body) : null;
        }
        catch (JsonException)
        {
            json["invokeResponse"] = null;
        }
        return TeamsLoginEndpoints.Json(json);
    }

    /// <summary>The bot, tenant, team, channels and people, for the page.</summary>
    internal static JsonObject Config(TeamsSandboxOptions options) => new()
    {
        ["bot"] = new JsonObject { ["id"] = options.BotMri, ["name"] = options.BotName, ["appId"] = options.AppId },
        ["tenantId"] = options.TenantId,
        ["team"] = new JsonObject { ["id"] = options.TeamId, ["name"] = options.TeamName },
        ["channels"] = new JsonArray([.. options.Channels.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["name"] = c.Name, ["environment"] = c.Environment })]),
        ["people"] = new JsonArray([.. options.People.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["mri"] = p.Mri, ["aadObjectId"] = p.AadObjectId })]),
    };

    internal static JsonObject AnswerJson(TeamsBotAnswer answer) => new()
    {
        ["status"] = answer.Status,
        ["contentType"] = answer.ContentType,
        ["body"] = answer.Body,
        ["error"] = answer.Error,
        ["detail"] = answer.Detail,
    };

    private static async Task<JsonObject?> ReadAsync(HttpContext http)
    {
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject body, string name) => body[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static IResult Refuse(string code, string message) =>
        TeamsLoginEndpoints.Json(new JsonObject { ["error"] = code, ["message"] = message }, 400);
}
