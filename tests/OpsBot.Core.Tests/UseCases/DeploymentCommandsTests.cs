using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.UseCases;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.UseCases;

public sealed class DeploymentCommandsTests
{
    public static TheoryData<Actor, StartCommand, string> BadStarts() => new()
    {
        { Alice, new StartCommand("lambda_routr"), "lambda_routr is not configured in prod: did you mean lambda_router?" },
        { Alice, new StartCommand("billing"), "billing is not configured in prod (known there: lambda_router, structured_data_processor, rag_query_processor, influxdb_loader, timeseries_query_processor)." },
        { Alice with { Channel = null }, new StartCommand("lambda_router"), "Say which environment with --env (dev, prod)." },
        { Alice with { Channel = null }, new StartCommand("nope"), "Unknown function 'nope' (known: influxdb_loader, lambda_router, rag_query_processor, structured_data_processor, timeseries_query_processor)." },
        { Alice, new StartCommand("lambda_router") { Environment = "staging" }, "Unknown environment 'staging' (known: dev, prod)." },
        { Carol, new StartCommand("lambda_router"), "That needs the deployer role in prod, and ⟦@slack:U0CAROL⟧ has the viewer role." },
        { Alice with { Channel = "C0RANDOM" }, new StartCommand("lambda_router") { Environment = "prod" }, "prod can only be acted on from ⟦#slack:C0DEPLOYS⟧; this channel (⟦#slack:C0RANDOM⟧) is not one of them." },
        { Alice, new StartCommand("lambda_router") { Version = "9" }, "lambda_router has no version 9 (latest published: 5)." },
        { Alice, new StartCommand("lambda_router") { Version = "4" }, "Version 4 of lambda_router is already live on live; nothing to deploy." },
        { Alice, new StartCommand("lambda_router") { Version = "$LATEST" }, "'$LATEST' is not a published version number (like 5); leave it out to publish $LATEST." },
        { Alice, new StartCommand("lambda_router") { Strategy = "blue-green" }, "Unknown strategy 'blue-green' (known: all-at-once, canary, linear)." },
        { Alice, new StartCommand("lambda_router") { CanaryPercentage = 100 }, "--canary-percentage must be within 1..99, not 100." },
        { Alice, new StartCommand("lambda_router") { Strategy = "all-at-once", CanaryPercentage = 10 }, "--canary-percentage does not apply to all-at-once, which moves all traffic at once." },
        { Alice, new StartCommand("lambda_router") { BakeMinutes = -1 }, "--bake-minutes must be within 0..1440, not -1." },
        { Alice, new StartCommand("lambda_router") { RollbackThreshold = 150 }, "--rollback-threshold is an error rate in percent, within 0..100, not 150." },
        { Alice, new StartCommand("lambda_router") { SkipApproval = true, Reason = "hotfix" }, "Only an admin may skip approval. That needs the admin role in prod, and ⟦@slack:U0ALICE⟧ has the deployer role." },
        { Dana, new StartCommand("lambda_router") { SkipApproval = true }, "Skipping approval needs a reason: --skip-approval --reason \"...\"." },
    };

