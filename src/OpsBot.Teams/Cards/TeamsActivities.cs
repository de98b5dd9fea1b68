using System.Text.Json.Nodes;
using OpsBot.Core.Notifications.Cards;

namespace OpsBot.Teams.Cards;

/// <summary>
/// The activities OpsBot sends to Teams (a card, a text with mentions) and its answers to an <c>adaptiveCard/action</c>
/// invoke (a card that replaces the clicked one, a toast message, an error), as the Bot Connector and Teams expect
/// them. Serialize them with <see cref="AdaptiveCardLimits.JsonOptions"/> (the smaller form; their size holds either way).
/// </summary>
internal static class TeamsActivities
{
    public const string MessageType = "application/vnd.microsoft.activity.message";
    public const string ErrorType = "application/vnd.microsoft.error";

    /// <summary>A message with <paramref name="card"/> drawn as an Adaptive Card; its summary (the notification text) is the card's.</summary>
    public static JsonObject Card(ChatCard card, TeamsCardContext context) =>
        Card(AdaptiveCardRenderer.Render(card, context), TeamsText.Plain(card.Summary, AdaptiveCardLimits.Summary, context.DisplayName, "OpsBot"));

    /// <summary>A message carrying an AdaptiveCard <paramref name="content"/> as its one attachment.</summary>
    public static JsonObject Card(JsonObject content, string summary) => new()
    {
        ["type"] = "message",
        ["summary"] = summary,
        ["attachments"] = new JsonArray
        {
            new JsonObject { ["contentType"] = AdaptiveCardRenderer.ContentType, ["content"] = content },
        },
    };

    /// <summary>A markdown text message; <paramref name="mentions"/> are the entities of the <c>&lt;at&gt;</c> tags in it.</summary>
    public static JsonObject Text(string markdown, JsonArray? mentions = null)
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["textFormat"] = "markdown",
            ["text"] = TeamsText.Truncate(markdown, AdaptiveCardLimits.MessageText),
        };
        if (mentions is { Count: > 0 })
            activity["entities"] = mentions;
        return activity;
    }

    /// <summary>The invoke's answer that replaces the clicked card with <paramref name="card"/> (for the person who clicked).</summary>
    public static JsonObject CardResponse(JsonObject card) => new()
    {
        ["statusCode"] = 200,
        ["type"] = AdaptiveCardRenderer.ContentType,
        ["value"] = card,
    };

    /// <summary>The invoke's answer that leaves the card as it is and shows <paramref name="text"/> as a toast.</summary>
    public static JsonObject MessageResponse(string text) => new()
    {
        ["statusCode"] = 200,
        ["type"] = MessageType,
        ["value"] = TeamsText.Truncate(text, 500),
    };

    /// <summary>An error answer to an invoke: 4xx (a bad or stale request) or 5xx (OpsBot failed).</summary>
    public static JsonObject ErrorResponse(int statusCode, string code, string message)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return new JsonObject
        {
            ["statusCode"] = statusCode,
            ["type"] = ErrorType,
            ["value"] = new JsonObject { ["code"] = code, ["message"] = TeamsText.Truncate(message, 500) },
        };
    }
}
