using System.Text.Json.Nodes;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Teams.Cards;
using OpsBot.Testing;

namespace OpsBot.Teams.Tests.Cards;

/// <summary>
/// What the Node oracles get: every sample card rendered, a confirm card per kind, and the confirmation reply's card,
/// written as <c>[{name, card}]</c> into a file under the test output folder (kept there with the screenshots).
/// </summary>
internal static class OracleCards
{
    public static string NodeFolder => NodeScripts.Folder("tests", "OpsBot.Teams.Tests", "node");

    /// <summary>The test output folder for the oracles' inputs and the screenshots.</summary>
    public static string OutputFolder(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "adaptive-cards", name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static async Task<IReadOnlyList<(string Name, JsonObject Card)>> RenderedAsync()
    {
        var context = TeamsSamples.Context;
        var cards = new List<(string, JsonObject)>();
        foreach (var (name, card) in await TeamsSamples.AllAsync())
        {
            cards.Add((name, AdaptiveCardRenderer.Render(card, context)));
            if (Buttons(card).FirstOrDefault(b => AdaptiveCardWriter.ConfirmOf(b) is not null) is { } button)
                cards.Add(($"{name} (confirm)", AdaptiveCardRenderer.RenderConfirm(card, button, context)));
        }
        var incident = TeamsSamples.Incident();
        cards.Add(("incident flag (confirm)", AdaptiveCardRenderer.RenderConfirm(incident, IncidentAdaptiveCard.TurnOffFlagButton(incident.FlagChoices[0].Value), context)));
        foreach (var (name, result) in TeamsSamples.Replies())
        {
            if (TeamsReply.Render(result, context)["attachments"]?[0]?["content"] is JsonObject reply)
                cards.Add(($"reply: {name}", (JsonObject)reply.DeepClone()));
        }
        return cards;
    }

    public static async Task<string> WriteAsync(string folder, IEnumerable<(string Name, JsonObject Card)> cards)
    {
        var path = Path.Combine(folder, "cards.json");
        var array = new JsonArray([.. cards.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["card"] = c.Card.DeepClone() })]);
        await File.WriteAllTextAsync(path, array.ToJsonString(AdaptiveCardLimits.JsonOptions));
        return path;
    }

    private static IReadOnlyList<CardButton> Buttons(ChatCard card) => card switch
    {
        DeploymentCard d => d.Buttons,
        FlagCard f => f.Buttons,
        IncidentCard i => i.Buttons,
        _ => [],
    };
}
