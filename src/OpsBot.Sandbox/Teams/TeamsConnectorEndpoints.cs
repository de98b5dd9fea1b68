using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OpsBot.Sandbox.Teams;

/// <summary>
/// The fake Bot Connector under <c>/teams-connector/v3/</c> (the <c>serviceUrl</c> of the sandbox's activities): new
/// channel posts, posts and replies in threads, updates in place and the members of a channel, each call with the
/// Bearer token the fake token endpoint issued. Errors are the connector's <c>{"error":{"code","message"}}</c>.
/// </summary>
internal static class TeamsConnectorEndpoints
{
    public const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";

    public static void Map(IEndpointRouteBuilder app, TeamsSandbox teams)
    {
        var v3 = app.MapGroup("/teams-connector/v3/conversations").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var header = http.Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !teams.Issuer.IsValidAccessToken(header["Bearer ".Length..].Trim()))
                return TeamsLoginEndpoints.Json(new JsonObject { ["message"] = "Authorization has been denied for this request." }, 401);
            if (teams.Faults.TakeThrottle() is { } retryAfter)
            {
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                return Error(429, "TooManyRequests", "Too many requests: retry after the time in Retry-After.");
            }
            return await next(context);
        });
        v3.MapPost("", (Delegate)((HttpContext http) => CreateAsync(http, teams)));
        v3.MapPost("/{conversationId}/activities", (HttpContext http, string conversationId) => SendAsync(http, teams, conversationId, null));
        v3.MapPost("/{conversationId}/activities/{activityId}", (HttpContext http, string conversationId, string activityId) => SendAsync(http, teams, conversationId, activityId));
        v3.MapPut("/{conversationId}/activities/{activityId}", (HttpContext http, string conversationId, string activityId) => UpdateAsync(http, teams, conversationId, activityId));
        v3.MapGet("/{conversationId}/members", (string conversationId) => Members(teams, conversationId));
    }

    /// <summary>A new channel post: <c>{isGroup, channelData:{channel:{id}}, activity}</c> → <c>{id: "{channel};messageid={activityId}", activityId}</c>.</summary>
    private static async Task<IResult> CreateAsync(HttpContext http, TeamsSandbox teams)
    {
        var (body, problem) = await ReadAsync(http);
        if (problem is not null)
            return problem;
        var channelId = (body!["channelData"]?["channel"]?["id"] as JsonValue)?.GetValue<string>();
        if (channelId is null || !teams.Conversations.IsChannel(channelId))
            return Error(400, "BadArgument", channelId is null ? "channelData.channel.id is required to post in a channel." : $"Channel {channelId} is not in the team.");
        if (body["activity"] is not JsonObject activity)
            return Error(400, "BadArgument", "activity is required.");
        if (Check(activity, teams.Options) is { } bad)
            return bad;
        var post = teams.Conversations.Post(channelId, null, activity);
        return TeamsLoginEndpoints.Json(new JsonObject { ["id"] = post.ConversationId, ["activityId"] = post.Id }, 201);
    }

    /// <summary>A post in a conversation (a thread when its id names one, else a new root), or a reply to <paramref name="replyTo"/>.</summary>
    private static async Task<IResult> SendAsync(HttpContext http, TeamsSandbox teams, string conversationId, string? replyTo)
    {
        var (activity, problem) = await ReadAsync(http);
        if (problem is not null)
            return problem;
        var (channelId, root) = TeamsConversationId.Parse(conversationId);
        if (!teams.Conversations.IsChannel(channelId))
            return NotFound();
        if (Check(activity!, teams.Options) is { } bad)
            return bad;
        string? thread = root;
        if (replyTo is not null)
        {
            if (teams.Conversations.Find(channelId, replyTo) is not { } target)
                return Error(404, "ActivityNotFound", $"Activity {replyTo} was not found in the conversation.");
            thread = target.ThreadId;
        }
        if (thread is not null && teams.Conversations.Find(channelId, thread) is not { IsRoot: true })
            return Error(404, "ConversationNotFound", $"Thread {thread} was not found in the channel.");
        activity!["replyToId"] ??= replyTo ?? thread;
        var post = teams.Conversations.Post(channelId, thread, activity);
        return TeamsLoginEndpoints.Json(new JsonObject { ["id"] = post.Id });
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, TeamsSandbox teams, string conversationId, string activityId)
    {
        var (activity, problem) = await ReadAsync(http);
        if (problem is not null)
            return problem;
        var (channelId, _) = TeamsConversationId.Parse(conversationId);
        if (Check(activity!, teams.Options) is { } bad)
            return bad;
        if (teams.Conversations.Update(channelId, activityId, activity!) is null)
            return Error(404, "ActivityNotFound", $"Activity {activityId} was not found in the conversation.");
        return TeamsLoginEndpoints.Json(new JsonObject { ["id"] = activityId });
    }

    private static IResult Members(TeamsSandbox teams, string conversationId)
    {
        var (channelId, _) = TeamsConversationId.Parse(conversationId);
        if (!teams.Conversations.IsChannel(channelId))
            return NotFound();
        return TeamsLoginEndpoints.Json(new JsonArray([.. teams.Options.People.Select(p => (JsonNode)new JsonObject
        {
            ["id"] = p.Mri,
            ["name"] = p.Name,
            ["aadObjectId"] = p.AadObjectId,
            ["givenName"] = p.Name,
            ["email"] = $"{p.Name}@sandbox.example",
            ["userPrincipalName"] = $"{p.Name}@sandbox.example",
            ["tenantId"] = teams.Options.TenantId,
            ["userRole"] = "user",
        })]));
    }

    /// <summary>The body as a JSON object, or the error to answer: 413 past the size limit, 400 when it is not JSON.</summary>
    private static async Task<(JsonObject? Body, IResult? Problem)> ReadAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        try
        {
            return JsonNode.Parse(buffer.ToArray()) is JsonObject body ? (body, null) : (null, Error(400, "BadSyntax", "The body must be a JSON object."));
        }
        catch (JsonException e)
        {
            return (null, Error(400, "BadSyntax", $"The body is not JSON: {e.Message}"));
        }
    }

    /// <summary>The shape Teams accepts: a message with text or Adaptive Card attachments, no larger than the limit.</summary>
    private static IResult? Check(JsonObject activity, TeamsSandboxOptions options)
    {
        var size = Encoding.UTF8.GetByteCount(activity.ToJsonString());
        if (size > options.MaxActivityBytes)
            return Error(413, "MessageSizeTooBig", $"Message size too big: {size} bytes, the limit is {options.MaxActivityBytes}.");
        if ((activity["type"] as JsonValue)?.ToString() != "message")
            return Error(400, "BadArgument", "Activity type must be 'message'.");
        var attachments = activity["attachments"] as JsonArray ?? [];
        if (activity["attachments"] is { } a && a is not JsonArray)
            return Error(400, "BadArgument", "attachments must be an array.");
        for (var i = 0; i < attachments.Count; i++)
        {
            if (attachments[i] is not JsonObject attachment || (attachment["contentType"] as JsonValue)?.ToString() != AdaptiveCard)
                return Error(400, "BadArgument", $"attachments[{i}].contentType must be {AdaptiveCard}.");
            if (attachment["content"] is not JsonObject card || (card["type"] as JsonValue)?.ToString() != "AdaptiveCard")
                return Error(400, "BadArgument", $"attachments[{i}].content must be an AdaptiveCard object.");
            if (card["version"] is not JsonValue || (card["body"] is not null && card["body"] is not JsonArray) || (card["actions"] is not null && card["actions"] is not JsonArray))
                return Error(400, "BadArgument", $"attachments[{i}].content needs a version, and body and actions must be arrays.");
        }
        if (attachments.Count == 0 && string.IsNullOrWhiteSpace((activity["text"] as JsonValue)?.ToString()))
            return Error(400, "BadArgument", "A message needs text or attachments.");
        return null;
    }

    private static IResult NotFound() => Error(404, "ConversationNotFound", "Conversation not found.");

    internal static IResult Error(int status, string code, string message) =>
        TeamsLoginEndpoints.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }, status);
}
