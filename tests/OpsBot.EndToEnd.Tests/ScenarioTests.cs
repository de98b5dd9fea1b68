using System.Net;
using OpsBot.Hosting;

namespace OpsBot.EndToEnd.Tests;

// Each class is its own xunit collection, so the scenarios run at the same time on one sandbox, each on its own function.

public sealed class ProdCanaryScenario
{
    [Fact]
    public async Task Alice_deploys_to_prod_and_the_canary_is_promoted_by_bob()
    {
        var s = await SharedSandbox.SessionAsync();
        SandboxSession.Ok(await s.CommandAsync("U0ALICE", SandboxApp.ProdChannel, "lambda_router 5"));
        await s.CardAsync(SandboxApp.ProdChannel, "lambda_router", "Baking at 10%");

        var waiting = await s.CardAsync(SandboxApp.ProdChannel, "lambda_router", "Awaiting promotion");
        SandboxSession.Ok(await s.ClickAsync("U0BOB", SandboxApp.ProdChannel, waiting["ts"]!.GetValue<string>(), SandboxSession.Button(waiting, "Promote")));

        await s.CardAsync(SandboxApp.ProdChannel, "lambda_router", "Succeeded");
        var alias = await s.AliasAsync("prod", "lambda_router");
        Assert.Equal("5", alias.PrimaryVersion);
        Assert.Null(alias.AdditionalVersion);
    }
}

public sealed class LinearScenario
{
    [Fact]
    public async Task A_linear_plan_walks_10_20_50_100()
    {
        var s = await SharedSandbox.SessionAsync();
        SandboxSession.Ok(await s.CommandAsync("U0ALICE", SandboxApp.DevChannel, "structured_data_processor 5 --strategy linear"));
        foreach (var weight in new[] { 10, 20, 50 })
            await s.CardAsync(SandboxApp.DevChannel, "structured_data_processor", $"Baking at {weight}%");
        await s.CardAsync(SandboxApp.DevChannel, "structured_data_processor", "Succeeded");
        Assert.Equal("5", (await s.AliasAsync("dev", "structured_data_processor")).PrimaryVersion);
    }
}

public sealed class FaultyVersionScenario
{
    [Fact]
    public async Task A_faulty_version_is_rolled_back_on_its_own_and_the_alias_is_back_on_the_stable_version()
    {
        var s = await SharedSandbox.SessionAsync();
        using var http = new HttpClient();
        var fault = await http.PostAsync(new Uri(s.Sandbox.BaseUrl, "sandbox/faults"),
            new StringContent("""{"function":"rag_query_processor","version":"5","errorRate":0.3}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(fault.IsSuccessStatusCode, await fault.Content.ReadAsStringAsync());

        SandboxSession.Ok(await s.CommandAsync("U0ALICE", SandboxApp.DevChannel, "rag_query_processor 5"));

        var card = await s.CardAsync(SandboxApp.DevChannel, "rag_query_processor", "Rolled back to version 4", TimeSpan.FromSeconds(60));
        Assert.Contains("&gt; 5% for 2 periods", SandboxSession.Text(card), StringComparison.Ordinal);
        var alias = await s.AliasAsync("dev", "rag_query_processor");
        Assert.Equal("4", alias.PrimaryVersion);
        Assert.Equal(0, alias.PercentOf("5"));
    }
}

public sealed class CodeDeployScenario
{
    [Fact]
    public async Task The_codedeploy_engine_runs_a_canary_through_codedeploy()
    {
        var s = await SharedSandbox.SessionAsync();
        SandboxSession.Ok(await s.CommandAsync("U0ALICE", SandboxApp.DevChannel, "influxdb_loader 5 --engine codedeploy --strategy codedeploy-canary"));
        var card = await s.CardAsync(SandboxApp.DevChannel, "influxdb_loader", "Succeeded");
        Assert.Contains("CodeDeploy d-", SandboxSession.Text(card), StringComparison.Ordinal);
        Assert.Equal("5", (await s.AliasAsync("dev", "influxdb_loader")).PrimaryVersion);
    }
}

public sealed class ForgedRequestScenario
{
    [Fact]
    public async Task Forged_slack_requests_are_refused()
    {
        var s = await SharedSandbox.SessionAsync();
        var forged = await s.CommandAsync("U0ALICE", SandboxApp.DevChannel, "timeseries_query_processor 5", secret: "not-the-sandbox-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }
}

public sealed class RestartScenario
{
    [Fact]
    public async Task A_bot_restarted_mid_deployment_finishes_it()
    {
        await using var sandbox = await SandboxApp.StartAsync(new SandboxSettings { Port = 0, AwsPort = 0 });
        var s = new SandboxSession(sandbox);
        SandboxSession.Ok(await s.CommandAsync("U0ALICE", SandboxApp.DevChannel, "timeseries_query_processor 5 --strategy linear"));
        await s.CardAsync(SandboxApp.DevChannel, "timeseries_query_processor", "Baking at 20%");

        await sandbox.RestartBotAsync();

        await s.CardAsync(SandboxApp.DevChannel, "timeseries_query_processor", "Succeeded");
        Assert.Equal("5", (await s.AliasAsync("dev", "timeseries_query_processor")).PrimaryVersion);
        var cards = (await s.MessagesAsync(SandboxApp.DevChannel)).OfType<System.Text.Json.Nodes.JsonObject>()
            .Count(m => m["thread_ts"] is null && m["ephemeral_to"] is null && m["blocks"] is not null &&
                        SandboxSession.Text(m).Contains("timeseries_query_processor:live", StringComparison.Ordinal));
        Assert.Equal(1, cards); // the card was updated in place across the restart, never posted again
    }
}
