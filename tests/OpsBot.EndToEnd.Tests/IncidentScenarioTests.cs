using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OpsBot.Hosting;
using OpsBot.Testing;

namespace OpsBot.EndToEnd.Tests;

/// <summary>The incident flow, run by <see cref="InfluxDbScenario"/> once prod's influxdb_loader has version 5 live (its slot is that scenario's alone).</summary>
internal static class IncidentFlow
{
    private const string Fn = "influxdb_loader";

    /// <summary>The newest top-level message in #deploys whose text contains <paramref name="title"/> and <paramref name="text"/>.</summary>
    private static async Task<JsonObject> MessageAsync(SandboxSession s, string title, string text, TimeSpan within)
    {
        var give = DateTime.UtcNow + within;
        var last = "(none)";
        while (DateTime.UtcNow < give)
        {
            var found = (await s.MessagesAsync(SandboxApp.ProdChannel)).OfType<JsonObject>()
                .LastOrDefault(m => m["thread_ts"] is null && m["blocks"] is not null && SandboxSession.Text(m).Contains(title, StringComparison.Ordinal));
            if (found is not null)
            {
                last = SandboxSession.Text(found);
                if (last.Contains(text, StringComparison.Ordinal))
                    return found;
            }
            await Task.Delay(250);
        }
        throw new Xunit.Sdk.XunitException($"No message '{title}' with '{text}' in #deploys. Last:\n{last}");
    }

    /// <summary>
    /// Version 5 is live: a fault on it opens an incident over SNS, bob acknowledges and rolls back from the card (prod
    /// asks to confirm), and the official SDK reads the alias back on 4.
    /// </summary>
    public static async Task RunAsync(SandboxSession s)
    {
        // Then it fails: CloudWatch's alarm goes to ALARM and SNS pushes it to the bot, which guards no deployment now.
        using (var http = new HttpClient())
        {
            var fault = await http.PostAsync(new Uri(s.Sandbox.BaseUrl, "sandbox/faults"),
                new StringContent($$"""{"environment":"prod","function":"{{Fn}}","version":"5","errorRate":0.5}""", Encoding.UTF8, "application/json"));
            Assert.True(fault.IsSuccessStatusCode, await fault.Content.ReadAsStringAsync());
        }
        var incident = await MessageAsync(s, $"{Fn}-error-rate in ALARM (prod)", "Open", TimeSpan.FromSeconds(90));
        var text = SandboxSession.Text(incident);
        Assert.Contains("a likely suspect", text, StringComparison.Ordinal);
        Assert.Contains("100% on version 5", text, StringComparison.Ordinal);

        SandboxSession.Ok(await s.ClickAsync("U0BOB", SandboxApp.ProdChannel, incident["ts"]!.GetValue<string>(), SandboxSession.Button(incident, "Acknowledge")));
        var acknowledged = await MessageAsync(s, $"{Fn}-error-rate in ALARM (prod)", "Acknowledged: <@U0BOB> leads", TimeSpan.FromSeconds(30));

        // Roll back from the incident: prod has gates and nothing is in flight, so it asks bob first, as /rollback does.
        SandboxSession.Ok(await s.ClickAsync("U0BOB", SandboxApp.ProdChannel, acknowledged["ts"]!.GetValue<string>(), SandboxSession.Button(acknowledged, "RollBack")));
        var prompt = await s.EphemeralMessageAsync(SandboxApp.ProdChannel, "U0BOB", "Nothing has changed yet");
        SandboxSession.Ok(await s.ClickAsync("U0BOB", SandboxApp.ProdChannel, prompt["ts"]!.GetValue<string>(), SandboxSession.Buttons(prompt).Single()));
        await s.CardAsync(SandboxApp.ProdChannel, Fn, "Rolled back to version 4");

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var sdk = JsonNode.Parse((await NodeScripts.RunAsync(NodeScripts.Folder("tests", "conformance"), "health-read.mjs",
            [s.Sandbox.BaseUrl.ToString(), "prod", (now - 120).ToString(CultureInfo.InvariantCulture), now.ToString(CultureInfo.InvariantCulture), Fn],
            TimeSpan.FromMinutes(1))).Trim().Split('\n')[^1])!;
        Assert.Equal("4", sdk[Fn]!["primary"]!.GetValue<string>());
        Assert.Null(sdk[Fn]!["additional"]?.GetValue<string>());
    }
}
