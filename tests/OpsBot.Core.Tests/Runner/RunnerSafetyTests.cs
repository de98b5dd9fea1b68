using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.Runner;

/// <summary>The runner's own side paths: a retried write mistaken for drift, and a person's rollback waiting behind a long sequence.</summary>
public sealed class RunnerSafetyTests
{
    private const string Fn = "lambda_router";
    private static readonly Actor DevAlice = Alice with { Channel = "C0DEV" };

    [Fact]
    public async Task An_update_that_landed_before_its_retry_met_a_conflict_is_not_drift()
    {
        await using var h = OpsBotHarness.Create();
        h.Lambda.LandThenConflict = 1;

        var id = (await h.StartAsync(Alice, Fn)).Deployment!.Id;

        var d = await h.GetAsync(id);
        Assert.Equal(DeploymentState.Baking, d.State);
        Assert.Equal(h.Lambda.Alias("prod", Fn).RevisionId, d.AliasRevision);
        Assert.Equal(10, h.Lambda.Alias("prod", Fn).PercentOf("5"));
    }

    [Fact]
    public async Task A_conflict_with_a_different_routing_is_still_drift()
    {
        await using var h = OpsBotHarness.Create();
        h.Lambda.BeforeRoute = () =>
        {
            h.Lambda.BeforeRoute = null;
            h.Lambda.ChangeBehindOpsBotsBack("prod", Fn, "3"); // someone rolls back in the console while OpsBot writes
            return Task.CompletedTask;
        };

        var id = (await h.StartAsync(Alice, Fn)).Deployment!.Id;

        var d = await h.GetAsync(id);
        Assert.Equal(DeploymentState.Paused, d.State);
        Assert.StartsWith("drift:", d.PauseReason, StringComparison.Ordinal);
        Assert.Equal("3", h.Lambda.Alias("prod", Fn).PrimaryVersion);
    }

    [Fact]
    public async Task A_rollback_after_a_retried_write_reads_the_alias_back_and_is_not_counted_as_failed()
    {
        await using var h = OpsBotHarness.Create();
        var id = (await h.StartAsync(Alice, Fn)).Deployment!.Id;
        h.Lambda.LandThenConflict = 1;

        await h.ActAsync(Alice, DeploymentAction.Rollback, id);

        var d = await h.GetAsync(id);
        Assert.Equal(DeploymentState.RolledBack, d.State);
        Assert.Equal(0, d.RollbackAttempts);
    }

    [Fact]
    public async Task A_persons_rollback_goes_next_after_the_runners_current_aws_call_not_after_its_whole_sequence()
    {
        // Four steps without bakes: left alone, one advance walks 10 → 20 → 50 → 100%.
        await using var h = OpsBotHarness.Create(o => o.Plans["rush"] =
            [new() { Weight = 10 }, new() { Weight = 20 }, new() { Weight = 50 }, new() { Weight = 100 }]);
        var inside = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        h.Lambda.BeforeRoute = async () =>
        {
            h.Lambda.BeforeRoute = null;
            inside.SetResult();
            await release.Task;
        };
        var start = h.Commands.StartAsync(new RequestContext(DevAlice), new StartCommand(Fn) { Version = "5", Strategy = "rush" }, default);
        var id = (await start).Deployment!.Id;
        var advancing = h.Runner.AdvanceAsync([id], default);
        await inside.Task; // the runner holds the deployment inside its first UpdateAlias

        var rollback = h.Commands.ActAsync(new RequestContext(DevAlice), new ActCommand(DeploymentAction.Rollback, id), default);
        while (!h.Services.GetService<Core.Deployments.DeploymentLocks>()!.IsWanted(id))
            await Task.Yield();
        release.SetResult();
        await advancing;
        Assert.True((await rollback).IsDone);

        Assert.Equal(10, h.Lambda.Alias("dev", Fn).PercentOf("5")); // the runner stopped after its one step
        await h.Runner.AdvanceAsync([id], default);
        Assert.Equal(DeploymentState.RolledBack, (await h.GetAsync(id)).State);
        Assert.Equal(0, h.Lambda.Alias("dev", Fn).PercentOf("5"));
    }
}
