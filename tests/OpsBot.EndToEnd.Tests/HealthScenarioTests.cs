using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpsBot.Hosting;
using OpsBot.Testing;

namespace OpsBot.EndToEnd.Tests;

public sealed partial class HealthScenario
{
    /// <summary>What /health read, per function and version, as the official AWS SDK for JavaScript reads it over the same window.</summary>
    private static async Task<JsonNode> SdkAsync(SandboxSession s, long start, long end, string functions) =>
        JsonNode.Parse((await NodeScripts.RunAsync(NodeScripts.Folder("tests", "conformance"), "health-read.mjs",
            [s.Sandbox.BaseUrl.ToString(), "prod", start.ToString(CultureInfo.InvariantCulture), end.ToString(CultureInfo.InvariantCulture), functions],
            TimeSpan.FromMinutes(1))).Trim().Split('\n')[^1])!;

    [Fact]
    public async Task Health_lists_the_five_functions_with_the_figures_the_official_sdk_reads_for_the_same_window()
    {
        var s = await SharedSandbox.SessionAsync();
        // Let whole minutes of simulated traffic pass, so the window holds some.
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, 62 - DateTime.UtcNow.Second)));
        SandboxSession.Ok(await s.CommandAsync("U0CAROL", SandboxApp.ProdChannel, "--window 5m", command: "/health"));
        var card = await HealthCardAsync(s, "Health of prod — last 5 min");
        var text = SandboxSession.Text(card);

        var window = Window().Match(text);
        Assert.True(window.Success, text);
        var start = DateTimeOffset.Parse(window.Groups[1].Value + "Z", CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        var end = DateTimeOffset.Parse(window.Groups[2].Value + "Z", CultureInfo.InvariantCulture).ToUnixTimeSeconds();
        Assert.Equal(300, end - start);

        var shown = new Dictionary<string, Dictionary<string, (double Invocations, double Errors)>>();
        foreach (var fn in new[] { "lambda_router", "structured_data_processor", "rag_query_processor", "influxdb_loader", "timeseries_query_processor" })
        {
            var section = Sections(card).Single(t => t.Contains($"*{fn}*:live", StringComparison.Ordinal));
            shown[fn] = Figures().Matches(section).ToDictionary(m => m.Groups[1].Value,
                m => (Number(m.Groups[2].Value), Number(m.Groups[3].Value)));
            Assert.NotEmpty(shown[fn]);
        }
        Assert.Contains(shown.Values.SelectMany(v => v.Values), v => v.Invocations > 0);

        var sdk = await SdkAsync(s, start, end, string.Join(",", shown.Select(f => $"{f.Key}={string.Join('+', f.Value.Keys)}")));
        foreach (var (fn, versions) in shown)
        {
            foreach (var (version, figures) in versions)
            {
                var read = sdk[fn]!["versions"]![version]!;
                Assert.Equal((read["invocations"]!.GetValue<double>(), read["errors"]!.GetValue<double>()), figures);
            }
        }
    }

    /// <summary>Waits for the newest health card whose text contains <paramref name="title"/>.</summary>
    internal static async Task<JsonObject> HealthCardAsync(SandboxSession s, string title, string? containing = null)
    {
        var give = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < give)
        {
            var card = (await s.MessagesAsync(SandboxApp.ProdChannel)).OfType<JsonObject>()
                .LastOrDefault(m => m["thread_ts"] is null && m["blocks"] is not null && SandboxSession.Text(m).Contains(title, StringComparison.Ordinal));
            if (card is not null && (containing is null || SandboxSession.Text(card).Contains(containing, StringComparison.Ordinal)))
                return card;
            await Task.Delay(250);
        }
        throw new Xunit.Sdk.XunitException($"No health card '{title}'{(containing is null ? "" : $" with '{containing}'")} in #deploys.");
    }

    /// <summary>The text of each section block of a message.</summary>
    private static IEnumerable<string> Sections(JsonObject message)
    {
        var blocks = message["blocks"] switch
        {
            JsonArray a => a,
            JsonValue v => JsonNode.Parse(v.GetValue<string>())!.AsArray(),
            _ => [],
        };
        return blocks.OfType<JsonObject>().Where(b => (string?)b["type"] == "section").Select(b => (string?)b["text"]?["text"] ?? "");
    }

    private static double Number(string text) => double.Parse(text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"window (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) → (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) UTC")]
    private static partial Regex Window();

    [GeneratedRegex(@"`v(\d+)` ([\d,]+) invocations · ([\d,]+) errors")]
    private static partial Regex Figures();
}

