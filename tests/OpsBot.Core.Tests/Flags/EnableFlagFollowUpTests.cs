using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Flags;
using OpsBot.Core.Identity;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.Flags;

/// <summary>
/// <c>/deploy … --enable-flag</c>: the card says the flag follows; once the deployment has succeeded a flag change
/// turns it on, approved with the deployment's promotion; a rollback never turns flags on; a restart makes no second one.
/// </summary>
public sealed class EnableFlagFollowUpTests
{
    private const string Api = "enable_new_api_endpoint";

    private static Task<CommandResult> StartWithFlagAsync(OpsBotHarness h, Actor actor, string environment, params string[] flags) =>
        h.DoAsync((c, ct) => c.StartAsync(new RequestContext(actor), new StartCommand("lambda_router") { Version = "5", Environment = environment, EnableFlags = flags }, ct));

    [Fact]
    public void The_option_repeats_and_keeps_its_order()
    {
        var start = Assert.IsType<StartCommand>(CommandGrammar.Parse("/deploy", $"lambda_router 5 --enable-flag {Api} --enable-flag enable_enhanced_processing").Item1);

        Assert.Equal([Api, "enable_enhanced_processing"], start.EnableFlags);
        Assert.Empty(Assert.IsType<StartCommand>(CommandGrammar.Parse("/deploy", "lambda_router 5").Item1).EnableFlags);
    }

    [Fact]
    public async Task An_unknown_flag_is_refused_at_the_start_and_nothing_starts()
    {
        await using var h = OpsBotHarness.Create();

        var refused = await StartWithFlagAsync(h, Alice, "prod", "enable_new_api_endpiont");

        Assert.Equal(CommandStatus.Refused, refused.Status);
        Assert.Contains($"did you mean {Api}?", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await h.Store.ListActiveAsync(default));
    }

    [Fact]
    public async Task After_bobs_promotion_succeeds_the_flag_is_turned_on_without_another_approval_and_only_once()
    {
        await using var h = OpsBotHarness.Create();
        var started = await StartWithFlagAsync(h, Alice, "prod", Api);
        var id = started.Deployment!.Id;
        Assert.Contains(DeploymentCardBuilder.From(await h.GetAsync(id)).Notes, n => n.Contains($"Then enables {Api} once it has succeeded", StringComparison.Ordinal));
        await h.PollForAsync(TimeSpan.FromMinutes(5));
        Assert.Empty(await h.FlagChanges.ListAsync("prod", 10, default));

        await h.ActAsync(Bob, DeploymentAction.Promote, id);
        Assert.Equal(DeploymentState.Succeeded, (await h.GetAsync(id)).State);
        await h.PollAsync(TimeSpan.FromSeconds(30));

        var follow = Assert.Single(await h.FlagChanges.ListAsync("prod", 10, default));
        Assert.Equal(id, follow.FollowUpOf);
        Assert.Equal(FlagChangeState.Deploying, follow.State);
        Assert.Equal(["slack:U0BOB"], follow.Approvals.Select(a => a.By));
        Assert.Equal([$"set prod {Api}=True AppConfig.Linear20PercentEvery6Minutes"], h.Flags.Calls);

        await h.RestartAsync();
        await h.PollAsync(TimeSpan.FromSeconds(30));
        Assert.Single(await h.FlagChanges.ListAsync("prod", 10, default));
        Assert.Single(h.Flags.Calls);
    }

    [Fact]
    public async Task A_deployment_that_rolls_back_never_turns_its_flags_on()
    {
        await using var h = OpsBotHarness.Create();
        var started = await StartWithFlagAsync(h, Alice, "dev", Api);
        h.Metrics.Set("lambda_router", "5", errorRate: 0.5);

        await h.PollForAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(DeploymentState.RolledBack, (await h.GetAsync(started.Deployment!.Id)).State);
        Assert.Empty(await h.FlagChanges.ListAsync("dev", 10, default));
        Assert.Empty(h.Flags.Calls);
        Assert.False(h.Flags.IsOn("dev", Api));
    }
}
