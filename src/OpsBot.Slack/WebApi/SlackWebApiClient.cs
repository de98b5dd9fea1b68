using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Core.Ports;

namespace OpsBot.Slack.WebApi;

/// <summary>A message Slack accepted: the channel id and its <c>ts</c> (the message id, and the thread id of its replies).</summary>
internal sealed record PostedMessage(string Channel, string Ts);

/// <summary>
/// The Slack Web API calls OpsBot makes, over one retrying transport: chat.postMessage, chat.update,
/// chat.postEphemeral, a <c>response_url</c>, the files upload v2 flow and usergroups.users.list. Write methods send
/// JSON; the files and usergroups methods send a form, as Slack documents them. Only the configured base URL and
/// allowed hosts are ever called.
/// </summary>
internal sealed partial class SlackWebApiClient(
    HttpClient http,
    IOptions<SlackOptions> options,
    SlackUrlPolicy urls,
    IAuditLog audit,
    TimeProvider time,
    ILogger<SlackWebApiClient> logger)
{
    public const string HttpClientName = "opsbot-slack";

    public async Task<PostedMessage> PostMessageAsync(string channel, string text, JsonArray? blocks, string? threadTs, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["channel"] = channel,
            ["text"] = text,
            ["unfurl_links"] = false,
            ["unfurl_media"] = false,
        };
        if (blocks is not null)
            body["blocks"] = blocks;
        if (threadTs is not null)
            body["thread_ts"] = threadTs;
        var answer = await CallJsonAsync("chat.postMessage", body, channel, cancellationToken);
        return new PostedMessage(String(answer, "channel") ?? channel, String(answer, "ts") ?? throw Missing("chat.postMessage", "ts"));
    }

    public async Task UpdateMessageAsync(string channel, string ts, string text, JsonArray? blocks, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["channel"] = channel, ["ts"] = ts, ["text"] = text };
        if (blocks is not null)
            body["blocks"] = blocks;
        await CallJsonAsync("chat.update", body, channel, cancellationToken);
    }

    public async Task PostEphemeralAsync(string channel, string user, string text, string? threadTs, CancellationToken cancellationToken, JsonArray? blocks = null)
    {
        var body = new JsonObject { ["channel"] = channel, ["user"] = user, ["text"] = text };
        if (blocks is not null)
            body["blocks"] = blocks.DeepClone();
        if (threadTs is not null)
            body["thread_ts"] = threadTs;
        await CallJsonAsync("chat.postEphemeral", body, channel, cancellationToken);
    }

    /// <summary>
    /// Answers through a <c>response_url</c> (no token needed: the URL is the credential), as a new ephemeral message or,
    /// with <paramref name="replaceOriginal"/>, in place of the message acted on. Returns false, without calling
    /// anything, when the URL is not on an allowed host.
    /// </summary>
    public async Task<bool> RespondAsync(string? responseUrl, string text, CancellationToken cancellationToken, JsonArray? blocks = null, bool replaceOriginal = false)
    {
        if (!urls.IsResponseUrl(responseUrl, out var uri))
        {
            logger.LogWarning("Refused to call response_url {Url}: not an https URL on an allowed host", Shorten(responseUrl));
            return false;
        }
        var body = new JsonObject { ["response_type"] = "ephemeral", ["replace_original"] = replaceOriginal, ["text"] = text };
        if (blocks is not null)
            body["blocks"] = blocks.DeepClone();
        var response = await SendAsync("response_url", () => JsonRequest(uri!, body, authorize: false), null, cancellationToken);
        await CheckAsync("response_url", response, null);
        return true;
    }

    /// <summary>Uploads a file into a channel (a thread when <paramref name="threadTs"/> is given) with Slack's v2 flow.</summary>
    public async Task UploadFileAsync(string channel, string? threadTs, string fileName, string title, byte[] content, CancellationToken cancellationToken)
    {
        var slot = await CallFormAsync("files.getUploadURLExternal", [
            new("filename", fileName),
            new("length", content.Length.ToString(CultureInfo.InvariantCulture)),
        ], channel, cancellationToken);
        var fileId = String(slot, "file_id") ?? throw Missing("files.getUploadURLExternal", "file_id");
        var uploadUrl = String(slot, "upload_url");
        if (!urls.IsUploadUrl(uploadUrl, out var uri))
        {
            logger.LogError("Refused to upload to {Url}: not an https URL on an allowed host", Shorten(uploadUrl));
            throw await FailAsync("files.getUploadURLExternal", "upload_url_not_allowed", [], channel, null);
        }
        var uploaded = await SendAsync("files.upload", () => new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new ByteArrayContent(content) { Headers = { ContentType = new("application/octet-stream") } },
        }, channel, cancellationToken);
        await CheckAsync("files.upload", uploaded, channel);

        var files = new JsonArray(new JsonObject { ["id"] = fileId, ["title"] = title }).ToJsonString();
        var complete = new List<KeyValuePair<string, string>> { new("files", files), new("channel_id", channel) };
        if (threadTs is not null)
            complete.Add(new("thread_ts", threadTs));
        await CallFormAsync("files.completeUploadExternal", complete, channel, cancellationToken);
    }

    /// <summary>The user ids of a user group (<c>S0123ABC</c>).</summary>
    public async Task<IReadOnlyList<string>> UsergroupMembersAsync(string groupId, CancellationToken cancellationToken)
    {
        var answer = await CallFormAsync("usergroups.users.list", [new("usergroup", groupId)], null, cancellationToken);
        // An answer without the list is not "nobody": Core must know membership could not be read (and fail closed).
        if (!answer.TryGetProperty("users", out var users) || users.ValueKind != JsonValueKind.Array)
            throw new SlackApiException("usergroups.users.list", "users_missing", []);
        return [.. users.EnumerateArray().Where(u => u.ValueKind == JsonValueKind.String).Select(u => u.GetString()!)];
    }

    private Task<JsonElement> CallJsonAsync(string method, JsonObject body, string? channel, CancellationToken cancellationToken) =>
        CallAsync(method, () => JsonRequest(Method(method), body, authorize: true), channel, cancellationToken);

    private Task<JsonElement> CallFormAsync(string method, IReadOnlyList<KeyValuePair<string, string>> form, string? channel, CancellationToken cancellationToken) =>
        CallAsync(method, () => Authorized(new HttpRequestMessage(HttpMethod.Post, Method(method)) { Content = new FormUrlEncodedContent(form) }), channel,
            cancellationToken);

    private HttpRequestMessage JsonRequest(Uri uri, JsonObject body, bool authorize)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        return authorize ? Authorized(request) : request;
    }

    private HttpRequestMessage Authorized(HttpRequestMessage request)
    {
        request.Headers.Authorization = new("Bearer", options.Value.BotToken);
        return request;
    }

    private Uri Method(string method) => new(new Uri(options.Value.ApiBaseUrl), method);

    private static string? String(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static SlackApiException Missing(string method, string field) => new(method, $"no {field} in the answer", []);

    private static string Shorten(string? url) => url is null ? "(none)" : url.Length > 80 ? url[..80] + "…" : url;
}
