using System.Text.Json;
using OpsBot.Teams.Cards;
using OpsBot.Testing;

namespace OpsBot.Teams.Tests.Cards;

/// <summary>
/// Every card drawn by Microsoft's own renderer (<c>adaptivecards</c>) in Debian's headless chromium: it parses without
/// warnings, renders without page errors, and a click on each button fires <c>onExecuteAction</c> with a verb and data
/// that <see cref="AdaptiveCardActions.Read"/> accepts, as Teams would send them. Screenshots are left in the test
/// output folder (<c>adaptive-cards/browser/&lt;n&gt;.png</c>) to look at.
/// </summary>
public sealed class AdaptiveCardBrowserTests
{
    private sealed record Click(string? Title, string Type, string? Verb, JsonElement Data);

    private sealed record Rendering(string Name, string[] Problems, string[] ParseEvents, string[] Validation, bool Rendered, int Buttons, Click[] Clicks, string Png);

    [Fact]
    public async Task Every_card_renders_in_chromium_and_every_click_reads_back_as_one_of_its_buttons()
    {
        var cards = await OracleCards.RenderedAsync();
        var folder = OracleCards.OutputFolder("browser");
        var path = await OracleCards.WriteAsync(folder, cards);

        var output = await NodeScripts.RunAsync(OracleCards.NodeFolder, "card-render.mjs", [path, folder, NodeScripts.Chromium], TimeSpan.FromMinutes(5));

        var renderings = JsonSerializer.Deserialize<List<Rendering>>(output, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal(cards.Count, renderings.Count);
        foreach (var ((name, card), r) in cards.Zip(renderings))
        {
            Assert.True(r.Rendered, name);
            Assert.True(r.Problems.Length == 0, $"{name}: {string.Join("\n", r.Problems)}");
            Assert.True(r.ParseEvents.Length == 0, $"{name}: {string.Join("\n", r.ParseEvents)}");
            Assert.True(r.Validation.Length == 0, $"{name}: {string.Join("\n", r.Validation)}");
            Assert.True(new FileInfo(r.Png).Length > 1000, name);
            var executes = CardJson.Executes(card);
            Assert.Equal(executes.Count, r.Buttons);
            Assert.Equal(executes.Count, r.Clicks.Length);
            foreach (var (action, click) in executes.Zip(r.Clicks))
            {
                Assert.Equal("Action.Execute", click.Type);
                var read = AdaptiveCardActions.Read(JsonDocument.Parse(JsonSerializer.Serialize(new { action = new { type = click.Type, verb = click.Verb, data = click.Data } })).RootElement);
                Assert.True(read is not null, $"{name}: {click.Title} {click.Verb} {click.Data}");
                Assert.Equal(action["verb"]!.GetValue<string>(), read.Verb);
                // A button carries its own value; the flag select's action carries the choice made in the page (the first).
                var expected = action["data"]![AdaptiveCardActions.DataKey]?.GetValue<string>()
                    ?? CardJson.OfType(card, "Input.ChoiceSet").First()["choices"]![0]!["value"]!.GetValue<string>();
                Assert.Equal(expected, read.Value);
            }
        }
    }
}
