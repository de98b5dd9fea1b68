using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Charts;

/// <summary>One drawable value: minutes since <see cref="ChartData.Origin"/>, and the measure.</summary>
internal readonly record struct ChartPoint(double Minutes, double Value);

/// <summary>The periods of one version that can be drawn (had invocations and a finite value), per measure.</summary>
internal sealed record VersionSeries(string Label, IReadOnlyList<ChartPoint> ErrorRate, IReadOnlyList<ChartPoint> Duration);

/// <summary>
/// A deployment's samples arranged for drawing. X is minutes since the first period, so the axis needs no calendar:
/// tick labels are turned back into UTC times by <see cref="TimeTicks"/>.
/// </summary>
internal sealed record ChartData(
    DateTimeOffset Origin,
    double PeriodMinutes,
    VersionSeries Stable,
    VersionSeries New,
    double? EndedMinutes,
    DateTimeOffset? Ended,
    double XMax)
{
    /// <summary>
    /// Values beyond this are drawn at it: an axis reaching towards double.MaxValue gets no tick labels, and no real
    /// error rate or duration comes near it.
    /// </summary>
    public const double Cap = 1e15;

    /// <summary>CloudWatch's default metric period, for when one sample gives nothing to measure it by.</summary>
    private const double DefaultPeriodMinutes = 1;

    public static ChartData From(Deployment d, IReadOnlyList<HealthSample> samples) =>
        From(samples, d.CreatedAt, $"version {d.StableVersion} (stable)", $"version {d.TargetVersion} (new)", d.CompletedAt);

    /// <summary>A window of an alias (<c>/health --chart</c>): each role's version named, no end to mark.</summary>
    public static ChartData From(WindowChart chart)
    {
        string Label(string role, string fallback) =>
            chart.Samples.FirstOrDefault(s => string.Equals(s.Role, role, StringComparison.OrdinalIgnoreCase)) is { } s ? $"version {s.Version}" : fallback;
        var origin = chart.Samples.Count > 0 ? chart.Samples.Min(s => s.PeriodStart) : DateTimeOffset.UnixEpoch;
        return From(chart.Samples, origin, Label(SampleRoles.Stable, "stable"), Label(SampleRoles.Canary, "new"), null);
    }

    private static ChartData From(IReadOnlyList<HealthSample> samples, DateTimeOffset createdAt, string stableLabel, string newLabel, DateTimeOffset? completedAt)
    {
        // The store upserts by period and role, but a caller may hand over repeats: the last one of a period wins.
        var latest = samples
            .GroupBy(s => (s.Role, s.PeriodStart.UtcTicks))
            .Select(g => g.Last())
            .ToList();
        var starts = latest.Select(s => s.PeriodStart.ToUniversalTime()).Distinct().Order().ToList();
        var origin = starts.Count > 0 ? starts[0] : createdAt.ToUniversalTime();
        var period = InferPeriod(starts);
        var lastPeriodEnd = starts.Count > 0 ? Minutes(starts[^1], origin) + period : period;

        var ended = completedAt?.ToUniversalTime();
        double? endedMinutes = ended is { } e ? Minutes(e, origin) : null;
        // An end far from the samples (a clock gone wrong, a deployment left for days) would squash the data into a
        // sliver: such an end is named under the axis instead of drawn.
        if (endedMinutes is { } m && (m < -period || m > lastPeriodEnd + Math.Max(lastPeriodEnd, 30)))
            endedMinutes = null;

        return new ChartData(
            origin,
            period,
            Series(latest, SampleRoles.Stable, stableLabel, origin),
            Series(latest, SampleRoles.Canary, newLabel, origin),
            endedMinutes,
            ended,
            Math.Max(lastPeriodEnd, endedMinutes ?? 0));
    }

    private static VersionSeries Series(List<HealthSample> samples, string role, string label, DateTimeOffset origin)
    {
        var mine = samples
            .Where(s => string.Equals(s.Role, role, StringComparison.OrdinalIgnoreCase) && s.Invocations > 0)
            .OrderBy(s => s.PeriodStart)
            .ToList();
        return new VersionSeries(
            label,
            Points(mine, s => s.ErrorRatePercent, origin),
            Points(mine, s => s.AverageDurationMs, origin));
    }

    private static List<ChartPoint> Points(List<HealthSample> samples, Func<HealthSample, double?> measure, DateTimeOffset origin) =>
        samples
            .Select(s => (s, v: measure(s)))
            .Where(x => x.v is { } v && double.IsFinite(v))
            .Select(x => new ChartPoint(Minutes(x.s.PeriodStart, origin), Math.Clamp(x.v!.Value, -Cap, Cap)))
            .ToList();

    /// <summary>The metric period: the smallest step between period starts.</summary>
    private static double InferPeriod(List<DateTimeOffset> starts) =>
        starts.Zip(starts.Skip(1), (a, b) => (b - a).TotalMinutes).Where(m => m > 0).DefaultIfEmpty(DefaultPeriodMinutes).Min();

    private static double Minutes(DateTimeOffset at, DateTimeOffset origin) => (at - origin).TotalMinutes;
}
