using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.UseCases;
using OpsBot.Testing;
using static OpsBot.Testing.OpsBotHarness;

namespace OpsBot.Core.Tests.Runner;

public sealed class CodeDeployScenarioTests
{
    private static readonly Actor DevAlice = Alice with { Channel = "C0DEV" };

    [Fact]
    public async Task A_codedeploy_canary_is_started_once_and_mirrored_to_success()
    {
        await using var h = OpsBotHarness.Create();
        var started = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(DevAlice), new StartCommand("rag_query_processor") { Version = "5", Engine = DeploymentEngine.CodeDeploy }, ct));
        Assert.True(started.IsDone, started.Message);
        var id = started.Deployment!.Id;

        var d = await h.GetAsync(id);
        Assert.Equal(DeploymentState.Baking, d.State);
        Assert.StartsWith("d-FAKE", d.ExternalId, StringComparison.Ordinal);
        Assert.Equal(10, d.Weight);

        await h.PollForAsync(TimeSpan.FromMinutes(6));

        d = await h.GetAsync(id);
        Assert.Equal(DeploymentState.Succeeded, d.State);
        Assert.Equal(1, h.CodeDeploy.Starts);
        Assert.Equal(0, h.Lambda.Routes);
        Assert.Equal("5", h.Lambda.Alias("dev", "rag_query_processor").PrimaryVersion);
    }

    [Fact]
    public async Task In_prod_the_codedeploy_engine_waits_for_approval_before_it_starts()
    {
        await using var h = OpsBotHarness.Create();
        var started = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(Alice), new StartCommand("rag_query_processor") { Version = "5", Engine = DeploymentEngine.CodeDeploy }, ct));
        var id = started.Deployment!.Id;
        Assert.Equal(DeploymentState.AwaitingApproval, (await h.GetAsync(id)).State);
        Assert.Equal(0, h.CodeDeploy.Starts);

        var approved = await h.DoAsync((c, ct) => c.ActAsync(new RequestContext(Bob), new ActCommand(DeploymentAction.Approve, id), ct));

        Assert.True(approved.IsDone, approved.Message);
        Assert.Equal(1, h.CodeDeploy.Starts);
        Assert.Equal(DeploymentState.Baking, (await h.GetAsync(id)).State);
    }

    [Fact]
    public async Task A_breach_stops_codedeploy_with_rollback_and_verifies_the_alias()
    {
        await using var h = OpsBotHarness.Create();
        h.Metrics.Set("rag_query_processor", "5", errorRate: 0.3);
        var started = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(DevAlice), new StartCommand("rag_query_processor") { Version = "5", Engine = DeploymentEngine.CodeDeploy }, ct));
        var id = started.Deployment!.Id;

        await h.PollForAsync(TimeSpan.FromMinutes(2));

        var d = await h.GetAsync(id);
        Assert.Equal(DeploymentState.RolledBack, d.State);
        Assert.Contains(h.Chat.Thread(id), t => t == $"Asked CodeDeploy to stop {d.ExternalId} and roll back.");
        Assert.Equal("4", h.Lambda.Alias("dev", "rag_query_processor").PrimaryVersion);
    }

    [Fact]
    public async Task Codedeploy_failing_on_its_own_is_an_automatic_rollback()
    {
        await using var h = OpsBotHarness.Create();
        var started = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(DevAlice), new StartCommand("rag_query_processor") { Version = "5", Engine = DeploymentEngine.CodeDeploy }, ct));
        var id = started.Deployment!.Id;
        h.CodeDeploy.Fail((await h.GetAsync(id)).ExternalId!, "BeforeAllowTraffic hook failed");

        await h.PollAsync(TimeSpan.FromSeconds(30));

        var d = await h.GetAsync(id);
        Assert.Equal(DeploymentState.RolledBack, d.State);
        Assert.Equal($"CodeDeploy deployment {d.ExternalId} failed: BeforeAllowTraffic hook failed", d.Reason);
    }

    [Fact]
    public async Task A_plan_codedeploy_cannot_run_is_refused_with_a_hint()
    {
        await using var h = OpsBotHarness.Create();
        var refused = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(DevAlice), new StartCommand("rag_query_processor") { Version = "5", Engine = DeploymentEngine.CodeDeploy, Strategy = "linear" }, ct));
        Assert.Equal(CommandStatus.Refused, refused.Status);
        Assert.Equal("CodeDeploy cannot run plan linear (10% → 20% → 50% → 100%): its steps are unequal. Use --engine alias.", refused.Message);
        Assert.Empty(await h.Store.ListActiveAsync(default));
    }

    [Fact]
    public async Task A_start_is_refused_while_a_codedeploy_deployment_is_in_progress_for_the_function()
    {
        await using var h = OpsBotHarness.Create();
        var first = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(DevAlice), new StartCommand("rag_query_processor") { Version = "5", Engine = DeploymentEngine.CodeDeploy }, ct));
        // the first one is forgotten by OpsBot (say, started by another pipeline), but CodeDeploy still runs it
        var d = await h.GetAsync(first.Deployment!.Id);
        await h.Commands.ActAsync(new RequestContext(Alice with { Channel = "C0DEV" }), new ActCommand(DeploymentAction.Rollback, d.Id), default);
        await h.PollAsync(TimeSpan.FromSeconds(30));
        h.Lambda.ChangeBehindOpsBotsBack("dev", "rag_query_processor", "4");
        var other = await h.CodeDeploy.StartAsync(TestDeploymentLike(d), default);

        var refused = await h.DoAsync((c, ct) => c.StartAsync(new RequestContext(DevAlice), new StartCommand("rag_query_processor") { Version = "5" }, ct));

        Assert.Equal(CommandStatus.Refused, refused.Status);
        Assert.Equal($"CodeDeploy deployment {other} is in progress for rag_query_processor; wait for it to finish or stop it first.", refused.Message);
    }

    private static Deployment TestDeploymentLike(Deployment d) => new()
    {
        Id = "someone-else", Target = d.Target, StableVersion = "4", TargetVersion = "5", Plan = d.Plan,
        Thresholds = d.Thresholds, Gates = d.Gates, RequestedBy = "pipeline", Engine = DeploymentEngine.CodeDeploy,
    };
}
