using System.Text.Json.Nodes;
using OpsBot.Core.Notifications.Cards;
using static OpsBot.Slack.BlockKit.BlockKitLimits;
using static OpsBot.Slack.BlockKit.BlockKitParts;

namespace OpsBot.Slack.BlockKit;

/// <summary>
/// Draws a <see cref="FlagCard"/> as Block Kit: header, headline, notes, the flags with their old → new values, facts,
/// AppConfig's side with a progress bar, buttons and a context line; escaped and cut like the deployment card.
/// </summary>
internal static class FlagCardRenderer
{
    public static JsonArray Render(FlagCard card)
    {
        var blocks = new JsonArray
        {
            Header(card.Title, "Feature flags"),
            Section("headline", Headline(card.Tone, card.Headline, card.Reason)),
        };
        if (card.Notes.Count > 0)
            blocks.Add(Section("notes", Notes(card.Notes)));
        blocks.Add(Section("flags", Flags(card.Flags)));
        blocks.Add(Facts(card));
        if (AppConfig(card) is { } appConfig)
            blocks.Add(Section("appconfig", appConfig));
        if (Actions("actions", card.Buttons) is { } actions)
            blocks.Add(actions);
        blocks.Add(Context(card.ChangeId, card.Version, card.State.ToString()));
        return blocks;
    }

    /// <summary>"*Flags*" then one line per flag, "`enable_new_api_endpoint`: off → *on*", as many as fit.</summary>
    private static string Flags(IReadOnlyList<FlagCardLine> flags)
    {
        const string Head = "*Flags*";
        if (flags.Count == 0)
            return Head + "\n—";
        var lines = flags.Select(f => $"`{SlackText.Mrkdwn(f.Flag.Replace('`', '\'').ReplaceLineEndings(" "), 100)}`: {OnOff(f.From)} → *{OnOff(f.To)}*").ToList();
        var (text, taken) = SlackText.Lines(lines, FlagsBudget - Head.Length - 40);
        var more = lines.Count - taken;
        return $"{Head}\n{text}" + (more > 0 ? $"{(taken > 0 ? "\n" : "")}… and {more} more flag{(more == 1 ? "" : "s")}" : "");
    }

    private static string OnOff(bool enabled) => enabled ? "on" : "off";

    /// <summary>The strategy, who asked, approvers only where an approval applies, and the requester's reason when given.</summary>
    private static JsonObject Facts(FlagCard card) =>
        BlockKitParts.Facts([Field("Strategy", SlackText.Mrkdwn(card.Strategy, FieldBudget))],
            card.RequestedBy, card.ApprovalApplies, card.Approvers, card.RequestReason);

    /// <summary>"*AppConfig* `▰▰▰▰▱▱▱▱▱▱ 40%`" and AppConfig's own line, once it started; null before.</summary>
    private static string? AppConfig(FlagCard card)
    {
        if (card.AppConfig is null && card.PercentComplete is null)
            return null;
        var head = "*AppConfig*";
        if (card.PercentComplete is { } percent && double.IsFinite(percent))
            head += $" `{DeploymentCard.Bar((int)Math.Round(Math.Clamp(percent, 0, 100), MidpointRounding.AwayFromZero))}`";
        return string.IsNullOrWhiteSpace(card.AppConfig) ? head : head + "\n" + SlackText.Mrkdwn(card.AppConfig, FieldBudget);
    }
}
