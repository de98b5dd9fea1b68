using OpsBot.Core.Deployments;

namespace OpsBot.Core.Ports;

/// <summary>Invocations, errors and average duration of one version behind an alias, per period, in [Start, End).</summary>
public sealed record MetricQuery(string Id, FunctionTarget Target, string Version, DateTimeOffset Start, DateTimeOffset End, int PeriodSeconds);

/// <summary>One period's figures. A period without invocations may be absent.</summary>
public sealed record MetricPoint(DateTimeOffset Start, double Invocations, double Errors, double? AverageDurationMs);

/// <summary>The answer to one query: its points, or why it could not be read.</summary>
public sealed record MetricSeries(string Id, IReadOnlyList<MetricPoint> Points, string? Error = null);

/// <summary>Lambda metrics. Receives the queries of every deployment due in a poll cycle at once, so an adapter can batch them.</summary>
public interface IMetricsSource
{
    /// <summary>Answers every query (by <see cref="MetricQuery.Id"/>); a failure of the whole call throws.</summary>
    Task<IReadOnlyList<MetricSeries>> ReadAsync(IReadOnlyList<MetricQuery> queries, CancellationToken cancellationToken);
}
