using System.Text.Json.Nodes;
using OpsBot.Core.Notifications.Cards;
using static OpsBot.Teams.Cards.AdaptiveCardLimits;

namespace OpsBot.Teams.Cards;

/// <summary>
/// Draws an <see cref="IncidentCard"/> (the root of an alert thread) as an Adaptive Card: title, headline with
/// CloudWatch's reason, the facts, "Turn off a flag…" as a compact choice set with its own Action.Execute (the only
/// action that gathers an input), the buttons and a context line.
/// </summary>
internal static class IncidentAdaptiveCard
{
    /// <summary>The id of the flag choice set: the chosen value arrives as <c>data.opsbotChoice</c>.</summary>
    public const string ChoiceId = "opsbotChoice";

    public static (JsonArray Body, JsonArray Actions) Draw(IncidentCard card, AdaptiveCardWriter w)
    {
        var body = new JsonArray { w.Title(card.Title) };
        foreach (var block in w.Headline(card.Tone, card.Headline, card.Reason))
            body.Add(block);
        var budget = w.Budget(ListBudget);
        var facts = new List<(string, string)>();
        foreach (var (name, value) in card.Facts.Take(w.Count(AdaptiveCardLimits.Facts)))
        {
            var fact = (TeamsText.Truncate(TeamsText.Escape(name), FactTitle), w.Markdown(value, FactValue));
            if ((budget -= fact.Item1.Length + fact.Item2.Length) < 0 && facts.Count > 0)
                break;
            facts.Add(fact);
        }
        if (facts.Count > 0)
        {
            body.Add(w.Facts(facts));
            if (card.Facts.Count > facts.Count)
                body.Add(AdaptiveCardWriter.Text(TeamsText.More(card.Facts.Count - facts.Count, "fact"), subtle: true, tight: true));
        }
        if (FlagChoices(card, w) is { } choices)
            body.Add(choices);
        body.Add(w.Footer(card.IncidentId, card.Version, card.State.ToString()));
        return (body, w.Actions(card.Buttons));
    }

    /// <summary>
    /// The button a chosen flag stands for, so the bot can ask with <see cref="AdaptiveCardRenderer.RenderConfirm"/>
    /// before turning it off (the select's Action.Execute has verb "confirm").
    /// </summary>
    public static CardButton TurnOffFlagButton(string choiceValue) =>
        new("TurnOffFlag", "Turn off", false, true,
            new CardConfirm("Turn this flag off?", "It is turned off at once with /rollback flags (no gate), and the incident's thread says so.", "Turn off", "Cancel"),
            choiceValue);

    /// <summary>"Turn off a flag…": a compact Input.ChoiceSet of the flags that were on and the action that sends the choice; null when none.</summary>
    private static JsonObject? FlagChoices(IncidentCard card, AdaptiveCardWriter w)
    {
        var choices = new JsonArray();
        var budget = w.Budget(ListBudget);
        foreach (var (flag, value) in card.FlagChoices.Where(c => c.Value.Length is > 0 and <= ActionValue).Take(w.Count(Choices)))
        {
            var title = w.Plain(flag, ChoiceTitle);
            if ((budget -= title.Length + value.Length) < 0)
                break;
            choices.Add(new JsonObject { ["title"] = title, ["value"] = value });
        }
        if (choices.Count == 0)
            return null;
        var turnOff = AdaptiveCardWriter.Execute("Turn off…", AdaptiveCardActions.Confirm, "", "destructive", associatedInputs: "auto");
        turnOff["data"] = new JsonObject();
        return new JsonObject
        {
            ["type"] = "Container",
            ["items"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "Input.ChoiceSet",
                    ["id"] = ChoiceId,
                    ["style"] = "compact",
                    ["placeholder"] = "Turn off a flag…",
                    ["label"] = "Turn off a flag",
                    ["isRequired"] = true,
                    ["errorMessage"] = "Choose a flag to turn off.",
                    ["choices"] = choices,
                },
                new JsonObject { ["type"] = "ActionSet", ["actions"] = new JsonArray { turnOff } },
            },
        };
    }
}
