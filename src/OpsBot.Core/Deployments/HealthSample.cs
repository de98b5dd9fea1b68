namespace OpsBot.Core.Deployments;

/// <summary>Which version a sample measures.</summary>
public static class SampleRoles
{
    public const string Canary = "canary";
    public const string Stable = "stable";
}

/// <summary>One metric period of one version, kept for the card, the history and the chart.</summary>
public sealed record HealthSample(
    string DeploymentId,
    DateTimeOffset PeriodStart,
    string Role,
    string Version,
    double Invocations,
    double Errors,
    double? AverageDurationMs)
{
    public double? ErrorRatePercent => Invocations > 0 ? Errors / Invocations * 100 : null;
}
