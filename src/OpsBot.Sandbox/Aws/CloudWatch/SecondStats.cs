namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>
/// A statistic set, as CloudWatch keeps per metric and period: sum, sample count, minimum and maximum, from which
/// Sum, Average, Minimum, Maximum and SampleCount are answered. The default (no samples) means "no data".
/// </summary>
internal readonly record struct SecondStats(double Sum, double SampleCount, double Minimum, double Maximum)
{
    public bool HasData => SampleCount > 0;

    public SecondStats Merge(SecondStats other) =>
        !HasData ? other
        : !other.HasData ? this
        : new SecondStats(Sum + other.Sum, SampleCount + other.SampleCount, Math.Min(Minimum, other.Minimum), Math.Max(Maximum, other.Maximum));

    /// <summary>The value of a statistic (Sum, Average, Minimum, Maximum, SampleCount).</summary>
    public double Value(string statistic) => statistic switch
    {
        Statistics.Sum => Sum,
        Statistics.Average => Sum / SampleCount,
        Statistics.Minimum => Minimum,
        Statistics.Maximum => Maximum,
        Statistics.SampleCount => SampleCount,
        _ => throw new ArgumentOutOfRangeException(nameof(statistic), statistic, "not a CloudWatch statistic"),
    };
}
