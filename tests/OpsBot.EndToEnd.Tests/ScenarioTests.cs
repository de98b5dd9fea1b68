using System.Net;
using System.Text.Json.Nodes;
using OpsBot.Hosting;
using OpsBot.Testing;

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
        // dev's lambda_router: a world apart from prod's, which the prod canary scenario moves meanwhile.
        SandboxSession.Ok(await s.CommandAsync("U0ALICE", SandboxApp.DevChannel, "lambda_router 5 --strategy linear"));
        foreach (var weight in new[] { 10, 20, 50 })
            await s.CardAsync(SandboxApp.DevChannel, "lambda_router", $"Baking at {weight}%");
        await s.CardAsync(SandboxApp.DevChannel, "lambda_router", "Succeeded");
        Assert.Equal("5", (await s.AliasAsync("dev", "lambda_router")).PrimaryVersion);
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
            new StringContent("""{"environment":"dev","function":"rag_query_processor","version":"5","errorRate":0.3}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(fault.IsSuccessStatusCode, await fault.Content.ReadAsStringAsync());

        SandboxSession.Ok(await s.CommandAsync("U0ALICE", SandboxApp.DevChannel, "rag_query_processor 5"));

        var card = await s.CardAsync(SandboxApp.DevChannel, "rag_query_processor", "Rolled back to version 4", TimeSpan.FromSeconds(60));
        Assert.Contains("&gt; 5% for 2 periods", SandboxSession.Text(card), StringComparison.Ordinal);
        var alias = await s.AliasAsync("dev", "rag_query_processor");
        Assert.Equal("4", alias.PrimaryVersion);
        Assert.Equal(0, alias.PercentOf("5"));
    }
}

public sealed class NeverLiveRollbackScenario
{
    [Fact]
    public async Task A_rollback_to_a_version_that_was_never_live_is_refused_in_deploys_and_changes_nothing()
    {
        var s = await SharedSandbox.SessionAsync();
        // Prod's rag_query_processor: no prod scenario deploys it, so version 5 has never been live there.
        var before = await s.AliasAsync("prod", "rag_query_processor");
        SandboxSession.Ok(await s.CommandAsync("U0ALICE", SandboxApp.ProdChannel, "rag_query_processor --target-version 5", command: "/rollback"));

        var answer = await s.EphemeralAsync(SandboxApp.ProdChannel, "U0ALICE", "was never live");

        Assert.Contains("use /deploy rag_query_processor 5", answer, StringComparison.Ordinal);
        Assert.Equal(before.PrimaryVersion, (await s.AliasAsync("prod", "rag_query_processor")).PrimaryVersion);
    }
}

public sealed class ConfirmedRollbackScenario
{
    [Fact]
    public async Task A_manual_rollback_in_prod_asks_first_and_the_click_moves_the_alias_back()
    {
        var s = await SharedSandbox.SessionAsync();
        // Prod's timeseries_query_processor: no other scenario touches it.
        var before = await s.AliasAsync("prod", "timeseries_query_processor");
        SandboxSession.Ok(await s.CommandAsync("U0ALICE", SandboxApp.ProdChannel, "timeseries_query_processor --reason \"e2e: p99 doubled\"", command: "/rollback"));

        var prompt = await s.EphemeralMessageAsync(SandboxApp.ProdChannel, "U0ALICE", "Nothing has changed yet");
        Assert.Equal(before.PrimaryVersion, (await s.AliasAsync("prod", "timeseries_query_processor")).PrimaryVersion);
        var button = Assert.Single(SandboxSession.Buttons(prompt));
        var target = button["value"]!.GetValue<string>().Split('|')[3];
        Assert.Equal($"Roll back to version {target}", button["text"]!["text"]!.GetValue<string>());

        SandboxSession.Ok(await s.ClickAsync("U0ALICE", SandboxApp.ProdChannel, prompt["ts"]!.GetValue<string>(), button));

        await s.CardAsync(SandboxApp.ProdChannel, "timeseries_query_processor", "Rolled back");
        Assert.Equal(target, (await s.AliasAsync("prod", "timeseries_query_processor")).PrimaryVersion);
        var replaced = (await s.MessagesAsync(SandboxApp.ProdChannel)).OfType<JsonObject>().Single(m => (string?)m["ts"] == prompt["ts"]!.GetValue<string>());
        Assert.StartsWith("Rollback dep-", SandboxSession.Text(replaced), StringComparison.Ordinal);
        Assert.Empty(SandboxSession.Buttons(replaced));

        // The same button again: the alias moved since, so nothing happens and the prompt's place says so.
        SandboxSession.Ok(await s.ClickAsync("U0ALICE", SandboxApp.ProdChannel, prompt["ts"]!.GetValue<string>(), button));
        await s.EphemeralAsync(SandboxApp.ProdChannel, "U0ALICE", "since that confirmation was offered");
        Assert.Equal(target, (await s.AliasAsync("prod", "timeseries_query_processor")).PrimaryVersion);
    }
}

public sealed class FeatureFlagScenario
{
    private const string Api = "enable_new_api_endpoint";
    private const string Monitoring = "enable_advanced_monitoring";

    /// <summary>prod's flags as deployed, read with the official AWS SDK for JavaScript (@aws-sdk/client-appconfig).</summary>
    private static async Task<JsonNode> DeployedAsync(SandboxSession s) =>
        JsonNode.Parse((await NodeScripts.RunAsync(NodeScripts.Folder("tests", "conformance"), "flags-read.mjs",
            [s.Sandbox.BaseUrl.ToString(), "prod"], TimeSpan.FromMinutes(1))).Trim().Split('\n')[^1])!;

    [Fact]
    public async Task Flags_are_listed_enabled_with_bobs_approval_and_turned_off_by_the_emergency_rollback_read_back_with_the_official_sdk()
    {
        var s = await SharedSandbox.SessionAsync();
        // No other scenario changes prod's flags.
        SandboxSession.Ok(await s.CommandAsync("U0CAROL", SandboxApp.ProdChannel, "list", command: "/flags"));
        var list = await s.EphemeralAsync(SandboxApp.ProdChannel, "U0CAROL", "Feature flags in prod");
        Assert.Contains($"• {Api}: off", list, StringComparison.Ordinal);
        Assert.Contains("• enable_enhanced_processing: off", list, StringComparison.Ordinal);
        Assert.Contains("• enable_advanced_monitoring: off", list, StringComparison.Ordinal);

        await EnableWithBobAsync(s, Api);
        Assert.True((await DeployedAsync(s))["flags"]![Api]!.GetValue<bool>());
        await EnableWithBobAsync(s, Monitoring);

        // The latest change turned monitoring on: the emergency path reverts it (a revert does not wait for the alarm
        // monitors, which a new deployment would).
        SandboxSession.Ok(await s.CommandAsync("U0ALICE", SandboxApp.ProdChannel, $"flags {Monitoring} --reason \"e2e: noisy\"", command: "/rollback"));
        Assert.Contains("reverting flg-", await s.EphemeralAsync(SandboxApp.ProdChannel, "U0ALICE", "Emergency flag rollback"), StringComparison.Ordinal);
        await s.FlagCardAsync(SandboxApp.ProdChannel, "prod", Monitoring, "Reverted");
        var afterRevert = (await DeployedAsync(s))["flags"]!;
        Assert.False(afterRevert[Monitoring]!.GetValue<bool>());
        Assert.True(afterRevert[Api]!.GetValue<bool>());

        // What OpsBot turned on lately and is still on (the endpoint) comes from no latest deployment: a new one, AllAtOnce.
        SandboxSession.Ok(await s.CommandAsync("U0ALICE", SandboxApp.ProdChannel, "flags --all-new --reason \"e2e: 5xx\"", command: "/rollback"));
        var emergency = await s.EphemeralAsync(SandboxApp.ProdChannel, "U0ALICE", "Emergency flag rollback flg-");
        Assert.Contains($"{Api} off in prod with AppConfig.AllAtOnce", emergency, StringComparison.Ordinal);
        await s.FlagCardAsync(SandboxApp.ProdChannel, "prod", "Emergency flag rollback", "Completed");
        Assert.All((await DeployedAsync(s))["flags"]!.AsObject(), f => Assert.False(f.Value!.GetValue<bool>(), f.Key));
    }

    /// <summary>alice asks to turn <paramref name="flag"/> on in prod; bob clicks Approve on its card; it completes.</summary>
    private static async Task EnableWithBobAsync(SandboxSession s, string flag)
    {
        SandboxSession.Ok(await s.CommandAsync("U0ALICE", SandboxApp.ProdChannel, $"enable {flag} --reason \"e2e\"", command: "/flags"));
        var waiting = await s.FlagCardAsync(SandboxApp.ProdChannel, "prod", flag, "Awaiting approval");
        SandboxSession.Ok(await s.ClickAsync("U0BOB", SandboxApp.ProdChannel, waiting["ts"]!.GetValue<string>(), SandboxSession.Button(waiting, "Approve")));
        var completed = await s.FlagCardAsync(SandboxApp.ProdChannel, "prod", flag, "Completed");
        Assert.Contains("<@U0BOB>", SandboxSession.Text(completed), StringComparison.Ordinal);
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

public sealed class ConsoleInChromiumScenario
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Alice_types_deploy_in_the_console_and_bob_clicks_promote_in_headless_chromium()
    {
        // Its own sandbox: lambda_router's alias is the prod canary scenario's on the shared one.
        await using var sandbox = await SandboxApp.StartAsync(new SandboxSettings { Port = 0, AwsPort = 0 });
        // Kept beside the test binaries (screenshots/) for a person to look at.
        var screenshot = Path.Combine(Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName, "console-promoted.png");

        var stdout = await NodeScripts.RunAsync(NodeScripts.Folder("tests", "OpsBot.Sandbox.Tests", "browser"), "console-flow.mjs",
        [
            "--base-url", sandbox.BaseUrl.ToString(), "--chromium", NodeScripts.Chromium, "--user", "alice", "--approver", "bob",
            "--channel", "deploys", "--command", "/deploy lambda_router", "--button", "Promote", "--expect", "Succeeded",
            "--screenshot", screenshot, "--timeout-ms", "150000",
        ], RunTimeout);

        var summary = JsonNode.Parse(stdout)!;
        Assert.True(summary["ok"]!.GetValue<bool>(), stdout);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(screenshot).Take(4));
        // What the page showed is what the world holds: the card is the bot's, promoted by bob, and the alias is on
        // the version published from $LATEST.
        var s = new SandboxSession(sandbox);
        var card = await s.CardAsync(SandboxApp.ProdChannel, "lambda_router", "Succeeded", TimeSpan.FromSeconds(5));
        Assert.Equal(summary["cardTs"]!.GetValue<string>(), card["ts"]!.GetValue<string>());
        Assert.Contains("*Approvers*\n<@U0BOB>", SandboxSession.Text(card), StringComparison.Ordinal);
        var alias = await s.AliasAsync("prod", "lambda_router");
        Assert.Equal("5", alias.PrimaryVersion);
        Assert.Null(alias.AdditionalVersion);
    }
}

public sealed class OfficialSdkTourScenario
{
    [Fact]
    public async Task The_newcomers_scripted_tour_promotes_then_rolls_back_and_reads_the_alias_with_the_official_sdk()
    {
        var s = await SharedSandbox.SessionAsync();
        // structured_data_processor: no other scenario's, in dev or in prod. The tour reads the worlds' regions and
        // credentials from /sandbox/accounts, and fails if the dev canary changes what the SDK reads for prod's alias.
        var stdout = await NodeScripts.RunAsync(NodeScripts.Folder("tests", "conformance"), "sandbox-tour.mjs",
            [s.Sandbox.BaseUrl.ToString(), "structured_data_processor"], TimeSpan.FromMinutes(5));

        Assert.Contains("dev canary at 10%: dev's alias read with @aws-sdk/client-lambda: 4 {\"5\":0.1}; prod's: 4", stdout, StringComparison.Ordinal);
        Assert.Contains("dev canary done: dev's alias: 5; prod's: 4", stdout, StringComparison.Ordinal);
        Assert.Contains("Succeeded", stdout, StringComparison.Ordinal);
        Assert.Contains("Rolled back", stdout, StringComparison.Ordinal);
        var alias = await s.AliasAsync("prod", "structured_data_processor");
        Assert.Equal("5", alias.PrimaryVersion);
        Assert.Equal(0, alias.PercentOf("3"));
    }
}

public sealed class NewcomerInChromiumScenario
{
    [Fact]
    public async Task A_newcomer_gets_help_deploys_has_dave_promote_injects_a_fault_rolls_back_and_makes_a_typo_at_1280_px()
    {
        // Its own sandbox: prod's lambda_router is the prod canary scenario's on the shared one.
        await using var sandbox = await SandboxApp.StartAsync(new SandboxSettings { Port = 0, AwsPort = 0 });
        // Kept beside the test binaries (screenshots/newcomer/) for a person to look at.
        var shots = Path.Combine(AppContext.BaseDirectory, "screenshots", "newcomer");
        if (Directory.Exists(shots))
            Directory.Delete(shots, recursive: true); // an earlier run's shots (other steps, other names) do not count
        Directory.CreateDirectory(shots);

        var stdout = await NodeScripts.RunAsync(NodeScripts.Folder("tests", "OpsBot.Sandbox.Tests", "browser"), "newcomer.mjs",
            ["--base-url", sandbox.BaseUrl.ToString(), "--chromium", NodeScripts.Chromium, "--shots", shots, "--timeout-ms", "150000"], TimeSpan.FromMinutes(6));

        var summary = JsonNode.Parse(stdout)!;
        Assert.True(summary["ok"]!.GetValue<bool>(), stdout);
        var said = summary["sentences"]!;
        Assert.Contains("@dave", said["succeeded"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("lambda_router version 5 in prod now fails 40%", said["fault"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("lamda_router", said["typo"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("from version 5 to version 4 (live until", said["rollbackPrompt"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("enable_enhanced_processing: off", said["flags"]!.GetValue<string>(), StringComparison.Ordinal);
        // The window ends at the last whole minute, so what version 5 served a few seconds ago may not be in it yet.
        Assert.Contains("lambda_router:live", said["health"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Matches(@"\d+× ", said["logs"]!.GetValue<string>());
        // What the page showed is what the world holds: prod's alias is back on 4, dev's never moved.
        var s = new SandboxSession(sandbox);
        Assert.Equal(("4", null), ((await s.AliasAsync("prod", "lambda_router")).PrimaryVersion, (await s.AliasAsync("prod", "lambda_router")).AdditionalVersion));
        Assert.Equal("4", (await s.AliasAsync("dev", "lambda_router")).PrimaryVersion);
        Assert.Contains("a likely suspect", said["incident"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Pause", said["teamsCard"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("Succeeded", said["teamsPromoted"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("5", (await s.AliasAsync("prod", "timeseries_query_processor")).PrimaryVersion);
        Assert.Equal(14, Directory.GetFiles(shots, "*.png").Count(f => !Path.GetFileName(f).StartsWith("failed", StringComparison.Ordinal)));
    }
}
