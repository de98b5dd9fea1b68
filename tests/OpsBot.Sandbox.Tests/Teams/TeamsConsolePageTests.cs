using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OpsBot.Sandbox.Tests.ChatConsole;

namespace OpsBot.Sandbox.Tests.Teams;

/// <summary>
/// The console's Teams channel in headless chromium (Debian's, driven by playwright-core): cards drawn by the vendored
/// Adaptive Cards renderer, clicks and refreshes sent as invokes, updates in place. Screenshots go to
/// <c>console-screenshots/</c> in the test output directory.
/// </summary>
public sealed class TeamsConsolePageTests : TeamsTestBase
{
    protected override bool WithConsole => true;

    [Fact]
    public async Task The_Teams_channel_draws_cards_and_sends_clicks_and_refreshes_as_invokes_in_headless_chromium()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "console-screenshots");
        Directory.CreateDirectory(folder);
        foreach (var stale in Directory.GetFiles(folder, "teams*.png"))
            File.Delete(stale);
        var screenshot = Path.Combine(folder, "teams.png");
        var token = await TokenAsync();
        var (thread, cardId) = await PostCardAsync(token, DeploymentCard());
        using (var reply = await Http.PostAsJsonAsync(new Uri(Options.ServiceUrl, $"v3/conversations/{Uri.EscapeDataString(thread)}/activities"), new { type = "message", text = "Baking at 10% for 30 s" }))
        {
            // Without the token: refused, and nothing posted.
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, reply.StatusCode);
        }
        await ConnectorAsync(HttpMethod.Post, $"v3/conversations/{Uri.EscapeDataString(thread)}/activities", new JsonObject { ["type"] = "message", ["text"] = "Baking at **10%** for 30 s" }, token);
        var (_, refreshId) = await PostCardAsync(token, Card("Waiting for approval", null, refreshFor: "29:sandbox-bob"));

        var stdout = await BrowserScripts.RunAsync("teams-check.mjs",
        [
            "--base-url", BaseUrl.ToString(), "--chromium", BrowserScripts.Chromium, "--card", cardId, "--refresh-card", refreshId,
            "--thread", thread, "--token", token, "--screenshot", screenshot,
        ], TimeSpan.FromMinutes(3));

        Assert.True(JsonNode.Parse(stdout)!["ok"]!.GetValue<bool>(), stdout);
        var received = BotReceived.Select(r => r.Activity).ToList();
        var refresh = Assert.Single(received, a => a["value"]?["action"]?["verb"]?.GetValue<string>() == "refresh");
        Assert.Equal(("29:sandbox-bob", "automatic", refreshId), (refresh["from"]!["id"]!.GetValue<string>(), refresh["value"]!["trigger"]!.GetValue<string>(), refresh["replyToId"]!.GetValue<string>()));
        var promote = Assert.Single(received, a => a["value"]?["action"]?["verb"]?.GetValue<string>() == "promote");
        Assert.Equal(("invoke", "adaptiveCard/action", cardId, thread), (S(promote, "type"), S(promote, "name"), S(promote, "replyToId"), S(promote["conversation"]!, "id")));
        Assert.Equal("manual", S(promote["value"]!, "trigger"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"deployment":"dep-1","reason":"metrics-ok"}"""), promote["value"]!["action"]!["data"]), promote.ToJsonString());
        var message = Assert.Single(received, a => S(a, "type") == "message");
        Assert.Equal(("<at>OpsBot</at> deploy lambda_router 5", "29:sandbox-alice"), (S(message, "text"), S(message["from"]!, "id")));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(screenshot).Take(4));
    }

    /// <summary>A deployment card as the bot may post it: a title, facts, a reason to pick, Promote and Roll back.</summary>
    private static JsonObject DeploymentCard() => JsonNode.Parse("""
        {
          "type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json", "version": "1.5",
          "body": [
            { "type": "TextBlock", "text": "lambda_router 4 → 5 · canary", "weight": "Bolder", "size": "Medium", "wrap": true },
            { "type": "FactSet", "facts": [ { "title": "Environment", "value": "prod" }, { "title": "Traffic", "value": "10% on version 5" },
              { "title": "Error rate", "value": "0.2% (threshold 5%)" }, { "title": "Requested by", "value": "alice" } ] },
            { "type": "Input.ChoiceSet", "id": "reason", "label": "Why promote?", "style": "compact", "value": "looked-at-it",
              "choices": [ { "title": "I looked at it", "value": "looked-at-it" }, { "title": "Metrics look good", "value": "metrics-ok" } ] }
          ],
          "actions": [
            { "type": "Action.Execute", "title": "Promote", "verb": "promote", "style": "positive", "data": { "deployment": "dep-1" } },
            { "type": "Action.Execute", "title": "Roll back", "verb": "rollback", "style": "destructive", "data": { "deployment": "dep-1" } }
          ]
        }
        """)!.AsObject();

    private static string S(JsonNode node, string name) => node[name]!.GetValue<string>();
}
