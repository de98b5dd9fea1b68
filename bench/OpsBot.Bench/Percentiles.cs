namespace OpsBot.Bench;

/// <summary>The latency figures the benches print.</summary>
internal static class Percentiles
{
    /// <summary>"p50 p90 p99 max" in ms, each 7 wide.</summary>
    public static string Row(List<double> ms) => $"{P(ms, 0.50),7:0.0} {P(ms, 0.90),7:0.0} {P(ms, 0.99),7:0.0} {P(ms, 1.0),7:0.0}";

    /// <summary>Nearest-rank percentile; NaN without samples.</summary>
    public static double P(List<double> values, double q)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
