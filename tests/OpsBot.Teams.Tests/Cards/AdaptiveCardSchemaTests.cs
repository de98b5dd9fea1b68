using System.Text.Json;
using System.Text.Json.Nodes;
using OpsBot.Teams.Cards;
using OpsBot.Testing;
using Xunit.Abstractions;

namespace OpsBot.Teams.Tests.Cards;

/// <summary>
/// Every card OpsBot draws for Teams validated by ajv (<c>node/card-validate.mjs</c>), the Teams-only <c>msteams</c>
/// block removed first: always against OpsBot's own statement of the Adaptive Cards 1.5 constraints it relies on
/// (<c>schemas/opsbot-adaptive-card-1.5.schema.json</c>, written from the documentation), and also against the official
/// 1.5 schema file when one is at hand (<c>OPSBOT_ADAPTIVE_CARD_SCHEMA</c>, else
/// <c>../shared/reference/adaptive-cards/adaptive-card-1.5.json</c> beside the repository; see <c>schemas/README.md</c>).
/// Broken cards and cards outside the subset are refused, so a pass is known to mean something.
/// </summary>
public sealed class AdaptiveCardSchemaTests(ITestOutputHelper output)
{
    private sealed record Schema(string Name, string Path);

    private sealed record Check(bool Valid, string[] Errors);

    /// <summary>One card's verdict: OpsBot's schema's (<see cref="Valid"/>, <see cref="Errors"/>), and the official file's when it was checked.</summary>
    private sealed record Verdict(string Name, bool Valid, string[] Errors, Check? Official);

    private sealed record Report(Schema[] Schemas, Verdict[] Results);

    private async Task<Report> ValidateAsync(string folder, IEnumerable<(string Name, JsonObject Card)> cards)
    {
        var path = await OracleCards.WriteAsync(OracleCards.OutputFolder(folder), cards);
        var json = await NodeScripts.RunAsync(OracleCards.NodeFolder, "card-validate.mjs", [path], TimeSpan.FromMinutes(2));
        var report = JsonSerializer.Deserialize<Report>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        output.WriteLine("validated against: " + string.Join("; ", report.Schemas.Select(s => $"{s.Name} ({s.Path})")));
        return report;
    }

    [Fact]
    public async Task Every_card_confirm_card_and_reply_card_is_valid_adaptive_card_1_5()
    {
        var cards = await OracleCards.RenderedAsync();

        var report = await ValidateAsync("schema", cards);

        Assert.Equal("opsbot", report.Schemas[0].Name);
        Assert.Equal(cards.Count, report.Results.Length);
        Assert.All(report.Results, v => Assert.True(v.Valid, $"{v.Name} (OpsBot's schema):\n{string.Join("\n", v.Errors)}"));
        if (report.Schemas.Any(s => s.Name == "official"))
            Assert.All(report.Results, v => Assert.True(v.Official is { Valid: true }, $"{v.Name} (official schema):\n{string.Join("\n", v.Official?.Errors ?? [])}"));
        else
            Assert.All(report.Results, v => Assert.Null(v.Official));
    }

    [Fact]
    public async Task A_card_that_breaks_the_schema_is_reported()
    {
        var card = AdaptiveCardRenderer.Render(TeamsSamples.Incident(), TeamsSamples.Context);
        card["body"]![1]!["color"] = "Red";
        card["actions"]![0]!["style"] = "danger";

        var verdict = Assert.Single((await ValidateAsync("schema-broken", [("broken", card)])).Results);

        Assert.False(verdict.Valid);
        Assert.Contains(verdict.Errors, e => e.StartsWith("/body/1/color is \"Red\", must be one of ", StringComparison.Ordinal));
        Assert.Contains(verdict.Errors, e => e.StartsWith("/actions/0/style is \"danger\", must be one of ", StringComparison.Ordinal));
        if (verdict.Official is { } official)
            Assert.False(official.Valid);
    }

    [Fact]
    public async Task A_card_using_an_element_or_property_outside_the_subset_is_refused_with_a_clear_message()
    {
        var card = AdaptiveCardRenderer.Render(TeamsSamples.Incident(), TeamsSamples.Context);
        var body = card["body"]!.AsArray();
        // A valid Adaptive Card element OpsBot does not draw, so the schema does not know it.
        body.Add(new JsonObject { ["type"] = "RichTextBlock", ["inlines"] = new JsonArray { "text" } });
        // A misspelt property.
        body[0]!["colour"] = "Good";
        // A valid Adaptive Cards property OpsBot does not use.
        body[1]!["fallback"] = "drop";
        // An action type OpsBot does not use (Teams' Universal Actions are Action.Execute).
        card["actions"]!.AsArray().Add(new JsonObject { ["type"] = "Action.Submit", ["title"] = "Old style" });

        var outside = Assert.Single((await ValidateAsync("schema-outside", [("outside", card)])).Results);

        Assert.False(outside.Valid);
        var last = body.Count - 1;
        Assert.Contains(outside.Errors, e => e.StartsWith($"/body/{last}/type is \"RichTextBlock\", must be one of \"TextBlock\", ", StringComparison.Ordinal));
        Assert.Contains("/body/0 has property \"colour\", which is not allowed here (misspelt, or outside the schema)", outside.Errors);
        Assert.Contains("/body/1 has property \"fallback\", which is not allowed here (misspelt, or outside the schema)", outside.Errors);
        Assert.Contains(outside.Errors, e => e.StartsWith($"/actions/{card["actions"]!.AsArray().Count - 1}/type is \"Action.Submit\", must be one of \"Action.Execute\"", StringComparison.Ordinal));
        if (outside.Official is { } official)
            Assert.False(official.Valid);
    }
}
