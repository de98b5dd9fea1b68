using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.UseCases;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.UseCases;

/// <summary>One-step plans pass the gates too, and the overrides a deployer types stay inside the environment's limits.</summary>
public sealed class GateAndLimitTests
{
    private const string Fn = "lambda_router";

    [Theory]
    [InlineData(DeploymentEngine.Alias)]
    [InlineData(DeploymentEngine.CodeDeploy)]
    public async Task All_at_once_in_prod_waits_for_an_approver_before_any_traffic_moves(DeploymentEngine engine)
    {
        await using var h = OpsBotHarness.Create(o => o.Environments["prod"].Roles.Approver.Add(Alice.Identity));

        var started = await h.StartAsync(Alice, Fn, strategy: "all-at-once", engine: engine);

        Assert.True(started.IsDone, started.Message);
        var id = started.Deployment!.Id;
        Assert.Equal(DeploymentState.AwaitingApproval, (await h.GetAsync(id)).State);
        Assert.Equal(0, h.Lambda.Alias("prod", Fn).PercentOf("5"));
        Assert.Equal(0, h.CodeDeploy.Starts);

        var own = await h.ActAsync(Alice, DeploymentAction.Approve, id);
        Assert.Equal(CommandStatus.Refused, own.Status);
        Assert.Equal(0, h.Lambda.Alias("prod", Fn).PercentOf("5"));

        Assert.True((await h.ActAsync(Bob, DeploymentAction.Approve, id)).IsDone);
        await h.PollForAsync(TimeSpan.FromMinutes(1));
        Assert.True(h.Lambda.Alias("prod", Fn).PercentOf("5") > 0 || h.CodeDeploy.Starts == 1);
    }

    [Fact]
    public async Task A_custom_one_step_plan_is_gated_at_the_start_in_prod_and_not_in_dev()
    {
        await using var h = OpsBotHarness.Create(o => o.Plans["blast"] = [new() { Weight = 100, Bake = TimeSpan.FromMinutes(1) }]);

        var prod = await h.StartAsync(Alice, Fn, strategy: "blast");
        var dev = await h.StartAsync(Alice with { Channel = "C0DEV" }, Fn, strategy: "blast");

        Assert.Equal(DeploymentState.AwaitingApproval, (await h.GetAsync(prod.Deployment!.Id)).State);
        Assert.Equal(100, h.Lambda.Alias("dev", Fn).PercentOf("5"));
    }

    [Theory]
    [InlineData(50, null, null, "--canary-percentage 50 is above prod's limit of 25% for the first step")]
    [InlineData(null, 1, null, "--bake-minutes 1 is below prod's limit of 5 minutes")]
    [InlineData(null, null, 20.0, "--rollback-threshold 20% is above prod's limit of 10%")]
    public async Task An_override_beyond_the_limits_of_a_gated_environment_is_refused_saying_the_limit(
        int? canary, int? bake, double? threshold, string expected)
    {
        await using var h = OpsBotHarness.Create();

        var refused = await h.StartAsync(Alice, Fn, canaryPercentage: canary, bakeMinutes: bake, rollbackThreshold: threshold);

        Assert.Equal(CommandStatus.Refused, refused.Status);
        Assert.Equal($"{expected}. An admin may go beyond the limits with --skip-approval --reason \"...\".", refused.Message);
        Assert.Empty(await h.Store.ListActiveAsync(default));
        Assert.Equal(0, h.Lambda.Routes);

        var dev = await h.StartAsync(Alice with { Channel = "C0DEV" }, Fn, canaryPercentage: canary, bakeMinutes: bake, rollbackThreshold: threshold);
        Assert.True(dev.IsDone, dev.Message);
    }

    [Fact]
    public async Task Configured_limits_win_over_the_strict_defaults()
    {
        await using var h = OpsBotHarness.Create(o =>
        {
            o.Environments["prod"].Limits.MaxFirstStepPercent = 50;
            o.Environments["dev"].Limits.MinBakeMinutes = 2;
        });
        Assert.True((await h.StartAsync(Alice, Fn, canaryPercentage: 50)).IsDone);
        var dev = await h.StartAsync(Alice with { Channel = "C0DEV" }, Fn, bakeMinutes: 1);
        Assert.Equal("--bake-minutes 1 is below dev's limit of 2 minutes. An admin may go beyond the limits with --skip-approval --reason \"...\".", dev.Message);
    }

    [Fact]
    public async Task An_admin_may_exceed_the_limits_only_with_a_reason_and_it_is_audited_and_on_the_card()
    {
        await using var h = OpsBotHarness.Create();
        var noReason = await h.StartAsync(Dana, Fn, canaryPercentage: 60, skipApproval: true);
        Assert.Equal(CommandStatus.Refused, noReason.Status);

        var started = await h.StartAsync(Dana, Fn, canaryPercentage: 60, skipApproval: true, reason: "INC-7 hotfix");

        Assert.True(started.IsDone, started.Message);
        var id = started.Deployment!.Id;
        Assert.Equal(60, h.Lambda.Alias("prod", Fn).PercentOf("5"));
        Assert.Contains(await h.Audit.QueryAsync(new(Subject: id), default), a => a.Action == "deploy.submit" &&
            a.Detail.Contains($"Limits exceeded by {DanaRef}: --canary-percentage 60 is above prod's limit of 25% for the first step.", StringComparison.Ordinal));
        Assert.Contains(h.Chat.Cards[id].Notes, n => n.StartsWith($"Limits exceeded by {DanaRef}: --canary-percentage 60", StringComparison.Ordinal));
        Assert.Contains(h.Chat.Cards[id].Notes, n => n == $"Gates skipped by {DanaRef}: INC-7 hotfix");
    }

    [Fact]
    public async Task A_deployer_who_is_not_an_admin_cannot_exceed_the_limits_with_skip_approval()
    {
        await using var h = OpsBotHarness.Create();
        var refused = await h.StartAsync(Alice, Fn, canaryPercentage: 60, skipApproval: true, reason: "trust me");
        Assert.Equal(CommandStatus.Refused, refused.Status);
        Assert.StartsWith("Only an admin may skip approval.", refused.Message, StringComparison.Ordinal);
        Assert.Contains(await h.Audit.QueryAsync(new(Actor: Alice.Identity), default), a => a.Outcome == AuditOutcome.Refused);
    }
}
