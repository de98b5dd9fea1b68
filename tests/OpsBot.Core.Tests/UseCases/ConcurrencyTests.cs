using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.UseCases;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.UseCases;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Two_concurrent_starts_on_one_alias_give_one_deployment_and_one_clear_refusal()
    {
        await using var h = OpsBotHarness.Create();
        var starts = await Task.WhenAll(
            Task.Run(() => h.Commands.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router") { Version = "5" }, default)),
            Task.Run(() => h.Commands.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router") { Version = "3" }, default)));

        var done = Assert.Single(starts, r => r.IsDone);
        var refused = Assert.Single(starts, r => r.Status == CommandStatus.Refused);
        Assert.Equal(
            $"lambda_router:live (prod) already has deployment {done.Deployment!.Id} in flight: shifting traffic, version {done.Deployment.TargetVersion}, " +
            "requested by ⟦@slack:U0ALICE⟧. Finish, roll back or wait for it first.", refused.Message);
        Assert.Single(await h.Store.ListActiveAsync(default));
    }

    [Fact]
    public async Task A_hundred_concurrent_promotions_give_one_promotion()
    {
        await using var h = OpsBotHarness.Create(o => o.Environments["prod"].Roles.Approver.Add("slack:*"));
        var started = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router") { Version = "5" }, ct));
        var id = started.Deployment!.Id;
        await h.PollForAsync(TimeSpan.FromMinutes(5));
        var waiting = await h.GetAsync(id);
        Assert.Equal(DeploymentState.AwaitingPromotion, waiting.State);

        var clicks = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() =>
            h.Commands.ActAsync(new RequestContext(new($"slack:U{i:D4}", "C0DEPLOYS")), new ActCommand(DeploymentAction.Promote, id) { ExpectedVersion = waiting.StateVersion }, default))));

        Assert.Single(clicks, c => c.IsDone);
        Assert.All(clicks.Where(c => !c.IsDone), c => Assert.Equal(CommandStatus.Refused, c.Status));
        var events = await h.Store.GetEventsAsync(id, default);
        Assert.Single(events, e => e.To == DeploymentState.Promoting);
    }

    [Fact]
    public async Task The_same_request_key_twice_has_one_effect_and_the_second_gets_the_first_answer()
    {
        await using var h = OpsBotHarness.Create();
        var context = new RequestContext(Alice, "slack:trigger:13345224609.738474920.8088930838d88f008e0");
        var request = new StartCommand("lambda_router") { Version = "5" };

        var first = await h.Commands.StartAsync(context, request, default);
        var second = await h.Commands.StartAsync(context, request, default);

        Assert.True(first.IsDone);
        Assert.Equal(CommandStatus.Duplicate, second.Status);
        Assert.Equal(first.Message, second.Message);
        Assert.Single(await h.Store.ListActiveAsync(default));
    }

    [Fact]
    public async Task A_stale_card_click_changes_nothing()
    {
        await using var h = OpsBotHarness.Create();
        var started = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router") { Version = "5" }, ct));
        var stale = started.Deployment!.StateVersion; // the card as first posted; the runner has moved the deployment on since
        await h.PollAsync(TimeSpan.FromSeconds(30));

        var click = await h.Commands.ActAsync(new RequestContext(Alice), new ActCommand(DeploymentAction.Pause, started.Deployment.Id) { ExpectedVersion = stale }, default);

        Assert.Equal(CommandStatus.Refused, click.Status);
        Assert.StartsWith("That card was out of date", click.Message, StringComparison.Ordinal);
        Assert.Equal(DeploymentState.Baking, (await h.GetAsync(started.Deployment.Id)).State);
    }
}
