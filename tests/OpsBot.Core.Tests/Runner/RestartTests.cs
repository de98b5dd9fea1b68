using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.UseCases;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.Runner;

public sealed class RestartTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_new_runner_on_the_same_database_finishes_a_deployment_left_mid_bake_with_every_notice_sent_once()
    {
        await using var h = OpsBotHarness.Create(o => o.Environments["prod"].Gates.PromotionApproval = false);
        var started = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router") { Version = "5" }, ct));
        var id = started.Deployment!.Id;
        await h.PollForAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(DeploymentState.Baking, (await h.GetAsync(id)).State);
        var sentBefore = h.Chat.Thread(id);

        await h.RestartAsync();
        await h.PollForAsync(TimeSpan.FromMinutes(4));

        var d = await h.GetAsync(id);
        Assert.Equal(DeploymentState.Succeeded, d.State);
        Assert.Equal("5", h.Lambda.Alias("prod", "lambda_router").PrimaryVersion);
        var thread = h.Chat.Thread(id);
        Assert.Equal(sentBefore, thread.Take(sentBefore.Count));
        Assert.Equal(thread.Count, thread.Distinct().Count());
        var events = await h.Store.GetEventsAsync(id, default);
        Assert.Equal(events.Count, thread.Count);
        Assert.Equal(1, h.Chat.Count("post", id));
    }

    [Fact]
    public async Task Notices_committed_before_a_crash_are_delivered_by_the_next_runner()
    {
        await using var h = OpsBotHarness.Create();
        h.Chat.FailNext = 1000;
        var started = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router") { Version = "5" }, ct));
        var id = started.Deployment!.Id;
        Assert.Empty(h.Chat.Thread(id));

        await h.RestartAsync();
        h.Chat.FailNext = 0;
        await h.PollAsync(TimeSpan.FromMinutes(10));

        var thread = h.Chat.Thread(id);
        var events = await h.Store.GetEventsAsync(id, default);
        Assert.Equal(events.Count, thread.Count);
        Assert.All(events.Zip(thread), pair => Assert.EndsWith(pair.First.Message, pair.Second, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_crash_after_the_alias_was_shifted_but_before_it_was_recorded_takes_the_alias_as_it_is()
    {
        await using var h = OpsBotHarness.Create(o => o.Environments["prod"].Gates.PromotionApproval = false);
        var started = await h.Commands.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router") { Version = "5" }, default);
        var id = started.Deployment!.Id;
        Assert.Equal(DeploymentState.Shifting, (await h.GetAsync(id)).State);
        // The shift reached AWS, then the bot died before committing Baking.
        var alias = h.Lambda.Alias("prod", "lambda_router");
        await h.Lambda.RouteAsync(started.Deployment.Target, Ports.AliasRoute.Step("4", "5", 10), alias.RevisionId, default);
        var writes = h.Lambda.Routes;

        await h.RestartAsync();
        await h.PollAsync(Poll);

        var d = await h.GetAsync(id);
        Assert.Equal(DeploymentState.Baking, d.State);
        Assert.Equal(writes, h.Lambda.Routes);
        Assert.Equal(h.Lambda.Alias("prod", "lambda_router").RevisionId, d.AliasRevision);
    }

    [Fact]
    public async Task A_rollback_interrupted_by_a_crash_is_finished_and_verified_after_the_restart()
    {
        await using var h = OpsBotHarness.Create();
        var started = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router") { Version = "5" }, ct));
        var id = started.Deployment!.Id;
        await h.Commands.ActAsync(new RequestContext(Alice), new ActCommand(DeploymentAction.Rollback, id), default); // committed, not yet acted on

        await h.RestartAsync();
        await h.PollAsync(Poll);

        Assert.Equal(DeploymentState.RolledBack, (await h.GetAsync(id)).State);
        Assert.Equal("4", h.Lambda.Alias("prod", "lambda_router").PrimaryVersion);
    }
}
