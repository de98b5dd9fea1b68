using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OpsBot.Hosting;
using OpsBot.Testing;

namespace OpsBot.EndToEnd.Tests;

public sealed class IncidentScenario
{
    private const string Fn = "rag_query_processor";

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

    [Fact]
    public async Task A_fault_on_the_live_version_opens_an_incident_bob_acknowledges_and_rolls_back_and_the_official_sdk_reads_the_alias_back()
    {
        var s = await SharedSandbox.SessionAsync();
        // prod's rag_query_processor is this scenario's alone. Version 5 goes live first (alice deploys, bob promotes).
        SandboxSession.Ok(await s.CommandAsync("U0ALICE", SandboxApp.ProdChannel, $"{Fn} 5"));
        var waiting = await s.CardAsync(SandboxApp.ProdChannel, Fn, "Awaiting promotion");
        SandboxSession.Ok(await s.ClickAsync("U0BOB", SandboxApp.ProdChannel, waiting["ts"]!.GetValue<string>(), SandboxSession.Button(waiting, "Promote")));
        await s.CardAsync(SandboxApp.ProdChannel, Fn, "Succeeded");

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
