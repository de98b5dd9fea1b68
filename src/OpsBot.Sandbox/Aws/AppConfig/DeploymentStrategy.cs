using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.AppConfig;

/// <summary>How a deployment rolls out: to a growing percentage of targets over its duration, then bakes.</summary>
internal sealed record DeploymentStrategy(string Id, string Name, string Description, int DurationMinutes, string GrowthType, double GrowthFactor, int BakeMinutes)
{
    /// <summary>AppConfig's predefined strategies (their ids are their names).</summary>
    public static readonly IReadOnlyList<DeploymentStrategy> Predefined =
    [
        Named("AppConfig.AllAtOnce", "Quick: deploys to all targets at once, then bakes 10 minutes", 0, "LINEAR", 100, 10),
        Named("AppConfig.Linear50PercentEvery30Seconds", "Test/demonstration: 50% of targets every 30 seconds, then bakes 1 minute", 1, "LINEAR", 50, 1),
        Named("AppConfig.Canary10Percent20Minutes", "AWS recommended: exponential growth from 10% over 20 minutes, then bakes 10 minutes", 20, "EXPONENTIAL", 10, 10),
        Named("AppConfig.Linear20PercentEvery6Minutes", "AWS recommended: 20% of targets every 6 minutes, then bakes 30 minutes", 30, "LINEAR", 20, 30),
    ];

    /// <summary>The name of the sandbox's own strategy, <see cref="SandboxQuick"/>.</summary>
    public const string QuickName = "OpsBot.Sandbox.Quick";

    /// <summary>
    /// The sandbox's custom strategy, so that a flag change is done in about a minute: 20% more of the targets every
    /// 12 seconds over one minute, then a bake of one minute (the shortest AppConfig allows but none). A custom
    /// strategy's id is generated (<paramref name="id"/>), unlike the predefined ones'.
    /// </summary>
    public static DeploymentStrategy SandboxQuick(string id) =>
        new(id, QuickName, "Sandbox: 20% of targets every 12 seconds, then bakes 1 minute", 1, "LINEAR", 20, 1);

    /// <summary>
    /// The steps of the rollout: at which fraction of the duration which percentage is reached. LINEAR adds the growth
    /// factor each step (20% every 6 minutes of 30: 20, 40, .. 100); EXPONENTIAL doubles it (G·2^N: 10, 20, 40, 80,
    /// 100), the steps spread evenly over the duration; a duration of 0 deploys to all at once.
    /// </summary>
    public IReadOnlyList<(double Fraction, double Percent)> Steps()
    {
        if (DurationMinutes == 0 || GrowthFactor >= 100)
            return [(0, 100)];
        var percents = new List<double>();
        for (var p = GrowthFactor; ; p = GrowthType == "EXPONENTIAL" ? p * 2 : p + GrowthFactor)
        {
            percents.Add(Math.Min(100, p));
            if (p >= 100 - 1e-9)
                break;
        }
        return [.. percents.Select((p, i) => ((i + 1) / (double)percents.Count, p))];
    }

    public JsonObject ToJson() => new()
    {
        ["Id"] = Id,
        ["Name"] = Name,
        ["Description"] = Description,
        ["DeploymentDurationInMinutes"] = DurationMinutes,
        ["GrowthType"] = GrowthType,
        ["GrowthFactor"] = GrowthFactor,
        ["FinalBakeTimeInMinutes"] = BakeMinutes,
        ["ReplicateTo"] = "NONE",
    };

    private static DeploymentStrategy Named(string name, string description, int duration, string growthType, double growth, int bake) =>
        new(name, name, description, duration, growthType, growth, bake);
}
