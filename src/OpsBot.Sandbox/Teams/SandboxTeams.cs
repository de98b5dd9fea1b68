using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OpsBot.Sandbox.Teams;

/// <summary>
/// Microsoft Teams in the sandbox, with no Microsoft account: what the bot's Teams adapter calls, and what the console
/// page uses to act as a person in a Teams channel.
/// <list type="bullet">
/// <item><c>GET /teams-login/v1/.well-known/openidconfiguration</c> and <c>…/keys</c>: the token issuer's metadata and JWKS (endorsed for <c>msteams</c>).</item>
/// <item><c>POST /teams-login/{tenant}/oauth2/v2.0/token</c>: client credentials for the sandbox's app.</item>
/// <item><c>/teams-connector/v3/conversations…</c>: the Bot Connector (create, send, reply, update, members); Bearer token required.</item>
/// <item><c>GET /sandbox/teams/messages[?channel=]</c>: the connector's history as JSON.</item>
/// <item><c>GET /sandbox/teams/config</c>: the team, channels, people and bot the page offers.</item>
/// <item><c>POST /sandbox/teams/console/message</c> <c>{persona, channel, text}</c>: posts a message mentioning the bot and sends it the activity.</item>
/// <item><c>POST /sandbox/teams/console/invoke</c> <c>{persona, conversationId, activityId, action:{type, id, verb, data}, trigger}</c>: sends an <c>adaptiveCard/action</c> invoke.</item>
/// <item><c>GET /sandbox/teams/sent</c>: the activities sent to the bot with its answers.</item>
/// <item><c>POST /sandbox/teams/faults</c> <c>{throttle, retryAfterSeconds}</c> and <c>DELETE</c>: the connector answers the next calls 429.</item>
/// </list>
/// </summary>
public static class SandboxTeams
{
    /// <param name="app">The sandbox's application (the same one that serves the console).</param>
    /// <param name="teams">The stand-in's state.</param>
    /// <returns><paramref name="app"/>.</returns>
    public static IEndpointRouteBuilder MapSandboxTeams(this IEndpointRouteBuilder app, TeamsSandbox teams)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(teams);
        TeamsLoginEndpoints.Map(app, teams);
        TeamsConnectorEndpoints.Map(app, teams);
        TeamsConsoleEndpoints.Map(app, teams);
        app.MapGet("/sandbox/teams/messages", (Delegate)((HttpContext http) => TeamsLoginEndpoints.Json(History(teams, http.Request.Query["channel"].FirstOrDefault()))));
        app.MapGet("/sandbox/teams/sent", (Delegate)((HttpContext _) => TeamsLoginEndpoints.Json(Sent(teams))));
        app.MapPost("/sandbox/teams/faults", (Delegate)((HttpContext http) => ThrottleAsync(http, teams)));
        app.MapDelete("/sandbox/teams/faults", (Delegate)((HttpContext _) => ClearFaults(teams)));
        return app;
    }

    private static JsonArray Sent(TeamsSandbox teams) => new([.. teams.Sender.Sent.Select(s => (JsonNode)new JsonObject
    {
        ["at"] = s.At.ToString("O", CultureInfo.InvariantCulture),
        ["activity"] = s.Activity.DeepClone(),
        ["answer"] = TeamsConsoleEndpoints.AnswerJson(s.Answer),
    })]);

    private static IResult ClearFaults(TeamsSandbox teams)
    {
        teams.Faults.Throttle(0);
        return TeamsLoginEndpoints.Json(new JsonObject { ["throttle"] = 0 });
    }

    private static async Task<IResult> ThrottleAsync(HttpContext http, TeamsSandbox teams)
    {
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }
        var calls = body?["throttle"] is JsonValue t && t.TryGetValue<int>(out var n) ? n : 1;
        var retryAfter = body?["retryAfterSeconds"] is JsonValue r && r.TryGetValue<int>(out var s) ? s : 1;
        teams.Faults.Throttle(calls, retryAfter);
        return TeamsLoginEndpoints.Json(new JsonObject { ["throttle"] = calls, ["retryAfterSeconds"] = retryAfter });
    }

    /// <summary>Each post: its ids, thread, author, times, text and attachments (the full activity too).</summary>
    private static JsonArray History(TeamsSandbox teams, string? channel)
    {
        var channelId = teams.Channel(channel)?.Id ?? channel;
        return new JsonArray([.. teams.Conversations.History(channelId).Select(p => (JsonNode)new JsonObject
        {
            ["id"] = p.Id,
            ["channelId"] = p.ChannelId,
            ["threadId"] = p.ThreadId,
            ["conversationId"] = p.ConversationId,
            ["replyToId"] = p.Activity["replyToId"]?.DeepClone(),
            ["from"] = From(teams, p),
            ["timestamp"] = p.Timestamp.ToString("O", CultureInfo.InvariantCulture),
            ["updated"] = p.Updated?.ToString("O", CultureInfo.InvariantCulture),
            ["updates"] = p.Updates,
            ["text"] = p.Activity["text"]?.DeepClone(),
            ["attachments"] = p.Activity["attachments"]?.DeepClone() ?? new JsonArray(),
            ["activity"] = p.Activity.DeepClone(),
        })]);
    }

    /// <summary>The author: the activity's <c>from</c> when a person posted it, else the bot (the connector posts as the app whose token it was).</summary>
    private static JsonObject From(TeamsSandbox teams, TeamsPost post)
    {
        var id = (post.Activity["from"]?["id"] as JsonValue)?.ToString();
        if (teams.Person(id) is { } person)
            return new JsonObject { ["id"] = person.Mri, ["name"] = person.Name, ["aadObjectId"] = person.AadObjectId };
        return new JsonObject { ["id"] = teams.Options.BotMri, ["name"] = teams.Options.BotName, ["bot"] = true };
    }
}
