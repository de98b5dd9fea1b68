using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OpsBot.Hosting;

namespace OpsBot.EndToEnd.Tests;

/// <summary>
/// A sandbox of its own for the Teams scenarios (its functions are free: the shared sandbox's prod slots are all
/// taken), started once for the classes below and stopped when the run ends.
/// </summary>
public static class TeamsSandbox
{
    private static readonly Lazy<Task<SandboxApp>> Started = new(async () =>
    {
        var sandbox = await SandboxApp.StartAsync(new SandboxSettings { Port = 0, AwsPort = 0 });
        AppDomain.CurrentDomain.ProcessExit += (_, _) => sandbox.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return sandbox;
    });

    public static async Task<TeamsSession> SessionAsync() => new(await Started.Value);
}

public sealed class TeamsCanaryScenario
{
    [Fact]
    public async Task Alice_deploys_in_the_teams_channel_and_bob_promotes_on_the_adaptive_card()
    {
        var s = await TeamsSandbox.SessionAsync();
        Assert.Equal(200, await s.SayAsync("alice", TeamsSession.ProdChannel, "deploy lambda_router 5"));

        var waiting = await s.CardAsync(TeamsSession.ProdChannel, "lambda_router", "Awaiting promotion");
        // Four eyes: alice asked, so her Promote is refused and said to her alone; the card is unchanged.
        var refused = await s.ClickAsync("alice", waiting, "Promote");
        Assert.Equal("application/vnd.microsoft.activity.message", refused["type"]!.GetValue<string>());
        Assert.Contains("approver role", refused["value"]!.GetValue<string>(), StringComparison.Ordinal);
        // Bob's refresh draws the card with his buttons; alice's lacks Promote.
        Assert.Contains("Promote", ButtonsFor(await s.InvokeAsync("bob", waiting, Refresh(waiting))));
        Assert.DoesNotContain("Promote", ButtonsFor(await s.InvokeAsync("alice", waiting, Refresh(waiting))));

        var promoted = await s.ClickAsync("bob", waiting, "Promote");
        Assert.Equal("application/vnd.microsoft.card.adaptive", promoted["type"]!.GetValue<string>());
        var again = await s.ClickAsync("bob", waiting, "Promote"); // the same stale card, clicked twice
        Assert.Contains("out of date", again["value"]!.GetValue<string>(), StringComparison.Ordinal);

        var done = await s.CardAsync(TeamsSession.ProdChannel, "lambda_router", "Succeeded");
        var thread = await s.ThreadAsync(TeamsSession.ProdChannel, done);
        Assert.Contains(thread, line => line.Contains("promoted", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(thread, line => line.Contains("100%", StringComparison.Ordinal));
        var alias = await new SandboxSession(s.Sandbox).AliasAsync("prod", "lambda_router");
        Assert.Equal("5", alias.PrimaryVersion);
        Assert.Null(alias.AdditionalVersion);
    }

    private static JsonObject Refresh(JsonObject post) => TeamsSession.Card(post)!["refresh"]!["action"]!.AsObject();

    private static string[] ButtonsFor(JsonObject invokeResponse) =>
        [.. TeamsSession.Actions(invokeResponse["value"]!.AsObject()).Select(a => a["title"]!.GetValue<string>())];
}

public sealed class TeamsFaultyVersionScenario
{
    [Fact]
    public async Task A_faulty_version_deployed_from_teams_rolls_back_with_the_reason_on_the_card()
    {
        var s = await TeamsSandbox.SessionAsync();
        using var http = new HttpClient();
        var fault = await http.PostAsJsonAsync(new Uri(s.Sandbox.BaseUrl, "sandbox/faults"),
            new { environment = "prod", function = "rag_query_processor", version = "5", errorRate = 0.3 });
        Assert.True(fault.IsSuccessStatusCode, await fault.Content.ReadAsStringAsync());

        Assert.Equal(200, await s.SayAsync("alice", TeamsSession.ProdChannel, "deploy rag_query_processor 5"));

        var card = await s.CardAsync(TeamsSession.ProdChannel, "rag_query_processor", "Rolled back to version 4", TimeSpan.FromSeconds(60));
        Assert.Contains("> 5% for 2 periods", TeamsSession.Text(TeamsSession.Card(card)), StringComparison.Ordinal);
        Assert.Empty(TeamsSession.Actions(TeamsSession.Card(card)));
        var alias = await new SandboxSession(s.Sandbox).AliasAsync("prod", "rag_query_processor");
        Assert.Equal("4", alias.PrimaryVersion);
        Assert.Equal(0, alias.PercentOf("5"));
    }
}

public sealed class TeamsRollbackConfirmScenario
{
    [Fact]
    public async Task Roll_back_on_the_card_asks_with_a_second_card_and_its_yes_rolls_back()
    {
        var s = await TeamsSandbox.SessionAsync();
        Assert.Equal(200, await s.SayAsync("alice", TeamsSession.ProdChannel, "deploy timeseries_query_processor 5"));
        var baking = await s.CardAsync(TeamsSession.ProdChannel, "timeseries_query_processor", "Baking at 10%");

        var question = await s.ClickAsync("alice", baking, "Roll back");
        var confirm = question["value"]!.AsObject();
        Assert.Equal("application/vnd.microsoft.card.adaptive", question["type"]!.GetValue<string>());
        var yes = TeamsSession.Actions(confirm).First(a => a["verb"]!.GetValue<string>() == "act");
        var rolledBack = await s.InvokeAsync("alice", baking, yes);
        Assert.Matches("Roll(ing|ed) back", TeamsSession.Text(rolledBack["value"]));

        await s.CardAsync(TeamsSession.ProdChannel, "timeseries_query_processor", "Rolled back");
        Assert.Equal("4", (await new SandboxSession(s.Sandbox).AliasAsync("prod", "timeseries_query_processor")).PrimaryVersion);
    }
}

public sealed class CrossPlatformFourEyesScenario
{
    [Fact]
    public async Task Bob_asks_in_slack_and_cannot_promote_his_own_deployment_from_teams_but_dave_can()
    {
        var s = await TeamsSandbox.SessionAsync();
        var slack = new SandboxSession(s.Sandbox);
        SandboxSession.Ok(await slack.CommandAsync("U0BOB", SandboxApp.ProdChannel, "structured_data_processor 5"));
        var card = await slack.CardAsync(SandboxApp.ProdChannel, "structured_data_processor", "Awaiting promotion", TimeSpan.FromSeconds(60));
        var id = System.Text.RegularExpressions.Regex.Match(SandboxSession.Text(card), "dep-[a-z0-9]+").Value;

        Assert.Equal(200, await s.SayAsync("bob", TeamsSession.ProdChannel, $"deploy promote {id}"));
        Assert.Equal(200, await s.SayAsync("dave", TeamsSession.ProdChannel, $"deploy promote {id}"));

        var answers = (await s.HistoryAsync(TeamsSession.ProdChannel)).OfType<JsonObject>().Select(p => p["text"]?.GetValue<string>() ?? "").ToList();
        Assert.Contains(answers, a => a.Contains("Four eyes", StringComparison.OrdinalIgnoreCase) && a.Contains("<at>bob</at>", StringComparison.Ordinal));
        await slack.CardAsync(SandboxApp.ProdChannel, "structured_data_processor", "Succeeded", TimeSpan.FromSeconds(60));
    }
}
