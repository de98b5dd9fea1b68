using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.UseCases;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.UseCases;

/// <summary>A rollback only goes back: to a version that was live on the alias before, never to one nobody reviewed.</summary>
public sealed class RollbackTargetTests
{
    private const string Fn = "lambda_router";

    [Fact]
    public async Task Mid_canary_a_rollback_to_the_canary_version_is_refused_and_traffic_stays()
    {
        await using var h = OpsBotHarness.Create();
        var started = await h.StartAsync(Alice, Fn);
        Assert.Equal(10, h.Lambda.Alias("prod", Fn).PercentOf("5"));

        var refused = await h.RollbackAsync(Alice, Fn, targetVersion: "5");

        Assert.Equal(CommandStatus.Refused, refused.Status);
        Assert.Equal("Version 5 of lambda_router was never live on live in prod (versions live there before: 4), so moving traffic to it is a deployment, " +
                     "not a rollback: use /deploy lambda_router 5.", refused.Message);
        Assert.Equal(10, h.Lambda.Alias("prod", Fn).PercentOf("5"));
        Assert.Equal(DeploymentState.Baking, (await h.GetAsync(started.Deployment!.Id)).State);
    }

    [Fact]
    public async Task With_nothing_in_flight_a_newer_never_live_version_is_refused_even_while_frozen()
    {
        await using var h = OpsBotHarness.Create();
        await h.Commands.FreezeAsync(new RequestContext(Dana), new FreezeCommand(true, "prod", "end-of-year freeze"), default);
        var newer = await h.Lambda.PublishAsync(new FunctionTarget { Environment = "prod", Function = Fn, Alias = "live" }, "hotfix", default);

        foreach (var version in new[] { "5", newer })
        {
            var refused = await h.RollbackAsync(Alice, Fn, targetVersion: version);
            Assert.Equal(CommandStatus.Refused, refused.Status);
            Assert.EndsWith($"use /deploy lambda_router {version}.", refused.Message, StringComparison.Ordinal);
        }
        Assert.Equal(0, h.Lambda.Routes);
        Assert.Equal("4", h.Lambda.Alias("prod", Fn).PrimaryVersion);
    }

    [Fact]
    public async Task Without_history_a_lower_version_is_a_rollback_and_works_while_frozen()
    {
        await using var h = OpsBotHarness.Create();
        await h.Commands.FreezeAsync(new RequestContext(Dana), new FreezeCommand(true, "prod", "end-of-year freeze"), default);

        var done = await h.RollbackConfirmedAsync(Alice, Fn, targetVersion: "2");

        Assert.True(done.IsDone, done.Message);
        Assert.Equal("2", h.Lambda.Alias("prod", Fn).PrimaryVersion);
    }

    [Fact]
    public async Task A_version_that_only_ever_had_canary_traffic_was_never_live()
    {
        await using var h = OpsBotHarness.Create();
        var started = await h.StartAsync(Alice, Fn);
        await h.RollbackAsync(Alice, Fn);
        Assert.Equal(DeploymentState.RolledBack, (await h.GetAsync(started.Deployment!.Id)).State);

        var refused = await h.RollbackAsync(Alice, Fn, targetVersion: "5");

        Assert.Equal(CommandStatus.Refused, refused.Status);
        Assert.Equal("4", h.Lambda.Alias("prod", Fn).PrimaryVersion);
    }

    [Fact]
    public async Task A_version_a_past_release_left_live_may_be_gone_back_to_even_when_it_is_higher()
    {
        await using var h = OpsBotHarness.Create(o => o.Environments["prod"].Gates.PromotionApproval = false);
        var release = await h.StartAsync(Alice, Fn);
        await h.PollForAsync(TimeSpan.FromMinutes(6));
        Assert.Equal(DeploymentState.Succeeded, (await h.GetAsync(release.Deployment!.Id)).State);
        Assert.True((await h.RollbackAsync(Alice, Fn)).IsDone);
        Assert.Equal("4", h.Lambda.Alias("prod", Fn).PrimaryVersion);

        // 5 was live (the release left it so); 3 is older than anything OpsBot saw live; 6 never was.
        var six = await h.Lambda.PublishAsync(new FunctionTarget { Environment = "prod", Function = Fn, Alias = "live" }, "next", default);
        Assert.Equal(CommandStatus.Refused, (await h.RollbackAsync(Alice, Fn, targetVersion: six)).Status);
        Assert.True((await h.RollbackAsync(Alice, Fn, targetVersion: "5")).IsDone);
        Assert.Equal("5", h.Lambda.Alias("prod", Fn).PrimaryVersion);
        Assert.True((await h.RollbackAsync(Alice, Fn, targetVersion: "3")).IsDone);
        Assert.Equal("3", h.Lambda.Alias("prod", Fn).PrimaryVersion);
    }

    [Fact]
    public async Task The_whole_history_counts_not_only_the_last_fifty_deployments()
    {
        await using var h = OpsBotHarness.Create(o => o.Environments["dev"].Gates = new() { });
        var dev = Alice with { Channel = "C0DEV" };
        // Version 3 was live long ago; then 60 releases were started and cancelled (rolled back before traffic moved much).
        Assert.True((await h.RollbackAsync(dev, Fn, targetVersion: "3")).IsDone);
        Assert.True((await h.RollbackAsync(dev, Fn, targetVersion: "2")).IsDone);
        for (var i = 0; i < 60; i++)
        {
            var started = await h.StartAsync(dev, Fn, version: "5");
            Assert.True(started.IsDone, started.Message);
            Assert.True((await h.RollbackAsync(dev, Fn)).IsDone);
        }

        var back = await h.RollbackAsync(dev, Fn, targetVersion: "3");

        Assert.True(back.IsDone, back.Message);
        Assert.Equal("3", h.Lambda.Alias("dev", Fn).PrimaryVersion);
    }

    [Fact]
    public async Task A_rollback_to_the_stable_version_by_name_mid_canary_is_allowed()
    {
        await using var h = OpsBotHarness.Create();
        var started = await h.StartAsync(Alice, Fn);

        var done = await h.RollbackAsync(Alice, Fn, targetVersion: "4");

        Assert.True(done.IsDone, done.Message);
        Assert.Equal(DeploymentState.RolledBack, (await h.GetAsync(started.Deployment!.Id)).State);
        Assert.Equal(0, h.Lambda.Alias("prod", Fn).PercentOf("5"));
    }
}