    [Theory]
    [MemberData(nameof(BadStarts))]
    public async Task A_bad_start_gets_a_clear_refusal_is_audited_and_changes_nothing(Actor actor, StartCommand request, string expected)
    {
        await using var h = OpsBotHarness.Create();

        var result = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(actor), request, ct));

        Assert.Equal(CommandStatus.Refused, result.Status);
        Assert.Equal(expected, result.Message);
        Assert.Empty(await h.Store.ListActiveAsync(default));
        Assert.Equal(0, h.Lambda.Routes);
        Assert.Contains(await h.Audit.QueryAsync(new(Actor: actor.Identity), default),
            a => a.Action == "deploy.start" && a.Outcome == AuditOutcome.Refused && a.Detail == expected);
    }

    [Fact]
    public async Task A_start_is_refused_while_someone_else_is_shifting_the_alias()
    {
        await using var h = OpsBotHarness.Create();
        h.Lambda.ChangeBehindOpsBotsBack("prod", "lambda_router", "4", "3", 0.2);
        var result = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router") { Version = "5" }, ct));
        Assert.Equal("Alias live of lambda_router already routes 80% on version 4, 20% on version 3: someone else is shifting it. Finish or undo that first.", result.Message);
    }

    [Fact]
    public async Task A_frozen_environment_refuses_starts_but_not_rollbacks()
    {
        await using var h = OpsBotHarness.Create();
        Assert.Equal(CommandStatus.Refused, (await h.Commands.FreezeAsync(new RequestContext(Alice), new FreezeCommand(true, "prod", "release freeze"), default)).Status);
        var frozen = await h.Commands.FreezeAsync(new RequestContext(Dana), new FreezeCommand(true, "prod", "end-of-year freeze"), default);
        Assert.True(frozen.IsDone, frozen.Message);

        var start = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router") { Version = "5" }, ct));
        Assert.Equal("prod is frozen by ⟦@slack:U0DANA⟧ since 2026-11-27 08:00 UTC: end-of-year freeze. New deployments, approvals and promotions wait until it is lifted; rollbacks still work.", start.Message);

        var rollback = await h.RollbackConfirmedAsync(Alice, "lambda_router");
        Assert.True(rollback.IsDone, rollback.Message);
        Assert.Equal("3", h.Lambda.Alias("prod", "lambda_router").PrimaryVersion);

        await h.Commands.FreezeAsync(new RequestContext(Dana), new FreezeCommand(false, "prod", null), default);
        Assert.True((await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router") { Version = "5" }, ct))).IsDone);
    }

    [Fact]
    public async Task An_admin_may_skip_the_gates_with_a_reason_and_it_is_audited()
    {
        await using var h = OpsBotHarness.Create();
        var result = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Dana), new StartCommand("lambda_router") { Version = "5", SkipApproval = true, Reason = "INC-42 hotfix" }, ct));
        Assert.True(result.IsDone, result.Message);
        await h.PollForAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(DeploymentState.Succeeded, (await h.GetAsync(result.Deployment!.Id)).State);
        Assert.Contains(await h.Audit.QueryAsync(new(Subject: result.Deployment.Id), default),
            a => a.Action == "deploy.submit" && a.Detail.Contains("Gates skipped by ⟦@slack:U0DANA⟧: INC-42 hotfix.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rollback_without_an_active_deployment_returns_to_the_version_before_the_last_release()
    {
        await using var h = OpsBotHarness.Create(o => o.Environments["prod"].Gates.PromotionApproval = false);
        var release = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router") { Version = "5" }, ct));
        await h.PollForAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(DeploymentState.Succeeded, (await h.GetAsync(release.Deployment!.Id)).State);

        var rollback = await h.DoAsync((c, ct) => c.RollbackAsync(new RequestContext(Alice), new RollbackCommand("lambda_router"), ct));

        Assert.True(rollback.IsDone, rollback.Message);
        var d = await h.GetAsync(rollback.Deployment!.Id);
        Assert.Equal(DeploymentKind.Rollback, d.Kind);
        Assert.Equal(DeploymentState.RolledBack, d.State);
        Assert.Equal("4", h.Lambda.Alias("prod", "lambda_router").PrimaryVersion);
    }

    [Fact]
    public async Task Rollback_to_a_given_version_and_refusals_of_pointless_rollbacks()
    {
        await using var h = OpsBotHarness.Create();
        var to2 = await h.RollbackConfirmedAsync(Alice, "lambda_router", targetVersion: "2");
        Assert.True(to2.IsDone, to2.Message);
        Assert.Equal("2", h.Lambda.Alias("prod", "lambda_router").PrimaryVersion);

        var again = await h.DoAsync((c, ct) => c.RollbackAsync(new RequestContext(Alice), new RollbackCommand("lambda_router") { TargetVersion = "2" }, ct));
        Assert.Equal("lambda_router:live is already on version 2 alone; nothing to roll back.", again.Message);
        var missing = await h.DoAsync((c, ct) => c.RollbackAsync(new RequestContext(Alice), new RollbackCommand("lambda_router") { TargetVersion = "42" }, ct));
        Assert.Equal("lambda_router has no version 42.", missing.Message);
        var viewer = await h.DoAsync((c, ct) => c.RollbackAsync(new RequestContext(Carol), new RollbackCommand("lambda_router"), ct));
        Assert.Equal(CommandStatus.Refused, viewer.Status);
    }

    [Fact]
    public async Task Rollback_of_an_active_deployment_to_a_named_version()
    {
        await using var h = OpsBotHarness.Create();
        var started = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router") { Version = "5" }, ct));
        await h.DoAsync((c, ct) => c.RollbackAsync(new RequestContext(Alice), new RollbackCommand("lambda_router") { TargetVersion = "3", Reason = "4 is bad too" }, ct));
        var d = await h.GetAsync(started.Deployment!.Id);
        Assert.Equal(DeploymentState.RolledBack, d.State);
        Assert.Equal("3", h.Lambda.Alias("prod", "lambda_router").PrimaryVersion);
        Assert.Equal("4 is bad too", d.Reason);
    }

    [Fact]
    public async Task Status_and_history_show_what_a_viewer_may_see()
    {
        await using var h = OpsBotHarness.Create();
        var started = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand("lambda_router") { Version = "5" }, ct));
        var id = started.Deployment!.Id;

        var status = await h.Commands.StatusAsync(new RequestContext(Carol), new StatusCommand(null, null), default);
        Assert.Equal($"{id} lambda_router:live (prod) 4 → 5 canary, baking at 10% (step 1 of 2), by ⟦@slack:U0ALICE⟧, 2026-11-27 08:00 UTC", status.Message);

        await h.DoAsync((c, ct) => c.ActAsync(new RequestContext(Alice), new ActCommand(DeploymentAction.Rollback, id) { Reason = "testing" }, ct));
        var history = await h.Commands.HistoryAsync(new RequestContext(Carol), new HistoryCommand("lambda_router", null, 10), default);
        Assert.Equal($"{id} lambda_router:live (prod) 4 → 5 canary, finished (rolled back): testing, by ⟦@slack:U0ALICE⟧, 2026-11-27 08:00 UTC", history.Message);

        var stranger = await h.Commands.StatusAsync(new RequestContext(new Actor("teams:0000-1111", null, "eve")), new StatusCommand(null, "prod"), default);
        Assert.Equal(CommandStatus.Refused, stranger.Status);
    }

    [Fact]
    public async Task Acting_on_an_unknown_deployment_says_so()
    {
        await using var h = OpsBotHarness.Create();
        var result = await h.Commands.ActAsync(new RequestContext(Bob), new ActCommand(DeploymentAction.Promote, "dep-nope"), default);
        Assert.Equal("There is no deployment dep-nope.", result.Message);
    }
}
