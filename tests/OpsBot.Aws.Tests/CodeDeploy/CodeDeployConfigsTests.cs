using System.Globalization;
using OpsBot.Aws.CodeDeploy;
using OpsBot.Core.Deployments;

namespace OpsBot.Aws.Tests.CodeDeploy;

public sealed class CodeDeployConfigsTests
{
    /// <summary>"10@5m, 100" = 10% for 5 minutes, then 100%; bakes in m(inutes) or s(econds); a trailing ! gates the step.</summary>
    internal static DeploymentPlan Plan(string steps, string name = "custom") =>
        new(name, [.. steps.Split(',', StringSplitOptions.TrimEntries).Select(Step)]);

    private static PlanStep Step(string text)
    {
        var gate = text.EndsWith('!');
        var parts = text.TrimEnd('!').Split('@');
        var bake = parts.Length == 1 ? TimeSpan.Zero
            : parts[1].EndsWith('s') ? TimeSpan.FromSeconds(double.Parse(parts[1][..^1], CultureInfo.InvariantCulture))
            : TimeSpan.FromMinutes(double.Parse(parts[1].TrimEnd('m'), CultureInfo.InvariantCulture));
        return new PlanStep(int.Parse(parts[0], CultureInfo.InvariantCulture), bake, gate);
    }

    [Theory]
    [InlineData("100@10m", "CodeDeployDefault.LambdaAllAtOnce", "AllAtOnce", 0, 0)]
    [InlineData("100", "CodeDeployDefault.LambdaAllAtOnce", "AllAtOnce", 0, 0)]
    [InlineData("10@5m, 100", "CodeDeployDefault.LambdaCanary10Percent5Minutes", "TimeBasedCanary", 10, 5)]
    [InlineData("10@10m, 100", "CodeDeployDefault.LambdaCanary10Percent10Minutes", "TimeBasedCanary", 10, 10)]
    [InlineData("10@15m, 100", "CodeDeployDefault.LambdaCanary10Percent15Minutes", "TimeBasedCanary", 10, 15)]
    [InlineData("10@30m, 100@5m", "CodeDeployDefault.LambdaCanary10Percent30Minutes", "TimeBasedCanary", 10, 30)]
    [InlineData("10@1m, 20@1m, 30@1m, 40@1m, 50@1m, 60@1m, 70@1m, 80@1m, 90@1m, 100", "CodeDeployDefault.LambdaLinear10PercentEvery1Minute", "TimeBasedLinear", 10, 1)]
    [InlineData("10@2m, 20@2m, 30@2m, 40@2m, 50@2m, 60@2m, 70@2m, 80@2m, 90@2m, 100", "CodeDeployDefault.LambdaLinear10PercentEvery2Minutes", "TimeBasedLinear", 10, 2)]
    [InlineData("10@3m, 20@3m, 30@3m, 40@3m, 50@3m, 60@3m, 70@3m, 80@3m, 90@3m, 100", "CodeDeployDefault.LambdaLinear10PercentEvery3Minutes", "TimeBasedLinear", 10, 3)]
    [InlineData("10@10m, 20@10m, 30@10m, 40@10m, 50@10m, 60@10m, 70@10m, 80@10m, 90@10m, 100@10m", "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes", "TimeBasedLinear", 10, 10)]
    public void A_plan_that_matches_a_predefined_config_uses_it(string steps, string name, string type, int percent, int minutes)
    {
        var config = CodeDeployConfigs.Choose(Plan(steps)).Config!;

        Assert.Equal(name, config.Name);
        Assert.True(config.Predefined);
        AssertRouting(config.Routing, type, percent, minutes);
    }

