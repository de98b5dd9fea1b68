using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpsBot.Teams.Tests.Cards;

/// <summary>Looks into rendered cards: elements by type, all texts, and the invoke value Teams sends for an Action.Execute.</summary>
internal static class CardJson
{
    /// <summary>Every object in <paramref name="node"/> whose "type" is <paramref name="type"/>, depth first.</summary>
    public static IEnumerable<JsonObject> OfType(JsonNode? node, string type)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["type"] is JsonValue t && t.TryGetValue<string>(out var s) && s == type)
                    yield return o;
                foreach (var (_, v) in o)
                    foreach (var found in OfType(v, type))
                        yield return found;
                break;
            case JsonArray a:
                foreach (var v in a)
                    foreach (var found in OfType(v, type))
                        yield return found;
                break;
        }
    }

    /// <summary>The body's TextBlock texts and FactSet values, in order.</summary>
    public static List<string> Texts(JsonNode card) =>
    [
        .. OfType(card["body"], "TextBlock").Select(t => t["text"]!.GetValue<string>()),
        .. OfType(card["body"], "FactSet").SelectMany(f => f["facts"]!.AsArray()).Select(f => $"{f!["title"]}: {f["value"]}"),
    ];

    /// <summary>The top-level actions and those in ActionSets.</summary>
    public static List<JsonObject> Executes(JsonNode card) => [.. OfType(card, "Action.Execute").Where(a => a.Parent is JsonArray)];

    /// <summary>
    /// What Teams sends for a click on <paramref name="action"/>: <c>{"action":{"type","id","verb","data"},"trigger":"manual"}</c>,
    /// the data merged with <paramref name="inputs"/> (input id → value) as the action gathers them.
    /// </summary>
    public static JsonElement Invoke(JsonObject action, IReadOnlyDictionary<string, string>? inputs = null)
    {
        var data = action["data"]?.DeepClone().AsObject() ?? [];
        foreach (var (id, value) in inputs ?? new Dictionary<string, string>())
            data[id] = value;
        var value2 = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["id"] = "", ["verb"] = action["verb"]!.DeepClone(), ["data"] = data },
            ["trigger"] = "manual",
        };
        return JsonDocument.Parse(value2.ToJsonString()).RootElement.Clone();
    }
}
