using System.Text.Json;
using System.Text.Json.Nodes;
using OpsBot.Teams.Cards;
using OpsBot.Testing;

namespace OpsBot.Teams.Tests.Cards;

/// <summary>
/// Every card OpsBot draws for Teams validated by ajv against the official Adaptive Cards 1.5 schema (vendored in
/// <c>schemas/</c>, draft-06), the Teams-only <c>msteams</c> block removed first. A broken card is reported, so the
/// check is known to bite.
/// </summary>
public sealed class AdaptiveCardSchemaTests
{
    private sealed record Verdict(string Name, bool Valid, string[] Errors);

    private static async Task<List<Verdict>> ValidateAsync(string folder, IEnumerable<(string Name, JsonObject Card)> cards)
    {
        var path = await OracleCards.WriteAsync(OracleCards.OutputFolder(folder), cards);
        var output = await NodeScripts.RunAsync(OracleCards.NodeFolder, "card-validate.mjs", [path], TimeSpan.FromMinutes(2));
        return JsonSerializer.Deserialize<List<Verdict>>(output, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    [Fact]
    public async Task Every_card_confirm_card_and_reply_card_is_valid_adaptive_card_1_5()
    {
        var cards = await OracleCards.RenderedAsync();

        var verdicts = await ValidateAsync("schema", cards);

        Assert.Equal(cards.Count, verdicts.Count);
        Assert.All(verdicts, v => Assert.True(v.Valid, $"{v.Name}:\n{string.Join("\n", v.Errors)}"));
    }

    [Fact]
    public async Task A_card_that_breaks_the_schema_is_reported()
    {
        var card = AdaptiveCardRenderer.Render(TeamsSamples.Incident(), TeamsSamples.Context);
        card["body"]![1]!["color"] = "Red";
        card["actions"]![0]!["style"] = "danger";

        var verdict = Assert.Single(await ValidateAsync("schema-broken", [("broken", card)]));

        Assert.False(verdict.Valid);
        Assert.Contains(verdict.Errors, e => e.Contains("/body/1/color", StringComparison.Ordinal));
    }
}
