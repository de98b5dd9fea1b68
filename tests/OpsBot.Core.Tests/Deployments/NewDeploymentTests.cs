using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;

namespace OpsBot.Core.Tests.Deployments;

public sealed class NewDeploymentTests
{
    private static readonly FunctionTarget Target = new() { Environment = "prod", Function = "f", Alias = "live" };
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_release_is_pending_with_everything_it_was_given_and_reports_to_the_requesters_channel()
    {
        string[] alarms = ["a1"];
        var d = NewDeployment.Release(Target, "4", "5", DeploymentEngine.CodeDeploy, DeploymentPlan.BuiltIn[DeploymentPlan.Linear],
            new HealthThresholds { MinInvocations = 7 }, new GateSettings { FourEyes = true }, alarms, ["influxdb"],
            new Actor("teams:abc", "19:chan"), "C0FN", "rev-3", Now, "INC-9", ["limit"]);
        alarms[0] = "changed";
        Assert.Matches("^dep-[a-hj-km-np-z2-9]{6}$", d.Id);
        Assert.Equal(DeploymentState.Pending, d.State);
        Assert.Equal(DeploymentKind.Release, d.Kind);
        Assert.Equal(-1, d.StepIndex);
        Assert.Equal(("4", "5"), (d.StableVersion, d.TargetVersion));
        Assert.Equal(DeploymentEngine.CodeDeploy, d.Engine);
        Assert.Equal(DeploymentPlan.Linear, d.Plan.Name);
        Assert.Equal(7, d.Thresholds.MinInvocations);
        Assert.True(d.Gates.FourEyes);
        Assert.Equal(["a1"], d.Alarms);
        Assert.Equal(["influxdb"], d.Probes);
        Assert.Equal("teams:abc", d.RequestedBy);
        Assert.Equal("19:chan", d.Channel);
        Assert.Equal("teams", d.ChatPlatform);
        Assert.Equal("INC-9", d.GateSkipReason);
        Assert.Equal(["limit"], d.ExceededLimits);
        Assert.Equal("rev-3", d.AliasRevision);
        Assert.Equal((Now, Now, Now), (d.CreatedAt, d.UpdatedAt, d.StateSince));
    }

    [Fact]
    public void Without_a_requesters_channel_a_release_reports_to_the_functions_with_no_platform()
    {
        var d = NewDeployment.Release(Target, "4", "5", DeploymentEngine.Alias, DeploymentPlan.BuiltIn[DeploymentPlan.Canary],
            new HealthThresholds(), new GateSettings(), [], [], new Actor("slack:U0ALICE"), "C0FN", null, Now);
        Assert.Equal("C0FN", d.Channel);
        Assert.Null(d.ChatPlatform);
        Assert.Empty(d.ExceededLimits);
        Assert.Null(d.GateSkipReason);
        Assert.NotEqual(d.Id, NewDeployment.Release(Target, "4", "5", DeploymentEngine.Alias, DeploymentPlan.BuiltIn[DeploymentPlan.Canary],
            new HealthThresholds(), new GateSettings(), [], [], new Actor("slack:U0ALICE"), "C0FN", null, Now).Id);
    }

    [Fact]
    public void A_rollback_is_one_step_to_the_older_version_on_the_alias_engine()
    {
        var d = NewDeployment.Rollback(Target, "5", "3", new HealthThresholds(), new GateSettings(), new Actor("slack:U0BOB", "C0DEPLOYS"), "C0FN", "rev-1", Now);
        Assert.Equal(DeploymentKind.Rollback, d.Kind);
        Assert.Equal(("3", "5"), (d.StableVersion, d.TargetVersion));
        Assert.Equal(DeploymentEngine.Alias, d.Engine);
        Assert.Same(NewDeployment.RollbackPlan, d.Plan);
        Assert.Equal([new PlanStep(100, TimeSpan.Zero)], d.Plan.Steps);
        Assert.Equal("C0DEPLOYS", d.Channel);
        Assert.Equal("slack", d.ChatPlatform);
        Assert.Equal("rev-1", d.AliasRevision);
        Assert.Equal((Now, Now, Now), (d.CreatedAt, d.UpdatedAt, d.StateSince));

        var cli = NewDeployment.Rollback(Target, "5", "3", new HealthThresholds(), new GateSettings(), new Actor("slack:U0BOB"), "C0FN", null, Now);
        Assert.Equal("C0FN", cli.Channel);
        Assert.Null(cli.ChatPlatform);
    }
}
