using OpsBot.Core.Deployments;

namespace OpsBot.Core.Tests.Deployments;

/// <summary>Deployments built directly in a given state, for workflow tests.</summary>
internal static class TestDeployments
{
    public const string Requester = "slack:U0ALICE";

    public static Deployment InState(DeploymentState state, DeploymentPlan? plan = null, GateSettings? gates = null,
        DeploymentEngine engine = DeploymentEngine.Alias, int? stepIndex = null, string? skipReason = null,
        HealthThresholds? thresholds = null, string[]? alarms = null)
    {
        plan ??= DeploymentPlan.BuiltIn[DeploymentPlan.Canary];
        return new Deployment
        {
            Id = "dep-test01",
            Target = new FunctionTarget { Environment = "prod", Function = "lambda_router", Alias = "live" },
            StableVersion = "4",
            TargetVersion = "5",
            Engine = engine,
            Plan = plan,
            Thresholds = thresholds ?? new HealthThresholds(),
            Alarms = alarms ?? [],
            Gates = gates ?? new GateSettings { PromotionApproval = true, FourEyes = true, RequiredApprovers = 1 },
            RequestedBy = Requester,
            GateSkipReason = skipReason,
            State = state,
            StepIndex = stepIndex ?? DefaultStep(state, plan),
            Weight = state is DeploymentState.Baking or DeploymentState.AwaitingPromotion or DeploymentState.Paused ? plan[0].Weight : 0,
            AliasRevision = "rev-1",
        };
    }

    /// <summary>The step a deployment in <paramref name="state"/> is typically at: none before the start, the last while promoting.</summary>
    private static int DefaultStep(DeploymentState state, DeploymentPlan plan) => state switch
    {
        DeploymentState.Pending or DeploymentState.AwaitingApproval or DeploymentState.Rejected => -1,
        DeploymentState.Promoting or DeploymentState.Succeeded => plan.LastIndex,
        _ => 0,
    };
}
