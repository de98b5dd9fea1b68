using System.Globalization;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.CloudWatch;

/// <summary>
/// The <see cref="MetricQuery"/>s of one GetMetricData call and how their answer is read back. Each query becomes three
/// CloudWatch queries on <c>AWS/Lambda</c> for the version behind the alias (dimensions <c>FunctionName</c>,
/// <c>Resource</c> = function:alias, <c>ExecutedVersion</c>): Invocations Sum, Errors Sum and Duration Average. The call
/// covers the union of the queries' windows; each series keeps only the points inside its own [Start, End).
/// </summary>
internal sealed class LambdaMetricBatch
{
    public const int SeriesPerQuery = 3;

    private const string Namespace = "AWS/Lambda";
    private const string Invocations = "Invocations";
    private const string Errors = "Errors";
    private const string Duration = "Duration";

    private readonly IReadOnlyList<MetricQuery> _queries;

    public LambdaMetricBatch(IReadOnlyList<MetricQuery> queries)
    {
        if (queries.Count == 0 || queries.Count * SeriesPerQuery > GetMetricDataInput.MaxQueries)
            throw new ArgumentOutOfRangeException(nameof(queries), queries.Count, $"a GetMetricData call holds 1 to {GetMetricDataInput.MaxQueries / SeriesPerQuery} Lambda metric queries");
        _queries = queries;
        Input = new GetMetricDataInput(
            [.. queries.SelectMany((q, i) => new[] { Query(i, q, Invocations, "Sum"), Query(i, q, Errors, "Sum"), Query(i, q, Duration, "Average") })],
            queries.Min(q => q.Start),
            queries.Max(q => q.End),
            ScanBy: ScanBy.TimestampAscending);
    }

    public GetMetricDataInput Input { get; }

    /// <summary>The answer to every query of the batch from the (all pages merged) results of the call.</summary>
    public IReadOnlyList<MetricSeries> Read(IReadOnlyList<MetricDataResult> results)
    {
        var byId = results.Where(r => r.Id is not null).ToDictionary(r => r.Id!, StringComparer.Ordinal);
        return [.. _queries.Select((q, i) => Read(q, i, byId))];
    }

    /// <summary>Every query of the batch answered with the same error (the call itself failed).</summary>
    public IReadOnlyList<MetricSeries> Failed(string error) => [.. _queries.Select(q => new MetricSeries(q.Id, [], error))];

    private static MetricSeries Read(MetricQuery query, int index, Dictionary<string, MetricDataResult> results)
    {
        var found = new Dictionary<string, MetricDataResult>(SeriesPerQuery);
        var problems = new List<string>();
        foreach (var metric in (string[])[Invocations, Errors, Duration])
        {
            if (!results.TryGetValue(IdOf(index, metric), out var result))
                problems.Add($"CloudWatch returned no {metric} data");
            else if (MetricDataStatus.IsFailure(result.StatusCode))
                problems.Add($"CloudWatch {metric} data {result.StatusCode}{Describe(result.Messages)}");
            else
                found[metric] = result;
        }
        if (problems.Count > 0)
            return new MetricSeries(query.Id, [], string.Join("; ", problems));

        var errors = PointsOf(found[Errors], query);
        var durations = PointsOf(found[Duration], query);
        // Lambda publishes nothing for a period without invocations, so the Invocations series decides which periods exist.
        var points = PointsOf(found[Invocations], query)
            .OrderBy(p => p.Key)
            .Select(p => new MetricPoint(p.Key, p.Value, errors.GetValueOrDefault(p.Key), durations.TryGetValue(p.Key, out var ms) ? ms : null))
            .ToList();
        return new MetricSeries(query.Id, points);
    }

    /// <summary>The points of a series inside the query's own [Start, End), by period start.</summary>
    private static Dictionary<DateTimeOffset, double> PointsOf(MetricDataResult result, MetricQuery query)
    {
        var points = new Dictionary<DateTimeOffset, double>();
        var timestamps = result.Timestamps ?? [];
        var values = result.Values ?? [];
        for (var i = 0; i < Math.Min(timestamps.Count, values.Count); i++)
        {
            if (timestamps[i] >= query.Start && timestamps[i] < query.End)
                points[timestamps[i]] = values[i];
        }
        return points;
    }

    private static MetricDataQuery Query(int index, MetricQuery query, string metric, string stat) => new(
        IdOf(index, metric),
        new MetricStat(
            new Metric(Namespace, metric,
            [
                new Dimension("FunctionName", query.Target.Function),
                new Dimension("Resource", $"{query.Target.Function}:{query.Target.Alias}"),
                new Dimension("ExecutedVersion", query.Version),
            ]),
            query.PeriodSeconds,
            stat),
        ReturnData: true);

    /// <summary>An id CloudWatch accepts (<c>^[a-z][a-zA-Z0-9_]*$</c>), unique in the call: the query's position and the metric.</summary>
    private static string IdOf(int index, string metric) =>
        string.Create(CultureInfo.InvariantCulture, $"q{index}_{metric.ToLowerInvariant()}");

    private static string Describe(IReadOnlyList<MessageData>? messages) =>
        messages is { Count: > 0 } ? ": " + string.Join(", ", messages.Select(m => $"{m.Code} {m.Value}".Trim())) : "";
}
