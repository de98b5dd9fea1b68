namespace OpsBot.Sandbox.Aws.CodeDeploy;

/// <summary>
/// A deployment configuration of the Lambda compute platform: how traffic moves from the current to the target version.
/// <see cref="Type"/> is <c>AllAtOnce</c>, <c>TimeBasedCanary</c> (<see cref="Percentage"/>, then the rest after
/// <see cref="IntervalMinutes"/>) or <c>TimeBasedLinear</c> (<see cref="Percentage"/> more every <see cref="IntervalMinutes"/>).
/// </summary>
internal sealed record LambdaDeploymentConfig(string Name, string Id, DateTimeOffset CreateTime, string Type, int Percentage, int IntervalMinutes)
{
    public const string AllAtOnce = "AllAtOnce";
    public const string Canary = "TimeBasedCanary";
    public const string Linear = "TimeBasedLinear";

    /// <summary>The percentage of traffic on the target version <paramref name="elapsed"/> after the shifting started.</summary>
    /// <param name="elapsed">Time since the deployment started.</param>
    /// <param name="minute">How long one minute of the schedule lasts.</param>
    public int WeightAt(TimeSpan elapsed, TimeSpan minute)
    {
        var interval = minute * IntervalMinutes;
        return Type switch
        {
            Canary => elapsed < interval ? Percentage : 100,
            Linear => (int)Math.Min(100, Percentage * (1 + Math.Floor(elapsed / interval))),
            _ => 100,
        };
    }
}
