using System.Text.Json.Nodes;
using OpsBot.Core.Notifications.Cards;
using static OpsBot.Teams.Cards.AdaptiveCardLimits;

namespace OpsBot.Teams.Cards;

/// <summary>
/// Draws a <see cref="FlagCard"/> as an Adaptive Card: title, headline and reason, notes, the flags with their
/// old → new values, facts, AppConfig's side with a progress bar, buttons and a context line.
/// </summary>
internal static class FlagAdaptiveCard
{
    public static (JsonArray Body, JsonArray Actions) Draw(FlagCard card, AdaptiveCardWriter w)
    {
        var body = new JsonArray { w.Title(card.Title) };
        foreach (var block in w.Headline(card.Tone, card.Headline, card.Reason))
            body.Add(block);
        if (w.List(null, [.. card.Notes.Select(n => "📌 " + w.Markdown(n, Line))], Notes, "note") is { } notes)
            body.Add(notes);
        body.Add(w.List("Flags", [.. card.Flags.Select(f => $"{w.Markdown(f.Flag.ReplaceLineEndings(" "), 120)}: {OnOff(f.From)} → **{OnOff(f.To)}**")], Flags, "flag")
            ?? AdaptiveCardWriter.Text("**Flags** —"));
        body.Add(w.Facts(
        [
            ("Strategy", w.Markdown(card.Strategy, FactValue)),
            .. AdaptiveCardRenderer.People(w, card.RequestedBy, card.ApprovalApplies, card.Approvers, card.RequestReason),
        ]));
        if (card.AppConfig is not null || card.PercentComplete is not null)
        {
            var head = "**AppConfig**";
            if (card.PercentComplete is { } percent && double.IsFinite(percent))
                head += " " + DeploymentCard.Bar((int)Math.Round(Math.Clamp(percent, 0, 100), MidpointRounding.AwayFromZero));
            body.Add(AdaptiveCardWriter.Text(head));
            if (!string.IsNullOrWhiteSpace(card.AppConfig))
                body.Add(AdaptiveCardWriter.Text(w.Markdown(card.AppConfig, FactValue), tight: true));
        }
        body.Add(w.Footer(card.ChangeId, card.Version, card.State.ToString()));
        return (body, w.Actions(card.Buttons));
    }

    private static string OnOff(bool enabled) => enabled ? "on" : "off";
}
