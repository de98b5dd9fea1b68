using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Tests.ChatConsole;

/// <summary>
/// The page in headless chromium (Debian's, driven by playwright-core) against the stub bot. Screenshots go to
/// <c>console-screenshots/</c> in the test output directory.
/// </summary>
public sealed class ChatConsolePageTests : ConsoleTestBase
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    private static string Screenshot(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "console-screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        foreach (var stale in Directory.GetFiles(folder, Path.GetFileNameWithoutExtension(name) + "*.png"))
            File.Delete(stale); // last run's pictures, failures included, must not pass for this run's
        return path;
    }

    [Fact]
    public async Task Alice_deploys_and_bob_promotes_from_the_page_in_headless_chromium()
    {
        var screenshot = Screenshot("console-flow.png");

        var stdout = await BrowserScripts.RunAsync("console-flow.mjs",
        [
            "--base-url", BaseUrl.ToString(), "--chromium", BrowserScripts.Chromium, "--user", "alice", "--approver", "bob",
            "--command", "/deploy lambda_router", "--button", "Promote", "--expect", "Promoted by @bob",
            "--screenshot", screenshot, "--timeout-ms", "30000", "--fault", "lambda_router:5:50:1200",
        ], RunTimeout);

        var summary = JsonNode.Parse(stdout)!;
        Assert.True(summary["ok"]!.GetValue<bool>(), stdout);
        Assert.Equal(Card().Ts, summary["cardTs"]!.GetValue<string>());
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(screenshot).Take(4));
        // What the bot received: alice's command, then bob's click on Promote, both signed.
        Assert.Equal([("/slack/commands", "valid"), ("/slack/interactions", "valid")], StubBot.Received.Select(r => (r.Path, r.Verdict)));
        Assert.Equal("U0ALICE", StubBot.Received[0].Form.Single(f => f.Key == "user_id").Value);
        var payload = StubBot.Received[1].Payload!;
        Assert.Equal(("U0BOB", "promote"), (payload["user"]!["id"]!.GetValue<string>(), payload["actions"]![0]!["action_id"]!.GetValue<string>()));
        Assert.Equal(["POST", "DELETE"], FaultCalls.Select(c => c.Method));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"environment":"prod","function":"lambda_router","version":"5","errorRate":0.5,"durationMs":1200}"""), JsonNode.Parse(FaultCalls.First().Body)));
        Assert.Equal("?environment=prod&function=lambda_router&version=5", FaultCalls.Last().Query);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"environment":"prod","function":"lambda_router","version":"5"}"""), JsonNode.Parse(FaultCalls.Last().Body)));
    }

    [Fact]
    public async Task The_page_draws_cards_threads_ephemerals_and_files_like_Slack_in_headless_chromium()
    {
        var screenshot = Screenshot("page-check.png");
        // For the Flags panel: dev has enhanced processing on (a change done), prod is 40% into turning the new API endpoint on.
        Flags.StartChange("dev", "AppConfig.AllAtOnce", "OpsBot flg-2", "enable_enhanced_processing");
        Flags.Advance(TimeSpan.FromMinutes(2));
        Flags.StartChange("prod", "OpsBot.Sandbox.Quick", "OpsBot flg-1", "enable_new_api_endpoint");
        Flags.Advance(TimeSpan.FromSeconds(4));

        var stdout = await BrowserScripts.RunAsync("page-check.mjs",
            ["--base-url", BaseUrl.ToString(), "--chromium", BrowserScripts.Chromium, "--slack-token", "xoxb-sandbox", "--screenshot", screenshot], RunTimeout);

        Assert.True(JsonNode.Parse(stdout)!["ok"]!.GetValue<bool>(), stdout);
        // The InfluxDB switches and the DLQ button posted the sandbox's fault shapes.
        Assert.Equal(["""{"environment":"prod","influxdb":"down"}""", """{"environment":"dev","influxdb":"slow","latencyMs":1500}""",
            """{"environment":"prod","dlq":"influxdb_loader","messages":5}"""],
            FaultCalls.Where(c => c.Method == "POST" && (c.Body.Contains("influxdb\"", StringComparison.Ordinal) || c.Body.Contains("dlq", StringComparison.Ordinal)))
                .Select(c => JsonNode.Parse(c.Body)!.ToJsonString()));
        // Cancel in the confirm dialog sent nothing: the only click the bot saw is bob's Approve.
        var clicks = StubBot.Received.Where(r => r.Path == "/slack/interactions").ToList();
        Assert.Equal("approve", Assert.Single(clicks).Payload!["actions"]![0]!["action_id"]!.GetValue<string>());
        // "hello there" and "/shrug" got hints on the page and never reached the bot.
        Assert.Equal(["/deploy", "/deploy lambda_router"], StubBot.Received.Where(r => r.Path == "/slack/commands")
            .Select(r => r.Form.Single(f => f.Key == "command").Value + (r.Form.Single(f => f.Key == "text").Value is { Length: > 0 } t ? " " + t : "")));
    }
}