    [Theory]
    [InlineData("10@20m, 100", "OpsBot.LambdaCanary10Percent20Minutes", "TimeBasedCanary", 10, 20)]
    [InlineData("25@5m, 100", "OpsBot.LambdaCanary25Percent5Minutes", "TimeBasedCanary", 25, 5)]
    [InlineData("50@1m, 100", "OpsBot.LambdaCanary50Percent1Minutes", "TimeBasedCanary", 50, 1)]
    [InlineData("10@5m, 20@5m, 30@5m, 40@5m, 50@5m, 60@5m, 70@5m, 80@5m, 90@5m, 100", "OpsBot.LambdaLinear10PercentEvery5Minutes", "TimeBasedLinear", 10, 5)]
    [InlineData("20@5m, 40@5m, 60@5m, 80@5m, 100", "OpsBot.LambdaLinear20PercentEvery5Minutes", "TimeBasedLinear", 20, 5)]
    [InlineData("25@1m, 50@1m, 75@1m, 100", "OpsBot.LambdaLinear25PercentEvery1Minutes", "TimeBasedLinear", 25, 1)]
    public void Any_other_canary_or_linear_plan_gets_a_custom_config_named_after_it(string steps, string name, string type, int percent, int minutes)
    {
        var config = CodeDeployConfigs.Choose(Plan(steps)).Config!;

        Assert.Equal(name, config.Name);
        Assert.False(config.Predefined);
        AssertRouting(config.Routing, type, percent, minutes);
    }

    [Theory]
    [InlineData("10@10m, 20@10m, 50@10m, 100", "its steps are unequal")]
    [InlineData("30@5m, 60@5m, 90@5m, 100", "its steps are unequal")]
    [InlineData("20@5m, 40@10m, 60@5m, 80@5m, 100", "its bakes are unequal")]
    [InlineData("10@30s, 100", "it bakes 30 s between steps, and CodeDeploy waits only whole minutes, at least 1")]
    [InlineData("10@90s, 100", "it bakes 1.5 min between steps, and CodeDeploy waits only whole minutes, at least 1")]
    [InlineData("10, 100", "it bakes 0 s between steps, and CodeDeploy waits only whole minutes, at least 1")]
    [InlineData("25@30s, 50@30s, 75@30s, 100", "it bakes 30 s between steps, and CodeDeploy waits only whole minutes, at least 1")]
    [InlineData("10@5m!, 100", "step 1 has a promotion gate, and CodeDeploy cannot pause mid-shift")]
    [InlineData("100@5m!", "step 1 has a promotion gate, and CodeDeploy cannot pause mid-shift")]
    public void A_plan_codedeploy_cannot_express_is_refused_with_the_reason_and_the_alias_engine_as_the_way_out(string steps, string why)
    {
        var plan = Plan(steps);

        var choice = CodeDeployConfigs.Choose(plan);

        Assert.Null(choice.Config);
        Assert.Equal($"CodeDeploy cannot run plan custom ({plan.Describe()}): {why}. Use --engine alias.", choice.Refusal);
    }

    [Fact]
    public void The_guides_plans_canary_and_all_at_once_run_on_codedeploy_but_its_linear_does_not()
    {
        Assert.Equal("CodeDeployDefault.LambdaCanary10Percent5Minutes", CodeDeployConfigs.Choose(DeploymentPlan.BuiltIn["canary"]).Config!.Name);
        Assert.Equal("CodeDeployDefault.LambdaAllAtOnce", CodeDeployConfigs.Choose(DeploymentPlan.BuiltIn["all-at-once"]).Config!.Name);
        Assert.Equal("CodeDeploy cannot run plan linear (10% → 20% → 50% → 100%): its steps are unequal. Use --engine alias.",
            CodeDeployConfigs.Choose(DeploymentPlan.BuiltIn["linear"]).Refusal);
    }

    [Fact]
    public void A_plan_that_cannot_run_at_all_is_refused_with_its_own_problem()
    {
        var choice = CodeDeployConfigs.Choose(Plan("10@5m, 50@5m"));

        Assert.Equal("CodeDeploy cannot run plan custom (10% → 50%): plan 'custom' ends at 50%, not 100%. Use --engine alias.", choice.Refusal);
    }

    private static void AssertRouting(TrafficRoutingConfig routing, string type, int percent, int minutes)
    {
        Assert.Equal(type, routing.Type);
        Assert.Equal(type == "TimeBasedCanary" ? new TimeBasedCanary(percent, minutes) : null, routing.TimeBasedCanary);
        Assert.Equal(type == "TimeBasedLinear" ? new TimeBasedLinear(percent, minutes) : null, routing.TimeBasedLinear);
    }
}
