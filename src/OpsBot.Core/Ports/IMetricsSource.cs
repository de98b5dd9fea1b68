using OpsBot.Core.Deployments;

namespace OpsBot.Core.Ports;

/// <summary>
/// Invocations, errors and average duration of one version behind an alias, per period, in [Start, End).
/// <see cref="Detailed"/> adds the p99 duration and the throttles (what <c>/health</c> shows).
/// </summary>
public sealed record MetricQuery(string Id, FunctionTarget Target, string Version, DateTimeOffset Start, DateTimeOffset End, int PeriodSeconds)
{
    public bool Detailed { get; init; }
}

/// <summary>One period's figures. A period without invocations may be absent. P99 and throttles only for a detailed query.</summary>
public sealed record MetricPoint(DateTimeOffset Start, double Invocations, double Errors, double? AverageDurationMs)
{
    public double? P99DurationMs { get; init; }

    public double? Throttles { get; init; }
}

/// <summary>The answer to one query: its points, or why it could not be read.</summary>
public sealed record MetricSeries(string Id, IReadOnlyList<MetricPoint> Points, string? Error = null);

/// <summary>One CloudWatch metric of a check: namespace, name, dimensions (already filled in) and statistic.</summary>
public sealed record CheckMetric(string Id, string Namespace, string MetricName, IReadOnlyList<KeyValuePair<string, string>> Dimensions, string Statistic);

/// <summary>
/// A metric check's query in one account and region (<see cref="Region"/>, <see cref="RoleArn"/>): one metric, or an
/// expression over its <see cref="Metrics"/> (their ids are the names the expression uses), per period in [Start, End).
/// </summary>
public sealed record CheckQuery(
    string Id, string? Region, string? RoleArn, IReadOnlyList<CheckMetric> Metrics, string? Expression,
    DateTimeOffset Start, DateTimeOffset End, int PeriodSeconds)
{
    /// <summary>The CloudWatch queries it takes in a GetMetricData call: each metric, and the expression.</summary>
    public int Cost => Metrics.Count + (Expression is null ? 0 : 1);
}

public sealed record CheckPoint(DateTimeOffset Start, double Value);

/// <summary>The answer to one check: its points (periods without data absent), or why it could not be read.</summary>
public sealed record CheckSeries(string Id, IReadOnlyList<CheckPoint> Points, string? Error = null);

/// <summary>Everything one poll (or one <c>/health</c>) reads: the Lambda queries and the metric checks, answered together.</summary>
public sealed record MetricBatch(IReadOnlyList<MetricQuery> Lambda, IReadOnlyList<CheckQuery> Checks)
{
    public static MetricBatch Of(IReadOnlyList<MetricQuery> lambda) => new(lambda, []);
}

public sealed record MetricAnswers(IReadOnlyList<MetricSeries> Lambda, IReadOnlyList<CheckSeries> Checks);

/// <summary>
/// Lambda metrics and metric checks. Receives everything due in a poll cycle at once, so an adapter can batch it: the
/// Lambda queries and the checks of one account and region share GetMetricData calls (⌈CloudWatch queries / 500⌉).
/// </summary>
public interface IMetricsSource
{
    /// <summary>Answers every query and check (by id); a failure of every call throws.</summary>
    Task<MetricAnswers> ReadAsync(MetricBatch batch, CancellationToken cancellationToken);
}

public static class MetricsSourceExtensions
{
    /// <summary>Lambda queries alone.</summary>
    public static async Task<IReadOnlyList<MetricSeries>> ReadAsync(this IMetricsSource source, IReadOnlyList<MetricQuery> queries, CancellationToken cancellationToken) =>
        (await source.ReadAsync(MetricBatch.Of(queries), cancellationToken)).Lambda;
}
