using System.Globalization;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.CloudWatch;

/// <summary>
/// The <see cref="MetricQuery"/>s of one scope and how their answer is read back. Each query becomes CloudWatch queries
/// on <c>AWS/Lambda</c> for the version behind the alias (dimensions <c>FunctionName</c>, <c>Resource</c> =
/// function:alias, <c>ExecutedVersion</c>): Invocations Sum, Errors Sum and Duration Average, and for a
/// <see cref="MetricQuery.Detailed"/> one also Duration p99 and Throttles Sum. Its series are independent of each
/// other, so a query's unit may be split over calls. Each series keeps only the points inside its query's own [Start, End).
/// </summary>
internal sealed class LambdaMetricBatch
{
    private const string Namespace = "AWS/Lambda";

    private static readonly Series Invocations = new("Invocations", "Sum", "invocations", "Invocations");
    private static readonly Series Errors = new("Errors", "Sum", "errors", "Errors");
    private static readonly Series Duration = new("Duration", "Average", "duration", "Duration");
    private static readonly Series P99 = new("Duration", "p99", "p99", "Duration p99");
    private static readonly Series Throttles = new("Throttles", "Sum", "throttles", "Throttles");

    public LambdaMetricBatch(IReadOnlyList<MetricQuery> queries)
    {
        Queries = queries;
        Units = [.. queries.Select((q, i) => new MetricUnit([.. SeriesOf(q).Select(s => Query(i, q, s))], q.Start, q.End, Splittable: true))];
    }

    public IReadOnlyList<MetricQuery> Queries { get; }

    /// <summary>The CloudWatch queries of each MetricQuery, in order.</summary>
    public IReadOnlyList<MetricUnit> Units { get; }

    /// <summary>The answer to every query of the batch from what the scope's calls answered.</summary>
    public IReadOnlyList<MetricSeries> Read(MetricDataAnswers answers) => [.. Queries.Select((q, i) => Read(q, i, answers))];

    private static MetricSeries Read(MetricQuery query, int index, MetricDataAnswers answers)
    {
        var found = new Dictionary<Series, Dictionary<DateTimeOffset, double>>();
        var problems = new List<string>();
        foreach (var series in SeriesOf(query))
        {
            if (answers.Problem(IdOf(index, series), series.Name, out var result) is { } problem)
                problems.Add(problem);
            else
                found[series] = MetricDataAnswers.PointsOf(result!, query.Start, query.End);
        }
        if (problems.Count > 0)
            return new MetricSeries(query.Id, [], string.Join("; ", problems.Distinct(StringComparer.Ordinal)));

        var invocations = found[Invocations];
        var errors = found[Errors];
        var durations = found[Duration];
        if (!query.Detailed)
        {
            // Lambda publishes nothing for a period without invocations, so the Invocations series decides which periods exist.
            return new MetricSeries(query.Id, [.. invocations.OrderBy(p => p.Key).Select(p => new MetricPoint(
                p.Key, p.Value, errors.GetValueOrDefault(p.Key), durations.TryGetValue(p.Key, out var ms) ? ms : null))]);
        }
        var p99 = found[P99];
        var throttles = found[Throttles];
        // A period where every request was throttled has throttles but no invocations: /health wants to see it.
        return new MetricSeries(query.Id, [.. invocations.Keys.Union(throttles.Keys).Order().Select(t => new MetricPoint(
            t, invocations.GetValueOrDefault(t), errors.GetValueOrDefault(t), durations.TryGetValue(t, out var ms) ? ms : null)
        {
            P99DurationMs = p99.TryGetValue(t, out var p) ? p : null,
            Throttles = throttles.GetValueOrDefault(t),
        })]);
    }

    private static IEnumerable<Series> SeriesOf(MetricQuery query) =>
        query.Detailed ? [Invocations, Errors, Duration, P99, Throttles] : [Invocations, Errors, Duration];

    private static MetricDataQuery Query(int index, MetricQuery query, Series series) => new(
        IdOf(index, series),
        new MetricStat(
            new Metric(Namespace, series.Metric,
            [
                new Dimension("FunctionName", query.Target.Function),
                new Dimension("Resource", $"{query.Target.Function}:{query.Target.Alias}"),
                new Dimension("ExecutedVersion", query.Version),
            ]),
            query.PeriodSeconds,
            series.Stat),
        ReturnData: true);

    /// <summary>An id CloudWatch accepts (<c>^[a-z][a-zA-Z0-9_]*$</c>), unique in the scope: the query's position and the series.</summary>
    private static string IdOf(int index, Series series) =>
        string.Create(CultureInfo.InvariantCulture, $"q{index}_{series.IdSuffix}");

    /// <summary>One CloudWatch series of a query: metric, statistic, the end of its id, and its name in messages.</summary>
    private sealed record Series(string Metric, string Stat, string IdSuffix, string Name);
}
