using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.UseCases;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.Runner;

/// <summary>A freeze stops every forward movement — approvals, promotions, resumes, the next step — and never a rollback.</summary>
public sealed class FreezeTests
{
    private const string Fn = "lambda_router";
    private static readonly Actor DevAlice = Alice with { Channel = "C0DEV" };

    [Fact]
    public async Task Approve_promote_and_resume_are_refused_while_frozen_saying_who_froze_and_why()
    {
        await using var h = OpsBotHarness.Create(o => o.Environments["prod"].Gates.StartApproval = true);
        var waiting = await h.StartAsync(Alice, Fn);
        var other = await h.StartAsync(Alice, "rag_query_processor");
        await h.Commands.FreezeAsync(new RequestContext(Dana), new FreezeCommand(true, "prod", "end-of-year freeze"), default);

        var approve = await h.ActAsync(Bob, DeploymentAction.Approve, waiting.Deployment!.Id);

        Assert.Equal(CommandStatus.Refused, approve.Status);
        Assert.Equal($"prod is frozen by {DanaRef} since 2026-11-27 08:00 UTC: end-of-year freeze. Deployment {waiting.Deployment.Id} holds where it is " +
                     "until the freeze is lifted; rolling back, pausing and rejecting still work.", approve.Message);
        Assert.Equal(0, h.Lambda.Alias("prod", Fn).PercentOf("5"));
        Assert.True((await h.ActAsync(Bob, DeploymentAction.Reject, other.Deployment!.Id)).IsDone);
    }

    [Fact]
    public async Task A_baking_canary_finishes_its_step_then_holds_and_continues_on_its_own_when_the_freeze_lifts()
    {
        await using var h = OpsBotHarness.Create();
        var started = await h.StartAsync(DevAlice, Fn, strategy: "linear");
        var id = started.Deployment!.Id;
        await h.Commands.FreezeAsync(new RequestContext(Dana with { Channel = "C0DEV" }), new FreezeCommand(true, "dev", "load test"), default);
        await h.PollAsync(TimeSpan.FromSeconds(30));

        var held = await h.GetAsync(id);
        Assert.NotNull(held.FreezeHold);
        Assert.Contains(h.Chat.Cards[id].Notes, n => n.StartsWith($"❄️ Frozen by {DanaRef}: load test.", StringComparison.Ordinal));

        await h.PollForAsync(TimeSpan.FromMinutes(30));
        Assert.Equal(DeploymentState.Baking, (await h.GetAsync(id)).State);
        Assert.Equal(10, h.Lambda.Alias("dev", Fn).PercentOf("5"));
        Assert.Equal(CommandStatus.Refused, (await h.ActAsync(DevAlice, DeploymentAction.Resume, id)).Status);

        await h.Commands.FreezeAsync(new RequestContext(Dana with { Channel = "C0DEV" }), new FreezeCommand(false, "dev", null), default);
        await h.PollAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(20, h.Lambda.Alias("dev", Fn).PercentOf("5"));
        Assert.Null((await h.GetAsync(id)).FreezeHold);
        Assert.Empty(h.Chat.Cards[id].Notes);
        Assert.Contains(h.Chat.Thread(id), t => t == "The freeze of dev was lifted; continuing.");
    }

    [Fact]
    public async Task A_prod_canary_held_at_promotion_shows_no_promote_until_the_freeze_lifts()
    {
        await using var h = OpsBotHarness.Create();
        var id = (await h.StartAsync(Alice, Fn)).Deployment!.Id;
        await h.PollForAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(DeploymentState.AwaitingPromotion, (await h.GetAsync(id)).State);

        await h.Commands.FreezeAsync(new RequestContext(Dana), new FreezeCommand(true, "prod", "incident INC-9"), default);
        await h.PollAsync(TimeSpan.FromSeconds(30));

        Assert.DoesNotContain(h.Chat.Cards[id].Buttons, b => b.Action == nameof(DeploymentAction.Promote));
        Assert.Contains(h.Chat.Cards[id].Buttons, b => b.Action == nameof(DeploymentAction.Rollback));
        Assert.Equal(CommandStatus.Refused, (await h.ActAsync(Bob, DeploymentAction.Promote, id)).Status);

        await h.Commands.FreezeAsync(new RequestContext(Dana), new FreezeCommand(false, "prod", null), default);
        await h.PollAsync(TimeSpan.FromSeconds(30));
        Assert.Contains(h.Chat.Cards[id].Buttons, b => b.Action == nameof(DeploymentAction.Promote));
        Assert.True((await h.ActAsync(Bob, DeploymentAction.Promote, id)).IsDone);
        Assert.Equal(DeploymentState.Succeeded, (await h.GetAsync(id)).State);
    }