public sealed class InfluxDbScenario
{
    private static async Task FaultAsync(SandboxSession s, string body)
    {
        using var http = new HttpClient();
        var answer = await http.PostAsync(new Uri(s.Sandbox.BaseUrl, "sandbox/faults"), new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(answer.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Influxdb_loader_rolls_back_while_InfluxDB_is_down_and_on_a_growing_dead_letter_queue_goes_live_once_both_are_well_and_its_failure_then_is_an_incident()
    {
        var s = await SharedSandbox.SessionAsync();
        // prod's influxdb_loader is this scenario's alone; /health of other scenarios only reads it.
        await FaultAsync(s, """{"environment":"prod","influxdb":"down"}""");
        try
        {
            SandboxSession.Ok(await s.CommandAsync("U0ALICE", SandboxApp.ProdChannel, "influxdb_loader 5"));
            var card = await s.CardAsync(SandboxApp.ProdChannel, "influxdb_loader", "Rolled back to version 4", TimeSpan.FromSeconds(60));
            Assert.Contains("influxdb: connection refused for 2 polls", SandboxSession.Text(card), StringComparison.Ordinal);

            SandboxSession.Ok(await s.CommandAsync("U0CAROL", SandboxApp.ProdChannel, "influxdb_loader", command: "/health"));
            var health = await HealthScenario.HealthCardAsync(s, "Health of prod", "influxdb: connection refused");
            Assert.Contains("degraded", SandboxSession.Text(health), StringComparison.Ordinal);
        }
        finally
        {
            await FaultAsync(s, """{"environment":"prod","influxdb":"up"}""");
        }

        // InfluxDB is back, but messages land in the dead-letter queue while version 5 takes traffic.
        SandboxSession.Ok(await s.CommandAsync("U0ALICE", SandboxApp.ProdChannel, "influxdb_loader 5"));
        await s.CardAsync(SandboxApp.ProdChannel, "influxdb_loader", "Baking at 10%");
        await Task.Delay(TimeSpan.FromSeconds(3)); // the queue's depth at the start is read first
        await FaultAsync(s, """{"environment":"prod","dlq":"influxdb_loader","messages":5}""");
        var dlq = await s.CardAsync(SandboxApp.ProdChannel, "influxdb_loader", "Rolled back to version 4", TimeSpan.FromSeconds(60));
        Assert.Contains("dlq 5 messages (+5 messages since the start)", SandboxSession.Text(dlq), StringComparison.Ordinal);

        // The queue holds 5 but no longer grows: relative to its start, the next deployment is well and goes live.
        SandboxSession.Ok(await s.CommandAsync("U0ALICE", SandboxApp.ProdChannel, "influxdb_loader 5"));
        var waiting = await s.CardAsync(SandboxApp.ProdChannel, "influxdb_loader", "Awaiting promotion", TimeSpan.FromSeconds(90));
        Assert.Contains("influxdb", SandboxSession.Text(waiting), StringComparison.Ordinal);
        SandboxSession.Ok(await s.ClickAsync("U0BOB", SandboxApp.ProdChannel, waiting["ts"]!.GetValue<string>(), SandboxSession.Button(waiting, "Promote")));
        await s.CardAsync(SandboxApp.ProdChannel, "influxdb_loader", "Succeeded");
        Assert.Equal("5", (await s.AliasAsync("prod", "influxdb_loader")).PrimaryVersion);

        // Then the live version 5 fails: an incident, acknowledged and rolled back from its card.
        await IncidentFlow.RunAsync(s);
    }
}
