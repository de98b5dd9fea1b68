using System.Text.Json.Nodes;
using OpsBot.Core.Commands;
using static OpsBot.Teams.Cards.AdaptiveCardLimits;

namespace OpsBot.Teams.Cards;

/// <summary>
/// The answer to one person's command in Teams: a markdown text (what happened, or for an error what was wrong, with
/// the usage in a code block when Core gives it) with its mentions, or, when the answer offers buttons (a rollback
/// confirmation), a small card with the same text and the buttons as Action.Execute.
/// </summary>
/// <remarks>
/// A result's <see cref="CommandResult.Card"/> is posted on its own (<see cref="TeamsActivities.Card(OpsBot.Core.Notifications.Cards.ChatCard, TeamsCardContext)"/>);
/// its <see cref="CommandResult.Files"/> (charts) reach Teams as hosted images, through <see cref="TeamsCardContext.ImageUrls"/>.
/// </remarks>
internal static class TeamsReply
{
    /// <summary>The message activity answering <paramref name="result"/>.</summary>
    public static JsonObject Render(CommandResult result, TeamsCardContext context)
    {
        var usage = string.IsNullOrWhiteSpace(result.Usage) ? null : result.Usage.Trim('\n').Replace("```", "'''", StringComparison.Ordinal);
        if (result.Actions.Count == 0)
        {
            var w = new AdaptiveCardWriter(context, 1);
            var code = usage is null ? "" : $"\n\n{(result.IsError ? "**Usage**\n\n" : "")}```\n{TeamsText.Truncate(usage, 1500)}\n```";
            var text = (result.IsError ? "⚠️ " : "") + w.Markdown(result.Message, MessageText - code.Length - 10) + code;
            var activity = TeamsActivities.Text(text);
            var mentions = w.Mentions(activity);
            if (mentions.Count > 0)
                activity["entities"] = mentions;
            return activity;
        }
        var card = new AdaptiveCardWriter(context, 1);
        var body = new JsonArray { AdaptiveCardWriter.Text((result.IsError ? "⚠️ " : "") + card.Markdown(result.Message, 2000)) };
        if (usage is not null)
            body.Add(AdaptiveCardWriter.Text(TeamsText.Escape(TeamsText.Truncate(usage, 1500)), mono: true, subtle: true));
        var content = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = AdaptiveCardRenderer.Schema,
            ["version"] = "1.5",
            ["body"] = body,
            ["actions"] = card.Actions(result.Actions),
        };
        content["msteams"] = new JsonObject { ["width"] = "Full", ["entities"] = card.Mentions(content) };
        return TeamsActivities.Card(content, card.Plain(result.Message, Summary, "OpsBot"));
    }
}
