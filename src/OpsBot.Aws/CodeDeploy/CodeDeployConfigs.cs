using System.Globalization;
using OpsBot.Core.Deployments;

namespace OpsBot.Aws.CodeDeploy;

/// <summary>A Lambda deployment configuration: its name, how it moves traffic, and whether CodeDeploy predefines it (else OpsBot creates it).</summary>
internal sealed record CodeDeployConfig(string Name, TrafficRoutingConfig Routing, bool Predefined);

/// <summary>The configuration that runs a plan, or why CodeDeploy cannot run it (exactly one of the two is set).</summary>
internal sealed record CodeDeployConfigChoice(CodeDeployConfig? Config, string? Refusal);

/// <summary>
/// Which CodeDeploy deployment configuration runs an OpsBot plan. CodeDeploy moves traffic in equal steps with whole
/// minutes between them and cannot pause, so:
/// <list type="bullet">
/// <item>one step of 100% → <c>CodeDeployDefault.LambdaAllAtOnce</c>;</item>
/// <item>two steps [p% for b min, 100%] → <c>CodeDeployDefault.LambdaCanary10Percent{5,10,15,30}Minutes</c> when p = 10 and
/// b is one of those, else a TimeBasedCanary config OpsBot creates, <c>OpsBot.LambdaCanary{p}Percent{b}Minutes</c>;</item>
/// <item>three steps or more, p, 2p, …, 100% with the same bake b between them →
/// <c>CodeDeployDefault.LambdaLinear10PercentEvery1Minute</c> / <c>…Every{2,3,10}Minutes</c> when p = 10 and b is one of
/// those, else a TimeBasedLinear config OpsBot creates, <c>OpsBot.LambdaLinear{p}PercentEvery{b}Minutes</c>.</item>
/// </list>
/// Refused, with the reason and a hint to use the alias engine: unequal steps (10/20/50/100), unequal bakes, a bake
/// between steps that is not a whole number of minutes of at least 1, and any step with a promotion gate. The last
/// step's bake is not part of the configuration: CodeDeploy is done once all traffic is shifted.
/// </summary>
internal static class CodeDeployConfigs
{
    public const string AllAtOnceName = "CodeDeployDefault.LambdaAllAtOnce";

    private static readonly int[] PredefinedCanaryMinutes = [5, 10, 15, 30];
    private static readonly int[] PredefinedLinearMinutes = [1, 2, 3, 10];

    public static CodeDeployConfigChoice Choose(DeploymentPlan plan)
    {
        if (plan.Problem() is { } problem)
            return Refuse(plan, problem);
        var steps = plan.Steps;
        var gated = steps.ToList().FindIndex(s => s.Gate);
        if (gated >= 0)
            return Refuse(plan, $"step {gated + 1} has a promotion gate, and CodeDeploy cannot pause mid-shift");
        if (steps.Count == 1)
            return Chosen(new CodeDeployConfig(AllAtOnceName, new TrafficRoutingConfig { Type = TrafficRoutingConfig.AllAtOnce }, Predefined: true));

        var percent = steps[0].Weight;
        var bake = steps[0].Bake;
        if (steps.Count > 2)
        {
            if (steps.Where((s, i) => s.Weight != percent * (i + 1)).Any())
                return Refuse(plan, "its steps are unequal");
            if (steps.Take(steps.Count - 1).Any(s => s.Bake != bake))
                return Refuse(plan, "its bakes are unequal");
        }
        if (WholeMinutes(bake) is not { } minutes)
            return Refuse(plan, $"it bakes {Text(bake)} between steps, and CodeDeploy waits only whole minutes, at least 1");
        return Chosen(steps.Count == 2 ? Canary(percent, minutes) : Linear(percent, minutes));
    }

    private static CodeDeployConfig Canary(int percent, int minutes)
    {
        var routing = new TrafficRoutingConfig { Type = TrafficRoutingConfig.Canary, TimeBasedCanary = new TimeBasedCanary(percent, minutes) };
        return percent == 10 && PredefinedCanaryMinutes.Contains(minutes)
            ? new CodeDeployConfig($"CodeDeployDefault.LambdaCanary10Percent{minutes}Minutes", routing, Predefined: true)
            : new CodeDeployConfig(Invariant($"OpsBot.LambdaCanary{percent}Percent{minutes}Minutes"), routing, Predefined: false);
    }

    private static CodeDeployConfig Linear(int percent, int minutes)
    {
        var routing = new TrafficRoutingConfig { Type = TrafficRoutingConfig.Linear, TimeBasedLinear = new TimeBasedLinear(percent, minutes) };
        if (percent == 10 && PredefinedLinearMinutes.Contains(minutes))
        {
            // AWS spells the one-minute config in the singular.
            var every = minutes == 1 ? "Every1Minute" : Invariant($"Every{minutes}Minutes");
            return new CodeDeployConfig($"CodeDeployDefault.LambdaLinear10Percent{every}", routing, Predefined: true);
        }
        return new CodeDeployConfig(Invariant($"OpsBot.LambdaLinear{percent}PercentEvery{minutes}Minutes"), routing, Predefined: false);
    }

    private static int? WholeMinutes(TimeSpan bake) =>
        bake >= TimeSpan.FromMinutes(1) && bake.Ticks % TimeSpan.TicksPerMinute == 0 && bake.TotalMinutes <= int.MaxValue
            ? (int)bake.TotalMinutes
            : null;

    private static string Text(TimeSpan bake) =>
        bake >= TimeSpan.FromMinutes(1) ? Invariant($"{bake.TotalMinutes:0.##} min") : Invariant($"{bake.TotalSeconds:0.##} s");

    private static CodeDeployConfigChoice Chosen(CodeDeployConfig config) => new(config, null);

    private static CodeDeployConfigChoice Refuse(DeploymentPlan plan, string why) =>
        new(null, $"CodeDeploy cannot run plan {plan.Name} ({plan.Describe()}): {why}. Use --engine alias.");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
