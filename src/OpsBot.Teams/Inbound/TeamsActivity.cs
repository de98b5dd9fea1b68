using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpsBot.Teams.Inbound;

/// <summary>
/// The fields of an inbound Bot Framework activity OpsBot reads (PROTOCOLS.md §8), from a body whose token was
/// verified. Missing or mistyped fields read as null; <see cref="Parse"/> answers null for a body that is not a JSON object.
/// </summary>
internal sealed partial record TeamsActivity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? ServiceUrl { get; init; }
    public string? ChannelId { get; init; }
    public string? FromId { get; init; }
    public string? FromName { get; init; }
    public string? FromAadObjectId { get; init; }
    public string? RecipientId { get; init; }
    public string? ConversationId { get; init; }
    public string? ConversationType { get; init; }
    public string? TenantId { get; init; }
    public string? TeamId { get; init; }

    /// <summary>The Teams channel (<c>19:…@thread.tacv2</c>) a channel conversation is in; null in personal and group chats.</summary>
    public string? TeamsChannelId { get; init; }
    public string? Text { get; init; }
    public string? ReplyToId { get; init; }

    /// <summary>The bot's own mention texts (<c>&lt;at&gt;OpsBot&lt;/at&gt;</c>), to strip from <see cref="Text"/>.</summary>
    public IReadOnlyList<string> BotMentions { get; init; } = [];

    /// <summary>An invoke's <c>value</c>, cloned; default when absent.</summary>
    public JsonElement Value { get; init; }

    /// <summary>Where the conversation's posts go: the Teams channel of a channel conversation, else the conversation itself.</summary>
    public string? Place => TeamsChannelId ?? ConversationId;

    public bool IsChannel => ConversationType == "channel" && TeamsChannelId is not null;

    /// <summary>What the person typed, without the bot's mention and markup: "deploy lambda_router 5".</summary>
    public string CommandText
    {
        get
        {
            var text = Text ?? "";
            foreach (var mention in BotMentions)
                text = text.Replace(mention, " ", StringComparison.Ordinal);
            text = WebUtility.HtmlDecode(Tags().Replace(text, " ")).Replace('\u00a0', ' ');
            return Spaces().Replace(text, " ").Trim();
        }
    }

    public static TeamsActivity? Parse(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return null;
            var from = Member(root, "from");
            var conversation = Member(root, "conversation");
            var channelData = Member(root, "channelData");
            var recipientId = String(Member(root, "recipient"), "id");
            return new TeamsActivity
            {
                Type = String(root, "type"),
                Id = String(root, "id"),
                Name = String(root, "name"),
                ServiceUrl = String(root, "serviceUrl"),
                ChannelId = String(root, "channelId"),
                FromId = String(from, "id"),
                FromName = String(from, "name"),
                FromAadObjectId = String(from, "aadObjectId"),
                RecipientId = recipientId,
                ConversationId = String(conversation, "id"),
                ConversationType = String(conversation, "conversationType"),
                TenantId = String(Member(channelData, "tenant"), "id") ?? String(conversation, "tenantId"),
                TeamId = String(Member(channelData, "team"), "id"),
                TeamsChannelId = String(Member(channelData, "channel"), "id"),
                Text = String(root, "text"),
                ReplyToId = String(root, "replyToId"),
                BotMentions = Mentions(root, recipientId),
                Value = root.TryGetProperty("value", out var value) ? value.Clone() : default,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The <c>serviceUrl</c> and <c>channelId</c> alone: all that is read of a body before its token's claims are matched to it.</summary>
    public static (string? ServiceUrl, string? ChannelId)? Envelope(byte[] body) =>
        Parse(body) is { } a ? (a.ServiceUrl, a.ChannelId) : null;

    private static IReadOnlyList<string> Mentions(JsonElement root, string? botId)
    {
        if (botId is null || !root.TryGetProperty("entities", out var entities) || entities.ValueKind != JsonValueKind.Array)
            return [];
        return [.. entities.EnumerateArray()
            .Where(e => String(e, "type") == "mention" && String(Member(e, "mentioned"), "id") == botId && String(e, "text") is { Length: > 0 })
            .Select(e => String(e, "text")!)];
    }

    private static JsonElement Member(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : default;

    private static string? String(JsonElement element, string name) =>
        Member(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    [GeneratedRegex("<[^>]{0,200}>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
