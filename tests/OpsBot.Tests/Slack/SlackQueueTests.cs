using System.Net;
using System.Text.Json.Nodes;

namespace OpsBot.Tests.Slack;

/// <summary>Whole-host scenarios of the Slack work queue over Slack's wire, answered into the fake of Slack.</summary>
public sealed class SlackQueueTests
{
    [Fact]
    public async Task A_click_into_a_full_queue_shows_the_clicker_an_ephemeral_busy_answer()
    {
        var slowStart = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await SlackHost.StartAsync(bot =>
        {
            bot.Settings["OpsBot:Slack:QueueCapacity"] = "1";
            bot.Settings["OpsBot:Slack:MaxConcurrency"] = "1";
            bot.Lambda.BeforeList = () =>
            {
                held.TrySetResult();
                return slowStart.Task;
            };
        });
        // The only normal consumer is held inside a start's AWS call, and one more start waits: the lane is full.
        await host.CommandAsync("U0ALICE", "lambda_router 5");
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("", await (await host.CommandAsync("U0ALICE", "structured_data_processor 5")).Content.ReadAsStringAsync());

        var promote = new JsonObject
        {
            ["action_id"] = "Promote",
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Promote" },
            ["value"] = "dep-k3m9x2|3|Promote",
        };
        var click = await host.ClickAsync("U0BOB", promote, "1764230400.000001");

        Assert.Equal(HttpStatusCode.OK, click.StatusCode);
        await SlackHost.UntilAsync(() => host.Workspace.Ephemerals("U0BOB").Any(m => m.Text == ":warning: OpsBot is busy; try again in a moment."),
            "bob was not told OpsBot is busy");
        Assert.Empty(host.Workspace.Ephemerals("U0ALICE")); // nothing else was answered yet

        slowStart.SetResult();
        await SlackHost.UntilAsync(() => host.Workspace.Ephemerals("U0ALICE").Count == 2, "the two starts were not answered");
    }
}