    [Fact]
    public async Task A_hold_longer_than_the_promotion_timeout_rolls_back_saying_so()
    {
        await using var h = OpsBotHarness.Create(o => o.Environments["dev"].Gates.PromotionTimeout = TimeSpan.FromHours(1));
        var id = (await h.StartAsync(DevAlice, Fn, strategy: "linear")).Deployment!.Id;
        await h.Commands.FreezeAsync(new RequestContext(Dana with { Channel = "C0DEV" }), new FreezeCommand(true, "dev", "load test"), default);

        await h.PollForAsync(TimeSpan.FromMinutes(61));

        var d = await h.GetAsync(id);
        Assert.Equal(DeploymentState.RolledBack, d.State);
        Assert.StartsWith($"held by a freeze since 2026-11-27 08:00 UTC ({DanaRef}: load test), longer than 1h", d.Reason, StringComparison.Ordinal);
        Assert.Equal(0, h.Lambda.Alias("dev", Fn).PercentOf("5"));
        // A page is read outside chat: the person by identity, no reference brackets.
        Assert.Contains(h.Ops.Pages, p => p.DeploymentId == id && p.Message.Contains($"({Dana.Identity}: load test)", StringComparison.Ordinal));
        Assert.DoesNotContain(h.Ops.Pages, p => p.Message.Contains('⟦', StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_codedeploy_deployment_cannot_hold_and_the_freeze_reply_names_it()
    {
        await using var h = OpsBotHarness.Create();
        var cd = (await h.StartAsync(DevAlice, "influxdb_loader", engine: DeploymentEngine.CodeDeploy)).Deployment!;
        var alias = (await h.StartAsync(DevAlice, Fn)).Deployment!;
        await h.PollAsync(TimeSpan.FromSeconds(30));

        var frozen = await h.Commands.FreezeAsync(new RequestContext(Dana with { Channel = "C0DEV" }), new FreezeCommand(true, "dev", "load test"), default);

        Assert.Contains($"Holding at their current step: {alias.Id} (lambda_router).", frozen.Message, StringComparison.Ordinal);
        Assert.Contains($"CodeDeploy cannot hold, so these keep running: {cd.Id} (influxdb_loader, d-FAKE", frozen.Message, StringComparison.Ordinal);
        await h.PollForAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(DeploymentState.Succeeded, (await h.GetAsync(cd.Id)).State);
        Assert.Equal(DeploymentState.Baking, (await h.GetAsync(alias.Id)).State);
    }

    [Fact]
    public async Task Status_shows_the_freeze()
    {
        await using var h = OpsBotHarness.Create();
        await h.Commands.FreezeAsync(new RequestContext(Dana), new FreezeCommand(true, "prod", "end-of-year freeze"), default);
        var status = await h.Commands.StatusAsync(new RequestContext(Carol), new StatusCommand(null, null), default);
        Assert.StartsWith($"❄️ prod is frozen by {DanaRef} since 2026-11-27 08:00 UTC: end-of-year freeze.", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_freeze_does_not_stop_a_pause_or_a_rollback_of_a_held_deployment()
    {
        await using var h = OpsBotHarness.Create();
        var id = (await h.StartAsync(DevAlice, Fn, strategy: "linear")).Deployment!.Id;
        await h.Commands.FreezeAsync(new RequestContext(Dana with { Channel = "C0DEV" }), new FreezeCommand(true, "dev", "load test"), default);
        await h.PollAsync(TimeSpan.FromSeconds(30));

        Assert.True((await h.ActAsync(DevAlice, DeploymentAction.Pause, id)).IsDone);
        Assert.True((await h.ActAsync(DevAlice, DeploymentAction.Rollback, id)).IsDone);
        Assert.Equal(DeploymentState.RolledBack, (await h.GetAsync(id)).State);
    }
}
