using OpsBot.Core.Deployments;

namespace OpsBot.Charts.Tests;

/// <summary>Deployments and samples to draw.</summary>
internal static class ChartFixtures
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 14, 2, 0, TimeSpan.Zero);

    public static Deployment Deployment(DeploymentState state = DeploymentState.RolledBack, DateTimeOffset? completedAt = null,
        HealthThresholds? thresholds = null) => new()
    {
        Id = "dep-1",
        Target = new FunctionTarget { Environment = "prod", Function = "lambda_router", Alias = "live" },
        StableVersion = "4",
        TargetVersion = "5",
        Plan = DeploymentPlan.BuiltIn[DeploymentPlan.Linear],
        Thresholds = thresholds ?? new HealthThresholds { ErrorRatePercent = 5, AverageDurationMs = 300 },
        Gates = new GateSettings(),
        RequestedBy = "slack:U1",
        State = state,
        CreatedAt = Start,
        CompletedAt = completedAt ?? Start.AddMinutes(31.5),
    };

    /// <summary>
    /// <paramref name="periods"/> one-minute periods of both versions; the new version's error rate comes from
    /// <paramref name="canaryErrorPercent"/> (by period index), its duration from <paramref name="canaryDuration"/>.
    /// </summary>
    public static List<HealthSample> Samples(int periods, Func<int, double>? canaryErrorPercent = null,
        Func<int, double?>? canaryDuration = null, Func<int, double>? canaryInvocations = null)
    {
        var samples = new List<HealthSample>();
        for (var i = 0; i < periods; i++)
        {
            var at = Start.AddMinutes(i);
            var stableCalls = 900 + 40 * Math.Sin(i / 3.0);
            samples.Add(new HealthSample("dep-1", at, SampleRoles.Stable, "4", stableCalls, stableCalls * 0.004 * (1 + (i % 3)), 120 + 15 * Math.Sin(i / 2.0)));
            var calls = canaryInvocations?.Invoke(i) ?? 100;
            var rate = canaryErrorPercent?.Invoke(i) ?? 0.5;
            samples.Add(new HealthSample("dep-1", at, SampleRoles.Canary, "5", calls, calls * rate / 100, canaryDuration is null ? 135 + 10 * Math.Cos(i / 2.0) : canaryDuration(i)));
        }
        return samples;
    }

    /// <summary>The canary goes bad after twenty minutes: a 30% error spike and slower calls, then the rollback.</summary>
    public static List<HealthSample> Spike() =>
        Samples(30, i => i >= 20 ? 30 : 0.5, i => i >= 20 ? 420 + 10 * i : 135, i => i is >= 8 and < 11 ? 0 : 100);
}
