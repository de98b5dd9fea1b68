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
            blocks.Add(actions);
        blocks.Add(Context(card.IncidentId, card.Version, card.State.ToString()));
        return blocks;
    }

    /// <summary>"*Alarm* lambda_router-error-rate" per line, as many as fit.</summary>
    private static string Facts(IReadOnlyList<KeyValuePair<string, string>> facts) =>
        SlackText.Lines(facts.Select(f => $"*{SlackText.Mrkdwn(f.Key, 60)}* {SlackText.Mrkdwn(f.Value, FieldBudget)}"), ChecksBudget).Text;
}
