using OpsBot.Core.Deployments;

namespace OpsBot.Core.Tests.Deployments;

public sealed class DeploymentPlanTests
{
    [Fact]
    public void The_built_in_plans_are_the_guides()
    {
        Assert.Equal([(10, 5), (100, 0)], Steps(DeploymentPlan.Canary));
        Assert.Equal([(10, 10), (20, 10), (50, 10), (100, 0)], Steps(DeploymentPlan.Linear));
        Assert.Equal([(100, 10)], Steps(DeploymentPlan.AllAtOnce));
        Assert.All(DeploymentPlan.BuiltIn.Values, p => Assert.Null(p.Problem()));

        static (int, double)[] Steps(string name) => [.. DeploymentPlan.BuiltIn[name].Steps.Select(s => (s.Weight, s.Bake.TotalMinutes))];
    }

    [Fact]
    public void Overrides_set_the_first_weight_and_the_bake_of_every_step_but_the_last()
    {
        var plan = DeploymentPlan.BuiltIn[DeploymentPlan.Linear].WithOverrides(5, 2);
        Assert.Equal([5, 20, 50, 100], plan.Steps.Select(s => s.Weight));
        Assert.Equal([2.0, 2, 2, 0], plan.Steps.Select(s => s.Bake.TotalMinutes));
        Assert.Equal(3.0, DeploymentPlan.BuiltIn[DeploymentPlan.AllAtOnce].WithOverrides(null, 3)[0].Bake.TotalMinutes);
    }

    [Theory]
    [InlineData(new[] { 10, 100 }, null)]
    [InlineData(new[] { 10, 50 }, "plan 'p' ends at 50%, not 100%")]
    [InlineData(new[] { 50, 20, 100 }, "plan 'p' step 2: weight 20% does not rise above 50%")]
    [InlineData(new[] { 0, 100 }, "plan 'p' step 1: weight 0% is outside 1..100")]
    [InlineData(new int[0], "plan 'p' has no steps")]
    public void A_plan_that_cannot_run_says_why(int[] weights, string? problem) =>
        Assert.Equal(problem, new DeploymentPlan("p", [.. weights.Select(w => new PlanStep(w, TimeSpan.FromMinutes(1)))]).Problem());
}
