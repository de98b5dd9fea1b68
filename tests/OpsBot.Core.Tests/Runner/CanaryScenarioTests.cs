using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.UseCases;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.Runner;

public sealed class CanaryScenarioTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_prod_canary_is_promoted_by_a_second_user_and_ends_with_all_traffic_on_the_new_version()
    {
        // alice may approve too, so that four eyes (not her role) is what stops her promoting her own deployment
        await using var h = OpsBotHarness.Create(o => o.Environments["prod"].Roles.Approver.Add(Alice.Identity));

        var started = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router") { Version = "5" }, ct));

        Assert.True(started.IsDone, started.Message);
        var id = started.Deployment!.Id;
        Assert.Equal(DeploymentState.Baking, (await h.GetAsync(id)).State);
        Assert.Equal(10, h.Lambda.Alias("prod", "lambda_router").PercentOf("5"));

        await h.PollForAsync(TimeSpan.FromMinutes(5));
        var waiting = await h.GetAsync(id);
        Assert.Equal(DeploymentState.AwaitingPromotion, waiting.State);
        Assert.Equal(10, h.Lambda.Alias("prod", "lambda_router").PercentOf("5"));

        var refused = await h.DoAsync((c, ct) => c.ActAsync(new RequestContext(Alice), new ActCommand(DeploymentAction.Promote, id), ct));
        Assert.Equal(CommandStatus.Refused, refused.Status);
        Assert.Contains("Four eyes", refused.Message, StringComparison.Ordinal);

        var promoted = await h.DoAsync((c, ct) => c.ActAsync(new RequestContext(Bob), new ActCommand(DeploymentAction.Promote, id) { ExpectedVersion = waiting.StateVersion }, ct));

        Assert.True(promoted.IsDone, promoted.Message);
        var done = await h.GetAsync(id);
        Assert.Equal(DeploymentState.Succeeded, done.State);
        var alias = h.Lambda.Alias("prod", "lambda_router");
        Assert.Equal("5", alias.PrimaryVersion);
        Assert.Null(alias.AdditionalVersion);
        Assert.Equal(
            [DeploymentState.Shifting, DeploymentState.Baking, DeploymentState.AwaitingPromotion, DeploymentState.Promoting, DeploymentState.Baking, DeploymentState.Succeeded],
            (await h.Store.GetEventsAsync(id, default)).Where(e => e.To is not null).Select(e => e.To!.Value));
        Assert.Equal(1, h.Chat.Count("post", id));
        Assert.Contains(h.Chat.Thread(id), t => t.StartsWith("Promoted by ⟦@slack:U0BOB⟧; promoting to 100%", StringComparison.Ordinal));
        var audit = await h.Audit.QueryAsync(new(Subject: id), default);
        Assert.Contains(audit, a => a.Action == "deploy.promote" && a.Actor == Bob.Identity && a.Outcome == Core.Identity.AuditOutcome.Succeeded);
        Assert.Contains(audit, a => a.Action == "deploy.promote" && a.Actor == Alice.Identity && a.Outcome == Core.Identity.AuditOutcome.Refused);
        Assert.NotEmpty(await h.Store.GetSamplesAsync(id, default));
    }

    [Fact]
    public async Task A_linear_plan_walks_its_four_steps()
    {
        await using var h = OpsBotHarness.Create();
        var dev = Alice with { Channel = "C0DEV" };

        var started = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(dev), new StartCommand("structured_data_processor") { Version = "5", Strategy = "linear" }, ct));
        var id = started.Deployment!.Id;
        var weights = new List<double> { h.Lambda.Alias("dev", "structured_data_processor").PercentOf("5") };
        for (var i = 0; i < 3; i++)
        {
            await h.PollForAsync(TimeSpan.FromMinutes(10));
            weights.Add(h.Lambda.Alias("dev", "structured_data_processor").PercentOf("5"));
        }

        Assert.Equal([10, 20, 50, 100], weights);
        Assert.Equal(DeploymentState.Succeeded, (await h.GetAsync(id)).State);
    }

    [Fact]
    public async Task Overrides_from_the_command_line_shape_the_plan_and_the_threshold()
    {
        await using var h = OpsBotHarness.Create();
        var result = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router")
        {
            Version = "5", CanaryPercentage = 25, BakeMinutes = 6, RollbackThreshold = 1,
        }, ct));
        var d = result.Deployment!;
        Assert.Equal([25, 100], d.Plan.Steps.Select(s => s.Weight));
        Assert.Equal(TimeSpan.FromMinutes(6), d.Plan[0].Bake);
        Assert.Equal(1, d.Thresholds.ErrorRatePercent);
        Assert.Equal(25, h.Lambda.Alias("prod", "lambda_router").PercentOf("5"));
    }

    [Fact]
    public async Task Without_a_version_one_is_published_from_latest()
    {
        await using var h = OpsBotHarness.Create();
        var result = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router"), ct));
        Assert.True(result.IsDone, result.Message);
        Assert.Equal("6", result.Deployment!.TargetVersion);
        Assert.Contains(await h.Audit.QueryAsync(new(Subject: "lambda_router"), default), a => a.Action == "function.publish");
    }

    [Fact]
    public async Task The_hosted_runner_polls_on_its_own_as_time_passes()
    {
        await using var h = OpsBotHarness.Create(o => o.Environments["dev"].Functions["lambda_router"].Plan = "all-at-once");
        var dev = Alice with { Channel = "C0DEV" };
        await h.Runner.StartAsync(CancellationToken.None);
        try
        {
            var result = await h.Commands.StartAsync(new RequestContext(dev), new StartCommand("lambda_router") { Version = "5" }, CancellationToken.None);
            var id = result.Deployment!.Id;
            await Until(async () => (await h.GetAsync(id)).State == DeploymentState.Baking);
            for (var i = 0; i < 25 && (await h.GetAsync(id)).State != DeploymentState.Succeeded; i++)
            {
                var cycles = h.Runner.Cycles;
                h.Time.Advance(Poll);
                await Until(() => Task.FromResult(h.Runner.Cycles > cycles));
            }
            Assert.Equal(DeploymentState.Succeeded, (await h.GetAsync(id)).State);
        }
        finally
        {
            await h.Runner.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Waits for the background runner to get somewhere (not for a deadline: the fake clock does not move here).</summary>
    private static async Task Until(Func<Task<bool>> condition)
    {
        var give = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < give, "the runner did not get there");
            await Task.Yield();
            await Task.Delay(1);
        }
    }
}
