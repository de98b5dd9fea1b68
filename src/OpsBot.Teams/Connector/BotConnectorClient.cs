using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpsBot.Teams.Connector;

/// <summary>
/// The Bot Connector REST calls OpsBot makes (PROTOCOLS.md §8), at a <c>serviceUrl</c> an inbound activity named and
/// <see cref="ServiceUrlPolicy"/> allows — never anywhere else, so the bot's token goes nowhere else. Each call is
/// retried (Polly) on 429 after its <c>Retry-After</c>, on 5xx, timeouts and connection failures, with a fresh token
/// once after a 401; what fails for good throws <see cref="ConnectorException"/>.
/// </summary>
internal sealed class BotConnectorClient(HttpClient http, IBotToken tokens, ServiceUrlPolicy urls, IOptions<TeamsOptions> options,
    TimeProvider time, ILogger<BotConnectorClient> logger)
{
    public const string HttpClientName = "teams-connector";

    /// <summary>A new top-level post in a channel (a thread of its own): the thread's conversation id and the post's activity id.</summary>
    public async Task<(string ConversationId, string ActivityId)> CreateChannelPostAsync(string serviceUrl, string channelId, string tenantId,
        JsonObject activity, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["isGroup"] = true,
            ["channelData"] = new JsonObject { ["channel"] = new JsonObject { ["id"] = channelId }, ["tenant"] = new JsonObject { ["id"] = tenantId } },
            ["tenantId"] = tenantId,
            ["activity"] = activity,
        };
        var answer = await CallAsync("create conversation", HttpMethod.Post, serviceUrl, "v3/conversations", body, cancellationToken);
        var activityId = answer?["activityId"]?.GetValue<string>() ?? throw new ConnectorException("create conversation", 200, "no_activity_id", null);
        var conversationId = answer?["id"]?.GetValue<string>() ?? $"{channelId};messageid={activityId}";
        return (conversationId, activityId);
    }

    /// <summary>A 1:1 chat with one person (the app must be installed for them): its conversation id.</summary>
    public async Task<string> CreatePersonalChatAsync(string serviceUrl, string tenantId, string userId, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["isGroup"] = false,
            ["bot"] = new JsonObject { ["id"] = "28:" + options.Value.AppId },
            ["members"] = new JsonArray(new JsonObject { ["id"] = userId }),
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } },
            ["tenantId"] = tenantId,
        };
        var answer = await CallAsync("create conversation", HttpMethod.Post, serviceUrl, "v3/conversations", body, cancellationToken);
        return answer?["id"]?.GetValue<string>() ?? throw new ConnectorException("create conversation", 200, "no_conversation_id", null);
    }

    /// <summary>Posts into a conversation (a thread when its id carries <c>;messageid=</c>); the new activity's id.</summary>
    public async Task<string?> SendAsync(string serviceUrl, string conversationId, JsonObject activity, CancellationToken cancellationToken) =>
        (await CallAsync("send", HttpMethod.Post, serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities", activity, cancellationToken))?["id"]?.GetValue<string>();

    /// <summary>Replies to an activity (in a channel: in its thread).</summary>
    public async Task<string?> ReplyAsync(string serviceUrl, string conversationId, string activityId, JsonObject activity, CancellationToken cancellationToken)
    {
        activity["replyToId"] = activityId;
        return (await CallAsync("reply", HttpMethod.Post, serviceUrl,
            $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}", activity, cancellationToken))?["id"]?.GetValue<string>();
    }

    /// <summary>The members of a conversation (a channel: its team's): each one's Teams id, name and AAD object id.</summary>
    public async Task<IReadOnlyList<(string Id, string Name, string AadObjectId)>> MembersAsync(string serviceUrl, string conversationId, CancellationToken cancellationToken)
    {
        var answer = await CallAsync("members", HttpMethod.Get, serviceUrl, $"v3/conversations/{Uri.EscapeDataString(conversationId)}/members", null, cancellationToken);
        return [.. (answer as JsonArray ?? []).OfType<JsonObject>()
            .Select(m => (Id: Text(m, "id"), Name: Text(m, "name"), Aad: Text(m, "aadObjectId")))
            .Where(m => m.Id is not null && m.Aad is not null)
            .Select(m => (m.Id!, m.Name ?? m.Id!, m.Aad!))];
    }

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Replaces an activity in place (a card's update, for everyone).</summary>
    public async Task UpdateAsync(string serviceUrl, string conversationId, string activityId, JsonObject activity, CancellationToken cancellationToken)
    {
        activity["id"] = activityId;
        await CallAsync("update", HttpMethod.Put, serviceUrl,
            $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/{Uri.EscapeDataString(activityId)}", activity, cancellationToken);
    }

    private readonly RetryingHttp _http = new(http, options.Value, time, logger);

    private async Task<JsonNode?> CallAsync(string call, HttpMethod method, string serviceUrl, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        var baseUrl = urls.Allowed(serviceUrl) ?? throw new ConnectorException(call, 0, "service_url_not_allowed",
            $"{serviceUrl} is not among OpsBot:Teams:ServiceUrlHosts");
        var url = new Uri(baseUrl, path);
        var json = body?.ToJsonString();
        var refreshed = false;
        while (true)
        {
            var token = await tokens.GetTokenAsync(cancellationToken);
            var last = await _http.SendAsync(call, () =>
            {
                var request = new HttpRequestMessage(method, url) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json") };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                return request;
            }, cancellationToken);
            if (last.Status == 401 && !refreshed)
            {
                tokens.Invalidate(token);
                refreshed = true;
                continue;
            }
            if (last.Status is >= 200 and <= 299)
                return Parse(last.Body);
            var error = Parse(last.Body)?["error"];
            var code = error?["code"]?.GetValue<string>() ?? last.Failure;
            var detail = error?["message"]?.GetValue<string>();
            var failure = new ConnectorException(call, last.Status, code, detail, last.Cause);
            logger.Log(failure.IsPermanent ? LogLevel.Warning : LogLevel.Error, last.Cause, "Teams {Call} at {Host} failed: {Status} {Code} {Detail}",
                call, url.Host, last.Status, code, detail);
            throw failure;
        }
    }

    private static JsonNode? Parse(byte[] body)
    {
        if (body.Length == 0)
            return null;
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
