using OpsBot.Core.Deployments;
using OpsBot.Core.UseCases;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.Runner;

public sealed class OutboxDispatcherTests
{
    [Fact]
    public async Task The_card_is_posted_once_and_updated_in_place_with_the_committed_state_and_its_buttons()
    {
        await using var h = OpsBotHarness.Create();
        var started = await h.DoAsync((c, ct) => c.StartAsync(new StartRequest(Alice, "lambda_router") { Version = "5" }, ct));
        var id = started.Deployment!.Id;

        Assert.Equal(1, h.Chat.Count("post", id));
        var card = h.Chat.Cards[id];
        Assert.Equal(DeploymentState.Baking, card.State);
        Assert.Equal((await h.GetAsync(id)).StateVersion, card.Version);
        Assert.Equal([DeploymentAction.Pause, DeploymentAction.Rollback], card.Buttons.Select(b => b.Action));
    }

    [Fact]
    public async Task Health_only_changes_are_coalesced_and_an_unchanged_card_is_not_sent_again()
    {
        await using var h = OpsBotHarness.Create(o => o.Runner.CardUpdateInterval = TimeSpan.FromMinutes(2));
        var started = await h.DoAsync((c, ct) => c.StartAsync(new StartRequest(Alice, "lambda_router") { Version = "5" }, ct));
        var id = started.Deployment!.Id;
        var updates = h.Chat.Count("update", id);

        // Each poll judges a new minute with a slightly different error rate; the card would change every poll.
        for (var minute = 1; minute <= 4; minute++)
        {
            h.Metrics.Set("lambda_router", "5", errorRate: minute / 1000.0);
            await h.PollAsync(TimeSpan.FromMinutes(1));
        }

        var healthUpdates = h.Chat.Count("update", id) - updates;
        Assert.InRange(healthUpdates, 1, 2); // at most one per 2 minutes over 4 minutes
        await h.PollAsync(TimeSpan.FromMinutes(1)); // the bake is over: a new state is shown at once, coalescing or not
        Assert.Equal(DeploymentState.AwaitingPromotion, h.Chat.Cards[id].State);
    }

    [Fact]
    public async Task When_a_deployment_ends_a_chart_of_its_samples_goes_into_the_thread()
    {
        await using var h = OpsBotHarness.Create();
        h.Metrics.Set("lambda_router", "5", errorRate: 0.3);
        var started = await h.DoAsync((c, ct) => c.StartAsync(new StartRequest(Alice, "lambda_router") { Version = "5" }, ct));
        var id = started.Deployment!.Id;
        await h.PollForAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(DeploymentState.RolledBack, (await h.GetAsync(id)).State);

        var (_, samples) = Assert.Single(h.Chart.Drawn);
        Assert.Equal(4, samples); // 2 periods × (stable, new)
        Assert.Single(h.Chat.Calls, c => c.Call == "file" && c.DeploymentId == id);
    }

    [Fact]
    public async Task A_rejected_deployment_moved_no_traffic_and_gets_no_chart()
    {
        await using var h = OpsBotHarness.Create(o => o.Environments["prod"].Gates.StartApproval = true);
        var started = await h.DoAsync((c, ct) => c.StartAsync(new StartRequest(Alice, "lambda_router") { Version = "5" }, ct));
        await h.DoAsync((c, ct) => c.RejectAsync(new DeploymentRequest(Bob, started.Deployment!.Id), ct));
        Assert.Empty(h.Chart.Drawn);
    }
}
