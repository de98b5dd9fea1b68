using System.Text.Json.Nodes;
using OpsBot.Core.Notifications.Cards;
using static OpsBot.Slack.BlockKit.BlockKitLimits;
using static OpsBot.Slack.BlockKit.BlockKitParts;

namespace OpsBot.Slack.BlockKit;

/// <summary>
/// Draws an <see cref="IncidentCard"/> (the root of an alert thread) as Block Kit: header, headline with CloudWatch's
/// reason, the facts (alarm, metric, function and versions, suspect, lead, opened), buttons and a context line; escaped
/// and cut like the other cards.
/// </summary>
internal static class IncidentCardRenderer
{
    public static JsonArray Render(IncidentCard card)
    {
        var blocks = new JsonArray
        {
            Header(card.Title, "Incident"),
            Section("headline", Headline(card.Tone, card.Headline, card.Reason)),
            Section("facts", Facts(card.Facts)),
        };
        if (Actions("actions", card.Buttons) is { } actions)
        {
            if (FlagSelect(card) is { } select && actions["elements"] is JsonArray elements && elements.Count < ActionsElements)
                elements.Add(select);
            blocks.Add(actions);
        }
        blocks.Add(Context(card.IncidentId, card.Version, card.State.ToString()));
        return blocks;
    }

    /// <summary>"Turn off a flag…": a static select of the flags that were on (at most 100, values within 150 characters); null when none.</summary>
    private static JsonObject? FlagSelect(IncidentCard card)
    {
        var options = new List<JsonNode>();
        var budget = FlagsBudget; // the options' texts count towards the message's total
        foreach (var (flag, value) in card.FlagChoices.Where(c => c.Value.Length <= 150).Take(100))
        {
            var text = SlackText.Plain(flag, 75);
            if ((budget -= text.Length) < 0)
                break;
            options.Add(new JsonObject { ["text"] = PlainText(text), ["value"] = value });
        }
        return options.Count == 0 ? null : new JsonObject
        {
            ["type"] = "static_select",
            ["action_id"] = "TurnOffFlag",
            ["placeholder"] = PlainText("Turn off a flag…"),
            ["options"] = new JsonArray([.. options]),
            ["confirm"] = new JsonObject
            {
                ["title"] = PlainText("Turn this flag off?"),
                ["text"] = PlainText("It is turned off at once with /rollback flags (no gate), and the incident's thread says so."),
                ["confirm"] = PlainText("Turn off"),
                ["deny"] = PlainText("Cancel"),
                ["style"] = "danger",
            },
        };
    }

    /// <summary>"*Alarm* lambda_router-error-rate" per line, as many as fit.</summary>
    private static string Facts(IReadOnlyList<KeyValuePair<string, string>> facts) =>
        SlackText.Lines(facts.Select(f => $"*{SlackText.Mrkdwn(f.Key, 60)}* {SlackText.Mrkdwn(f.Value, FieldBudget)}"), ChecksBudget).Text;
}
