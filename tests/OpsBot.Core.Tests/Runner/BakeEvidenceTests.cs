using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.UseCases;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.Runner;

/// <summary>A bake needs evidence: a step whose bake saw too little traffic to judge waits for a person instead of passing.</summary>
public sealed class BakeEvidenceTests
{
    private const string Fn = "lambda_router";
    private static readonly Actor DevAlice = Alice with { Channel = "C0DEV" };

    [Fact]
    public async Task In_prod_a_bake_with_too_little_traffic_holds_and_says_so_instead_of_passing()
    {
        await using var h = OpsBotHarness.Create();
        h.Metrics.Set(Fn, "5", errorRate: 0, invocations: 3);
        var id = (await h.StartAsync(Alice, Fn)).Deployment!.Id;

        await h.PollForAsync(TimeSpan.FromMinutes(6));

        var d = await h.GetAsync(id);
        Assert.Equal(DeploymentState.AwaitingPromotion, d.State);
        Assert.Equal("not enough traffic to judge (3 of 20 invocations)", d.EvidenceShortfall);
        Assert.Contains(h.Chat.Thread(id), t => t.StartsWith("Step 1 (10%) baked for 5m, but there was not enough traffic to judge (3 of 20 invocations)", StringComparison.Ordinal));
        Assert.Contains(h.Chat.Cards[id].Notes, n => n.Contains("not enough traffic to judge (3 of 20 invocations)", StringComparison.Ordinal));
        Assert.Equal(10, h.Lambda.Alias("prod", Fn).PercentOf("5"));

        Assert.Equal(CommandStatus.Refused, (await h.ActAsync(Alice, DeploymentAction.Promote, id)).Status);
        Assert.True((await h.ActAsync(Bob, DeploymentAction.Promote, id)).IsDone);
        Assert.Equal(100, h.Lambda.Alias("prod", Fn).PercentOf("5"));
    }

    [Fact]
    public async Task In_dev_no_evidence_is_needed_unless_configured_and_then_a_deployer_may_move_it_on()
    {
        await using var h = OpsBotHarness.Create(o => o.Environments["dev"].Functions["rag_query_processor"].Thresholds.MinJudgedPeriods = 2);
        h.Metrics.Set(Fn, "5", errorRate: 0, invocations: 0);
        h.Metrics.Set("rag_query_processor", "5", errorRate: 0, invocations: 0);
        var plain = (await h.StartAsync(DevAlice, Fn)).Deployment!.Id;
        var strict = (await h.StartAsync(DevAlice, "rag_query_processor")).Deployment!.Id;

        await h.PollForAsync(TimeSpan.FromMinutes(6));

        Assert.Equal(DeploymentState.Succeeded, (await h.GetAsync(plain)).State);
        var held = await h.GetAsync(strict);
        Assert.Equal(DeploymentState.AwaitingPromotion, held.State);
        Assert.Equal("not enough traffic to judge (0 of 20 invocations)", held.EvidenceShortfall);
        Assert.True((await h.ActAsync(DevAlice, DeploymentAction.Promote, strict)).IsDone);
        Assert.Equal(DeploymentState.Succeeded, (await h.GetAsync(strict)).State);
    }

    [Fact]
    public async Task A_held_bake_rolls_back_after_the_promotion_timeout_with_that_reason()
    {
        await using var h = OpsBotHarness.Create(o => o.Environments["prod"].Gates.PromotionTimeout = TimeSpan.FromHours(1));
        h.Metrics.Set(Fn, "5", errorRate: 0, invocations: 3);
        var id = (await h.StartAsync(Alice, Fn)).Deployment!.Id;

        await h.PollForAsync(TimeSpan.FromMinutes(70));

        var d = await h.GetAsync(id);
        Assert.Equal(DeploymentState.RolledBack, d.State);
        Assert.Equal("not enough traffic to judge (3 of 20 invocations), and nobody moved it on within 1h", d.Reason);
    }

    [Fact]
    public async Task An_all_at_once_bake_without_traffic_holds_at_100_percent_and_promote_finishes_it()
    {
        await using var h = OpsBotHarness.Create();
        h.Metrics.Set(Fn, "5", errorRate: 0, invocations: 0);
        var id = (await h.StartAsync(Alice, Fn, strategy: "all-at-once")).Deployment!.Id;
        Assert.True((await h.ActAsync(Bob, DeploymentAction.Approve, id)).IsDone);

        await h.PollForAsync(TimeSpan.FromMinutes(11));

        Assert.Equal(DeploymentState.AwaitingPromotion, (await h.GetAsync(id)).State);
        Assert.True((await h.ActAsync(Bob, DeploymentAction.Promote, id)).IsDone);
        Assert.Equal(DeploymentState.Succeeded, (await h.GetAsync(id)).State);
    }

    [Fact]
    public async Task A_step_without_a_bake_needs_no_evidence()
    {
        await using var h = OpsBotHarness.Create();
        h.Metrics.Set(Fn, "5", errorRate: 0, invocations: 1000);
        var id = (await h.StartAsync(Alice, Fn)).Deployment!.Id;
        await h.PollForAsync(TimeSpan.FromMinutes(6));
        h.Metrics.Set(Fn, "5", errorRate: 0, invocations: 0);

        Assert.True((await h.ActAsync(Bob, DeploymentAction.Promote, id)).IsDone);

        Assert.Equal(DeploymentState.Succeeded, (await h.GetAsync(id)).State); // the canary's final 100% has no bake
    }
}
