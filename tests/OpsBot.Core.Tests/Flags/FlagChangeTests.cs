using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Commands;
using OpsBot.Core.Flags;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.Flags;

/// <summary>
/// Flag changes through the use cases and the runner, against AppConfig in memory: the gate and four eyes on turning a
/// flag on, the emergency path that never waits and stops what is in its way, conflicts reported and never overwritten,
/// a restart mid-deployment, the freeze, stale clicks, AppConfig's own rollback.
/// </summary>
public sealed class FlagChangeTests
{
    private const string Api = "enable_new_api_endpoint";
    private const string Enhanced = "enable_enhanced_processing";

    private static FlagsChangeCommand Enable(params string[] flags) => new(true, flags) { Root = "/flags" };

    private static FlagsChangeCommand Disable(params string[] flags) => new(false, flags) { Root = "/flags" };

    private static async Task<FlagChange> OnlyAsync(OpsBotHarness h) => Assert.Single(await h.FlagChanges.ListAsync("prod", 10, default));

    [Fact]
    public async Task The_list_shows_the_guides_three_flags_as_deployed()
    {
        await using var h = OpsBotHarness.Create();

        var list = await h.FlagsAsync(Carol, new FlagsListCommand(null));

        Assert.True(list.IsDone, list.Message);
        Assert.Contains($"• {Api}: off", list.Message, StringComparison.Ordinal);
        Assert.Contains($"• {Enhanced}: off", list.Message, StringComparison.Ordinal);
        Assert.Contains("• enable_advanced_monitoring: off", list.Message, StringComparison.Ordinal);

        await h.FlagsAsync(Alice, Enable(Api) with { Environment = "dev" });
        var deploying = await h.FlagsAsync(Carol, new FlagsListCommand("dev"));
        Assert.Contains("AppConfig deployment 1 is in progress (DEPLOYING, 0%, strategy AppConfig.AllAtOnce): OpsBot flg-", deploying.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enabling_in_prod_waits_for_bob_alices_own_approval_is_refused_and_AppConfig_is_untouched_until_then()
    {
        await using var h = OpsBotHarness.Create();

        var asked = await h.FlagsAsync(Alice, Enable(Api));
        var c = await OnlyAsync(h);
        var own = await h.FlagsAsync(Alice, new FlagsActCommand(FlagAction.Approve, c.Id));

        Assert.True(asked.IsDone, asked.Message);
        Assert.Equal(FlagChangeState.AwaitingApproval, (await h.FlagChanges.GetAsync(c.Id, default))!.State);
        Assert.Equal(CommandStatus.Refused, own.Status);
        Assert.Empty(h.Flags.Calls);
        Assert.Equal([nameof(FlagAction.Approve), nameof(FlagAction.Reject)], h.Chat.FlagCards[c.Id].Buttons.Select(b => b.Action));

        var approved = await h.FlagsAsync(Bob, new FlagsActCommand(FlagAction.Approve, c.Id));

        Assert.True(approved.IsDone, approved.Message);
        Assert.Equal([$"set prod {Api}=True AppConfig.Linear20PercentEvery6Minutes"], h.Flags.Calls);
        var deploying = (await h.FlagChanges.GetAsync(c.Id, default))!;
        Assert.Equal(FlagChangeState.Deploying, deploying.State);
        Assert.Equal([nameof(FlagAction.Stop)], h.Chat.FlagCards[c.Id].Buttons.Select(b => b.Action));

        h.Flags.Progress("prod", deploying.DeploymentNumber!.Value, "DEPLOYING", 40);
        await h.PollAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("Deploying: 40% (DEPLOYING)", h.Chat.FlagCards[c.Id].Headline);
        h.Flags.Complete("prod", deploying.DeploymentNumber.Value);
        await h.PollAsync(TimeSpan.FromSeconds(30));

        var done = (await h.FlagChanges.GetAsync(c.Id, default))!;
        Assert.Equal(FlagChangeState.Completed, done.State);
        Assert.True(h.Flags.IsOn("prod", Api));
        Assert.Equal(["slack:U0BOB"], h.Chat.FlagCards[c.Id].Approvers);
        Assert.Contains(h.Chat.Thread(c.Id), line => line.Contains("AppConfig completed deployment", StringComparison.Ordinal));
        Assert.Contains(await h.Audit.QueryAsync(new(Subject: c.Id), default), a => a.Action == "flags.approve" && a.Actor == "slack:U0BOB");
    }

    [Fact]
    public async Task Four_eyes_an_approver_cannot_approve_their_own_enable()
    {
        await using var h = OpsBotHarness.Create();
        await h.FlagsAsync(Bob, Enable(Api));
        var c = await OnlyAsync(h);

        var own = await h.FlagsAsync(Bob, new FlagsActCommand(FlagAction.Approve, c.Id));

        Assert.Equal(CommandStatus.Refused, own.Status);
        Assert.Contains("four eyes", own.Message, StringComparison.Ordinal);
        Assert.Empty(h.Flags.Calls);
    }

    [Fact]
    public async Task Without_gates_an_enable_goes_at_once_with_the_environments_default_strategy()
    {
        await using var h = OpsBotHarness.Create();

        var done = await h.FlagsAsync(Alice, Enable(Api) with { Environment = "dev" });

        Assert.True(done.IsDone, done.Message);
        Assert.Equal([$"set dev {Api}=True AppConfig.AllAtOnce"], h.Flags.Calls);
    }

    [Fact]
    public async Task The_emergency_rollback_goes_at_once_in_prod_and_stops_a_flag_deployment_in_its_way()
    {
        await using var h = OpsBotHarness.Create();
        h.Flags.ChangeOutside("prod", Api, true);
        await h.FlagsAsync(Alice, Enable(Enhanced));
        var enabling = await OnlyAsync(h);
        await h.FlagsAsync(Bob, new FlagsActCommand(FlagAction.Approve, enabling.Id));
        Assert.Equal(FlagChangeState.Deploying, (await h.FlagChanges.GetAsync(enabling.Id, default))!.State);

        var rollback = await h.FlagsAsync(Alice, new RollbackFlagsCommand([Api]) { Root = "/rollback", Reason = "INC-9: 5xx" });
        await h.PollAsync(TimeSpan.FromSeconds(30));

        Assert.True(rollback.IsDone, rollback.Message);
        Assert.Contains($"after stopping {enabling.Id}", rollback.Message, StringComparison.Ordinal);
        Assert.Equal(FlagChangeState.Stopped, (await h.FlagChanges.GetAsync(enabling.Id, default))!.State);
        var emergency = (await h.FlagChanges.ListAsync("prod", 10, default)).Single(c => c.Emergency);
        Assert.Equal(FlagChangeState.Deploying, emergency.State);
        Assert.Equal($"set prod {Api}=False AppConfig.AllAtOnce", h.Flags.Calls[^1]);
        Assert.Contains(h.Flags.Calls, c => c.StartsWith("stop prod", StringComparison.Ordinal));
        Assert.Contains(h.Ops.Pages, p => p.Subject.Contains("emergency", StringComparison.Ordinal));

        h.Flags.Complete("prod", emergency.DeploymentNumber!.Value);
        await h.PollAsync(TimeSpan.FromSeconds(30));
        Assert.False(h.Flags.IsOn("prod", Api));
    }

    [Fact]
    public async Task Turning_a_flag_back_off_is_never_blocked_by_a_freeze_but_turning_one_on_is()
    {
        await using var h = OpsBotHarness.Create();
        h.Flags.ChangeOutside("prod", Api, true);
        await h.Commands.FreezeAsync(new(Dana), new FreezeCommand(true, "prod", "end-of-year freeze"), default);

        var enable = await h.FlagsAsync(Alice, Enable(Enhanced));
        var disable = await h.FlagsAsync(Alice, Disable(Api));

        Assert.Equal(CommandStatus.Refused, enable.Status);
        Assert.Contains("frozen", enable.Message, StringComparison.Ordinal);
        Assert.True(disable.IsDone, disable.Message);
        Assert.Equal([$"set prod {Api}=False AppConfig.Linear20PercentEvery6Minutes"], h.Flags.Calls);
    }

    [Fact]
    public async Task A_change_made_outside_OpsBot_meanwhile_is_reported_and_nothing_is_overwritten()
    {
        await using var h = OpsBotHarness.Create();
        h.Flags.ChangeOutside("prod", Api, true);
        var asked = await h.Services.GetRequiredService<Core.UseCases.ChatCommandHandler>()
            .HandleAsync(new(Alice), Disable(Api), default); // committed; the runner has not acted yet
        Assert.True(asked.IsDone, asked.Message);
        h.Flags.ChangeOutside("prod", Api, false);

        await h.PollAsync(TimeSpan.FromSeconds(30));

        var c = await OnlyAsync(h);
        Assert.Equal(FlagChangeState.Failed, c.State);
        Assert.Contains("was changed outside OpsBot", c.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Flags.Calls, x => x.Contains("stop", StringComparison.Ordinal));
        Assert.Null(h.Flags.Latest("prod"));
    }

    [Fact]
    public async Task A_restart_mid_deployment_resumes_and_the_card_follows_to_the_end()
    {
        await using var h = OpsBotHarness.Create();
        await h.FlagsAsync(Alice, Enable(Api) with { Environment = "dev" });
        var c = Assert.Single(await h.FlagChanges.ListAsync("dev", 10, default));
        Assert.Equal(FlagChangeState.Deploying, c.State);

        await h.RestartAsync();
        h.Flags.Complete("dev", c.DeploymentNumber!.Value);
        await h.PollAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(FlagChangeState.Completed, (await h.FlagChanges.GetAsync(c.Id, default))!.State);
        Assert.Equal(FlagChangeState.Completed, h.Chat.FlagCards[c.Id].State);
        Assert.Equal([nameof(FlagAction.Revert)], h.Chat.FlagCards[c.Id].Buttons.Select(b => b.Action));
        Assert.Single(h.Flags.Calls); // started once, not again after the restart
    }

    [Fact]
    public async Task A_stale_card_click_changes_nothing_and_a_viewer_cannot_change_flags()
    {
        await using var h = OpsBotHarness.Create();
        await h.FlagsAsync(Alice, Enable(Api));
        var c = await OnlyAsync(h);

        var stale = await h.FlagsAsync(Bob, new FlagsActCommand(FlagAction.Approve, c.Id) { ExpectedVersion = c.StateVersion + 1 });
        var viewer = await h.FlagsAsync(Carol, Disable(Enhanced));

        Assert.Equal(CommandStatus.Refused, stale.Status);
        Assert.Contains("out of date", stale.Message, StringComparison.Ordinal);
        Assert.Equal(CommandStatus.Refused, viewer.Status);
        Assert.Empty(h.Flags.Calls);
    }

    [Fact]
    public async Task AppConfig_rolling_back_on_an_alarm_shows_on_the_card_and_pages()
    {
        await using var h = OpsBotHarness.Create();
        await h.FlagsAsync(Alice, Enable(Api) with { Environment = "dev" });
        var c = Assert.Single(await h.FlagChanges.ListAsync("dev", 10, default));

        h.Flags.Progress("dev", c.DeploymentNumber!.Value, "ROLLED_BACK", 0, "Rollback initiated by CloudWatch alarm lambda_router-error-rate");
        await h.PollAsync(TimeSpan.FromSeconds(30));

        var done = (await h.FlagChanges.GetAsync(c.Id, default))!;
        Assert.Equal(FlagChangeState.RolledBack, done.State);
        Assert.Equal("rolled back by AppConfig: Rollback initiated by CloudWatch alarm lambda_router-error-rate", h.Chat.FlagCards[c.Id].Reason);
        Assert.Contains(h.Ops.Pages, p => p.Message.Contains("lambda_router-error-rate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_an_enable_makes_things_safer_so_a_deployer_may_and_AppConfig_stops_it()
    {
        await using var h = OpsBotHarness.Create();
        await h.FlagsAsync(Alice, Enable(Api) with { Environment = "dev" });
        var c = Assert.Single(await h.FlagChanges.ListAsync("dev", 10, default));

        var stop = await h.FlagsAsync(Alice, new FlagsActCommand(FlagAction.Stop, c.Id, "wrong flag"));

        Assert.True(stop.IsDone, stop.Message);
        Assert.Equal($"stop dev {c.DeploymentNumber} revert=False", h.Flags.Calls[^1]);
        Assert.Equal(FlagChangeState.Stopped, (await h.FlagChanges.GetAsync(c.Id, default))!.State);
        Assert.False(h.Flags.IsOn("dev", Api));
    }

    [Fact]
    public async Task Reverting_a_disable_turns_a_flag_back_on_so_it_needs_an_approver_and_no_freeze()
    {
        await using var h = OpsBotHarness.Create();
        h.Flags.ChangeOutside("prod", Api, true);
        await h.FlagsAsync(Alice, Disable(Api));
        var c = await OnlyAsync(h);
        h.Flags.Complete("prod", c.DeploymentNumber!.Value);
        await h.PollAsync(TimeSpan.FromSeconds(30));
        Assert.False(h.Flags.IsOn("prod", Api));

        var byDeployer = await h.FlagsAsync(Alice, new FlagsActCommand(FlagAction.Revert, c.Id));
        await h.Commands.FreezeAsync(new(Dana), new FreezeCommand(true, "prod", "freeze"), default);
        var frozen = await h.FlagsAsync(Bob, new FlagsActCommand(FlagAction.Revert, c.Id));
        await h.Commands.FreezeAsync(new(Dana), new FreezeCommand(false, "prod", null), default);
        var byApprover = await h.FlagsAsync(Bob, new FlagsActCommand(FlagAction.Revert, c.Id));

        Assert.Equal(CommandStatus.Refused, byDeployer.Status);
        Assert.Equal(CommandStatus.Refused, frozen.Status);
        Assert.True(byApprover.IsDone, byApprover.Message);
        Assert.Equal($"stop prod {c.DeploymentNumber} revert=True", h.Flags.Calls[^1]);
        Assert.Equal(FlagChangeState.Reverted, (await h.FlagChanges.GetAsync(c.Id, default))!.State);
        Assert.True(h.Flags.IsOn("prod", Api));
    }

    [Fact]
    public async Task A_revert_past_AppConfigs_72_hours_is_refused_and_changes_nothing()
    {
        await using var h = OpsBotHarness.Create();
        await h.FlagsAsync(Alice, Enable(Api) with { Environment = "dev" });
        var c = Assert.Single(await h.FlagChanges.ListAsync("dev", 10, default));
        h.Flags.Complete("dev", c.DeploymentNumber!.Value);
        await h.PollAsync(TimeSpan.FromSeconds(30));

        h.Time.Advance(TimeSpan.FromHours(73));
        var late = await h.FlagsAsync(Alice, new FlagsActCommand(FlagAction.Revert, c.Id));

        Assert.Equal(CommandStatus.Refused, late.Status);
        Assert.Contains("more than 72 hours ago", late.Message, StringComparison.Ordinal);
        Assert.True(h.Flags.IsOn("dev", Api));
    }

    [Fact]
    public async Task A_replayed_request_is_a_duplicate_and_an_identical_change_in_flight_is_refused()
    {
        await using var h = OpsBotHarness.Create();

        var first = await h.FlagsAsync(Alice, Enable(Api), requestKey: "slack:trigger:1");
        var replay = await h.FlagsAsync(Alice, Enable(Api), requestKey: "slack:trigger:1");
        var again = await h.FlagsAsync(Alice, Enable(Api), requestKey: "slack:trigger:2");

        Assert.True(first.IsDone, first.Message);
        Assert.Equal(CommandStatus.Duplicate, replay.Status);
        Assert.Equal(CommandStatus.Refused, again.Status);
        Assert.Contains("already does that", again.Message, StringComparison.Ordinal);
        Assert.Single(await h.FlagChanges.ListAsync("prod", 10, default));
    }

    [Fact]
    public async Task All_new_turns_off_what_OpsBot_turned_on_within_the_window_and_an_unknown_flag_gets_did_you_mean()
    {
        await using var h = OpsBotHarness.Create();
        await h.FlagsAsync(Alice, Enable(Api) with { Environment = "dev" });
        var c = Assert.Single(await h.FlagChanges.ListAsync("dev", 10, default));
        h.Flags.Complete("dev", c.DeploymentNumber!.Value);
        await h.PollAsync(TimeSpan.FromSeconds(30));

        var typo = await h.FlagsAsync(Alice, new RollbackFlagsCommand(["enable_new_api_endpiont"]) { Environment = "dev" });
        var allNew = await h.FlagsAsync(Alice, new RollbackFlagsCommand([]) { AllNew = true, Environment = "dev" });

        Assert.Equal(CommandStatus.Refused, typo.Status);
        Assert.Contains($"did you mean {Api}?", typo.Message, StringComparison.Ordinal);
        Assert.True(allNew.IsDone, allNew.Message);
        Assert.Equal($"stop dev {c.DeploymentNumber} revert=True", h.Flags.Calls[^1]); // the latest change, reverted
        Assert.False(h.Flags.IsOn("dev", Api));
    }

    [Fact]
    public async Task The_emergency_path_reverts_the_latest_change_that_turned_the_flag_on_since_a_revert_ignores_firing_alarms()
    {
        await using var h = OpsBotHarness.Create();
        await h.FlagsAsync(Alice, Enable(Api) with { Environment = "dev" });
        var c = Assert.Single(await h.FlagChanges.ListAsync("dev", 10, default));
        h.Flags.Complete("dev", c.DeploymentNumber!.Value);
        await h.PollAsync(TimeSpan.FromSeconds(30));

        var rollback = await h.FlagsAsync(Alice, new RollbackFlagsCommand([Api]) { Environment = "dev" });

        Assert.True(rollback.IsDone, rollback.Message);
        Assert.StartsWith($"Emergency flag rollback: reverting {c.Id}", rollback.Message, StringComparison.Ordinal);
        Assert.Equal($"stop dev {c.DeploymentNumber} revert=True", h.Flags.Calls[^1]);
        Assert.Equal(FlagChangeState.Reverted, (await h.FlagChanges.GetAsync(c.Id, default))!.State);
        Assert.False(h.Flags.IsOn("dev", Api));
        Assert.Single(await h.FlagChanges.ListAsync("dev", 10, default));
    }

    [Fact]
    public async Task A_change_that_also_turned_flags_off_is_not_reverted_by_the_emergency_path_which_deploys_instead()
    {
        await using var h = OpsBotHarness.Create();
        h.Flags.ChangeOutside("dev", Enhanced, true);
        await h.FlagsAsync(Alice, Enable(Api) with { Environment = "dev" });
        var on = Assert.Single(await h.FlagChanges.ListAsync("dev", 10, default));
        h.Flags.Complete("dev", on.DeploymentNumber!.Value);
        await h.PollAsync(TimeSpan.FromSeconds(30));
        await h.FlagsAsync(Alice, Disable(Enhanced) with { Environment = "dev" });
        var off = (await h.FlagChanges.ListAsync("dev", 10, default))[0];
        h.Flags.Complete("dev", off.DeploymentNumber!.Value);
        await h.PollAsync(TimeSpan.FromSeconds(30));

        var rollback = await h.FlagsAsync(Alice, new RollbackFlagsCommand([Api]) { Environment = "dev" });

        Assert.StartsWith("Emergency flag rollback flg-", rollback.Message, StringComparison.Ordinal);
        Assert.Equal($"set dev {Api}=False AppConfig.AllAtOnce", h.Flags.Calls[^1]);
        Assert.Equal("DEPLOYING", h.Flags.Latest("dev")!.State);
        Assert.Equal(FlagChangeState.Completed, (await h.FlagChanges.GetAsync(on.Id, default))!.State); // not reverted
        Assert.False(h.Flags.IsOn("dev", Enhanced));
    }

    [Fact]
    public async Task Other_flags_changed_outside_OpsBot_meanwhile_are_kept_and_the_thread_says_so()
    {
        await using var h = OpsBotHarness.Create();
        h.Flags.KeepNext = 7;

        await h.FlagsAsync(Alice, Enable(Api) with { Environment = "dev" });

        var c = Assert.Single(await h.FlagChanges.ListAsync("dev", 10, default));
        Assert.Contains(h.Chat.Thread(c.Id), line => line.Contains("It keeps what version 7, created outside OpsBot meanwhile, changed in other flags.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_enable_already_allowed_waits_while_the_environment_is_frozen_and_goes_when_it_is_lifted()
    {
        await using var h = OpsBotHarness.Create();
        var handler = h.Services.GetRequiredService<Core.UseCases.ChatCommandHandler>();
        Assert.True((await handler.HandleAsync(new(Alice), Enable(Api) with { Environment = "dev" }, default)).IsDone); // not started yet
        await h.Commands.FreezeAsync(new(Dana), new FreezeCommand(true, "dev", "incident"), default);

        await h.PollAsync(TimeSpan.FromSeconds(30));
        var c = Assert.Single(await h.FlagChanges.ListAsync("dev", 10, default));
        Assert.Equal(FlagChangeState.Pending, c.State);
        Assert.Empty(h.Flags.Calls);

        await h.Commands.FreezeAsync(new(Dana), new FreezeCommand(false, "dev", null), default);
        await h.PollAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(FlagChangeState.Deploying, (await h.FlagChanges.GetAsync(c.Id, default))!.State);
    }
}
