namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>
/// Answers metric queries from the <see cref="MetricStore"/>: a metric statistic per period (periods that have no data
/// are left out, as CloudWatch leaves them out), and expressions over other queries (<see cref="MetricMath"/>).
/// Shared by GetMetricData and the alarms, so an alarm judges exactly what a reader of its metrics sees.
/// </summary>
internal sealed class MetricDataEngine(MetricStore store)
{
    /// <summary>
    /// Every query's series over [<paramref name="start"/>, <paramref name="end"/>) (epoch seconds), by id: period
    /// start → value, ascending. Each metric query's periods count from the start rounded down the way CloudWatch
    /// rounds it (<see cref="AlignStart"/>).
    /// </summary>
    public IReadOnlyDictionary<string, SortedDictionary<long, double>> Evaluate(IReadOnlyList<DataQuery> queries, long start, long end)
    {
        var byId = queries.ToDictionary(q => q.Id, StringComparer.Ordinal);
        var expressions = queries.Where(q => q.Expression is not null)
            .ToDictionary(q => q.Id, q => MetricMath.Parse(q.Expression!, q.Id), StringComparer.Ordinal);
        foreach (var (id, node) in expressions)
        {
            var references = MetricMath.References(node).ToList();
            if (references.Count == 0)
                throw CloudWatchException.InvalidParameterValue($"Error in expression '{id}': the expression uses no query id, so it has no timestamps; the sandbox evaluates expressions over other queries.");
            if (references.FirstOrDefault(r => !byId.ContainsKey(r)) is { } unknown)
                throw CloudWatchException.InvalidParameterValue($"Error in expression '{id}': Unrecognized metric id '{unknown}': no query of this call has that Id.");
        }

        var results = new Dictionary<string, SortedDictionary<long, double>>(StringComparer.Ordinal);
        var evaluating = new HashSet<string>(StringComparer.Ordinal);
        SortedDictionary<long, double> Resolve(string id)
        {
            if (results.TryGetValue(id, out var known))
                return known;
            if (!evaluating.Add(id))
                throw CloudWatchException.InvalidParameterValue($"Error in expression '{id}': the expressions refer to each other in a circle.");
            var query = byId[id];
            SortedDictionary<long, double> series;
            if (query.MetricStat is { } stat && Statistics.Percentile(stat.Stat) is { } fraction)
            {
                series = [];
                foreach (var (at, value) in store.Percentiles(stat.Metric.Key, stat.Unit, AlignStart(start, stat.Period), end, stat.Period, fraction))
                    series[at] = value;
            }
            else if (query.MetricStat is { } stat2)
            {
                series = [];
                foreach (var (at, stats) in store.Aggregate(stat2.Metric.Key, stat2.Unit, AlignStart(start, stat2.Period), end, stat2.Period))
                    series[at] = stats.Value(stat2.Stat);
            }
            else
            {
                series = MetricMath.Evaluate(expressions[id], Resolve).Series ?? [];
            }
            evaluating.Remove(id);
            return results[id] = series;
        }

        foreach (var query in queries)
            Resolve(query.Id);
        return results;
    }

    /// <summary>
    /// The start rounded down as CloudWatch rounds it for recent data: to the minute for periods of a minute or more, to
    /// a multiple of the period for periods that divide a minute (5, 10, 20, 30 s; 1 s stays on the second), else to
    /// the second.
    /// </summary>
    public static long AlignStart(long start, int period)
    {
        var step = period >= 60 ? 60 : 60 % period == 0 ? period : 1;
        return start - (((start % step) + step) % step);
    }
}
