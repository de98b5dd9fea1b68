using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;
using OpsBot.Slack.Tests.Support;

namespace OpsBot.Slack.Tests.Work;

/// <summary>
/// The work queue behind the acknowledgements: its two lanes, what a person hears when a lane is full, and shutdown.
/// Consumers are held inside a slow AWS call (<see cref="GatedFunctionVersions"/>) for as long as a test needs.
/// </summary>
public sealed class SlackWorkQueueTests
{
    private const string Busy = ":warning: OpsBot is busy; try again in a moment.";

    [Fact]
    public async Task A_click_into_a_full_queue_is_acknowledged_and_told_through_its_response_url_that_OpsBot_is_busy()
    {
        var (host, gate) = await StartAsync(capacity: 1);
        await using var _ = host;
        await HoldTheNormalLaneAsync(host, gate);

        var click = await host.PostSignedAsync("/slack/interactions", SlackTestHost.InteractionForm(SlackTestHost.Click("dep-k3m9x2|3|Promote")));

        Assert.Equal(HttpStatusCode.OK, click.StatusCode);
        Assert.Equal("", await click.Content.ReadAsStringAsync()); // Slack would ignore a body here anyway
        var answer = await host.Slack.WaitForAsync(c => c.Target == "hooks.slack.com" && c.Text.Contains("busy", StringComparison.Ordinal));
        Assert.Equal("https://hooks.slack.com/actions/T0TEAM/1/xyz", answer.Uri.ToString());
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["response_type"] = "ephemeral", ["replace_original"] = false, ["text"] = Busy }, answer.Json),
            answer.Text);
        Assert.Null(answer.Header("Authorization"));

        gate.Open();
        await host.SettleAsync(2); // the two commands; the click was never queued
        Assert.Equal(2, host.Queue.Completed);
    }

    [Fact]
    public async Task A_busy_click_with_a_response_url_on_another_host_is_answered_in_the_channel_instead()
    {
        var (host, gate) = await StartAsync(capacity: 1);
        await using var _ = host;
        await HoldTheNormalLaneAsync(host, gate);
        var payload = SlackTestHost.Click("dep-k3m9x2|3|Promote");
        payload["response_url"] = "https://evil.example.com/actions/1";

        await host.PostSignedAsync("/slack/interactions", SlackTestHost.InteractionForm(payload));

        var answer = await host.Slack.WaitForAsync("chat.postEphemeral");
        Assert.Equal(("C0DEPLOYS", "U0BOB", Busy), (answer.Json["channel"]!.GetValue<string>(), answer.Json["user"]!.GetValue<string>(), answer.Json["text"]!.GetValue<string>()));
        Assert.DoesNotContain(host.Slack.Calls, c => c.Uri.Host == "evil.example.com");
        gate.Open();
    }

    [Fact]
    public async Task A_command_into_a_full_queue_is_told_in_its_acknowledgement_that_OpsBot_is_busy()
    {
        var (host, gate) = await StartAsync(capacity: 1);
        await using var _ = host;
        await HoldTheNormalLaneAsync(host, gate);

        var status = await host.CommandAsync("/deploy", "status");

        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal(Busy, JsonNode.Parse(await status.Content.ReadAsStringAsync())!["text"]!.GetValue<string>());
        gate.Open();
    }

    [Fact]
    public async Task A_rollback_click_and_a_rollback_command_are_applied_while_slow_starts_hold_every_normal_consumer()
    {
        var (host, gate) = await StartAsync(capacity: 1, gated: t => t.Function is "structured_data_processor" or "rag_query_processor");
        await using var _ = host;
        var canary = await StartCanaryAsync(host, "lambda_router");
        var other = await StartCanaryAsync(host, "influxdb_loader");
        await HoldTheNormalLaneAsync(host, gate);
        Assert.Equal(Busy, JsonNode.Parse(await (await host.CommandAsync("/deploy", "status")).Content.ReadAsStringAsync())!["text"]!.GetValue<string>());

        var click = await host.PostSignedAsync("/slack/interactions", SlackTestHost.InteractionForm(
            SlackTestHost.Click($"{canary.Id}|{canary.StateVersion}|Rollback", user: "U0ALICE", action: "Rollback")));
        var command = await host.CommandAsync("/rollback", $"deployment {other.Id}");

        Assert.Equal(HttpStatusCode.OK, click.StatusCode);
        Assert.Equal("", await command.Content.ReadAsStringAsync()); // queued, not refused
        await UntilAsync(async () => (await host.Store.GetAsync(canary.Id, default))!.State is DeploymentState.RollingBack or DeploymentState.RolledBack,
            "the rollback click was not applied");
        await UntilAsync(async () => (await host.Store.GetAsync(other.Id, default))!.State is DeploymentState.RollingBack or DeploymentState.RolledBack,
            "the rollback command was not applied");
        Assert.False(gate.IsOpen); // the normal lane is still held: the rollbacks went past it
        gate.Open();
    }

    [Fact]
    public async Task At_shutdown_queued_work_is_finished_and_new_requests_are_told_OpsBot_is_restarting()
    {
        var (host, gate) = await StartAsync(capacity: 4);
        await using var _ = host;
        await StartOneAndQueueTwoMoreAsync(host, gate);

        var stopping = host.App.StopAsync();
        await UntilAsync(() => Task.FromResult(host.Queue.IsStopping), "the queue did not start stopping");
        var late = await host.CommandAsync("/deploy", "status");
        gate.Open();
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("OpsBot is restarting", JsonNode.Parse(await late.Content.ReadAsStringAsync())!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var answers = host.Slack.CallsTo("hooks.slack.com").Select(c => c.Json["text"]!.GetValue<string>()).ToList();
        Assert.Equal(3, answers.Count);
        Assert.Contains(answers, a => a.Contains("Deployment dep-", StringComparison.Ordinal)); // the start, finished
        Assert.Contains(answers, a => a.Contains("There is no deployment dep-k3m9x2", StringComparison.Ordinal)); // the click, worked on
        Assert.DoesNotContain(answers, a => a.Contains("restarted", StringComparison.Ordinal));
        Assert.Single(await host.DeploymentsAsync());
    }

    [Fact]
    public async Task Work_still_queued_or_in_progress_when_the_shutdown_time_is_up_is_answered_OpsBot_restarted()
    {
        var (host, gate) = await StartAsync(capacity: 4);
        await using var _ = host;
        await StartOneAndQueueTwoMoreAsync(host, gate);

        var stopping = host.App.StopAsync();
        // The host's shutdown timeout is 30 s; the queue drains for 25 s of it and keeps 5 s for these answers.
        await host.Time.WaitForTimerAsync(TimeSpan.FromSeconds(25));
        host.Time.Advance(TimeSpan.FromSeconds(25));
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        var answers = host.Slack.CallsTo("hooks.slack.com").Select(c => c.Json["text"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(
        [
            ":warning: OpsBot restarted; please repeat `/deploy lambda_router 5`.", // in progress, cut short
            ":warning: OpsBot restarted; please repeat `/deploy status`.",
            ":warning: OpsBot restarted; please repeat your click (promote dep-k3m9x2).",
        ], answers);
        Assert.Empty(await host.DeploymentsAsync());
        Assert.False(gate.IsOpen);
    }

    private static async Task<(SlackTestHost Host, GatedFunctionVersions Gate)> StartAsync(int capacity, Func<FunctionTarget, bool>? gated = null)
    {
        GatedFunctionVersions? gate = null;
        var host = await SlackTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["OpsBot:Slack:QueueCapacity"] = capacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["OpsBot:Slack:MaxConcurrency"] = "1",
        }, (h, s) => s.AddSingleton<IFunctionVersions>(gate = new GatedFunctionVersions(h.Lambda, gated)));
        return (host, gate!);
    }

    /// <summary>One start held inside its AWS call by the only normal consumer, and one more queued behind it: the lane (capacity 1) is full.</summary>
    private static async Task HoldTheNormalLaneAsync(SlackTestHost host, GatedFunctionVersions gate)
    {
        await host.CommandAsync("/deploy", "structured_data_processor 5");
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var queued = await host.CommandAsync("/deploy", "rag_query_processor 5");
        Assert.Equal("", await queued.Content.ReadAsStringAsync());
    }

    private static async Task<Deployment> StartCanaryAsync(SlackTestHost host, string function)
    {
        var done = host.Queue.Completed;
        await host.CommandAsync("/deploy", $"{function} 5");
        await host.SettleAsync(done + 1);
        Deployment? baking = null;
        await UntilAsync(async () => (baking = (await host.DeploymentsAsync()).SingleOrDefault(d => d.Target.Function == function)) is { State: DeploymentState.Baking },
            $"{function} did not reach its first bake");
        return baking!;
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var give = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < give, what);
            await Task.Delay(5);
        }
    }

    /// <summary>A start held inside its AWS call by <paramref name="gate"/>, then a status command and a click queued behind it.</summary>
    private static async Task StartOneAndQueueTwoMoreAsync(SlackTestHost host, GatedFunctionVersions gate)
    {
        await host.CommandAsync("/deploy", "lambda_router 5");
        await gate.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await host.CommandAsync("/deploy", "status");
        await host.PostSignedAsync("/slack/interactions", SlackTestHost.InteractionForm(SlackTestHost.Click("dep-k3m9x2|3|Promote")));
    }
}
