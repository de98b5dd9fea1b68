using System.Globalization;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.CloudWatch;

/// <summary>
/// The metric checks (<see cref="CheckQuery"/>) of one scope and how their answer is read back. A check's CloudWatch
/// queries travel together in one call (an expression sees only the ids of its own call): its metrics, renamed
/// <c>c&lt;n&gt;_&lt;i&gt;</c> so that they cannot clash with another check's or a Lambda query's, and its expression,
/// <c>c&lt;n&gt;</c>, rewritten to the new names (<see cref="MetricExpression"/>), the only one that returns data; a check of
/// one metric is that metric, <c>c&lt;n&gt;</c>. Its series keeps the points inside its own [Start, End).
/// <para>
/// The expression is sent as configured, renamed: one CloudWatch refuses fails the whole call, so the checks and
/// Lambda queries that share it get its error. <c>METRICS()</c> would see every metric of the shared call, not only
/// the check's: name the ids instead.
/// </para>
/// </summary>
internal sealed class MetricCheckBatch
{
    /// <param name="checks">Checks none of which has a <see cref="Refusal"/>.</param>
    public MetricCheckBatch(IReadOnlyList<CheckQuery> checks)
    {
        Checks = checks;
        Units = [.. checks.Select((c, n) => new MetricUnit(QueriesOf(c, n), c.Start, c.End, Splittable: false))];
    }

    public IReadOnlyList<CheckQuery> Checks { get; }

    /// <summary>The CloudWatch queries of each check, in order.</summary>
    public IReadOnlyList<MetricUnit> Units { get; }

    /// <summary>Why <paramref name="check"/> cannot be sent (it is answered with this error, without a call), or null.</summary>
    public static string? Refusal(CheckQuery check)
    {
        if (check.Metrics.Count == 0)
            return "the check names no metric";
        if (check.Expression is null && check.Metrics.Count > 1)
            return $"the check has {check.Metrics.Count} metrics and no expression: it needs one metric, or an expression over them";
        if (check.Metrics.Select(m => m.Id).Distinct(StringComparer.Ordinal).Count() < check.Metrics.Count)
            return "the check's metric ids repeat";
        return check.Cost > GetMetricDataInput.MaxQueries
            ? $"the check needs {check.Cost} CloudWatch queries, more than the {GetMetricDataInput.MaxQueries} a GetMetricData call holds"
            : null;
    }

    /// <summary>The answer to every check of the batch from what the scope's calls answered.</summary>
    public IReadOnlyList<CheckSeries> Read(MetricDataAnswers answers) => [.. Checks.Select((c, n) => Read(c, n, answers))];

    private static CheckSeries Read(CheckQuery check, int index, MetricDataAnswers answers)
    {
        if (answers.Problem(IdOf(index), "check", out var result) is { } problem)
            return new CheckSeries(check.Id, [], problem);
        return new CheckSeries(check.Id, [.. MetricDataAnswers.PointsOf(result!, check.Start, check.End)
            .OrderBy(p => p.Key)
            .Select(p => new CheckPoint(p.Key, p.Value))]);
    }

    private static IReadOnlyList<MetricDataQuery> QueriesOf(CheckQuery check, int index)
    {
        if (check.Expression is null)
            return [MetricQuery(IdOf(index), check, check.Metrics[0], returnData: true)];

        var renames = check.Metrics.Select((m, i) => (m.Id, New: InputIdOf(index, i))).ToDictionary(r => r.Id, r => r.New, StringComparer.Ordinal);
        return
        [
            .. check.Metrics.Select((m, i) => MetricQuery(InputIdOf(index, i), check, m, returnData: false)),
            new MetricDataQuery(IdOf(index), Expression: MetricExpression.Rename(check.Expression, renames), ReturnData: true, Period: check.PeriodSeconds),
        ];
    }

    private static MetricDataQuery MetricQuery(string id, CheckQuery check, CheckMetric metric, bool returnData) => new(
        id,
        new MetricStat(
            new Metric(metric.Namespace, metric.MetricName, [.. metric.Dimensions.Select(d => new Dimension(d.Key, d.Value))]),
            check.PeriodSeconds,
            metric.Statistic),
        ReturnData: returnData);

    /// <summary>The id of the check's answer: its position in the scope.</summary>
    private static string IdOf(int index) => string.Create(CultureInfo.InvariantCulture, $"c{index}");

    private static string InputIdOf(int index, int metric) => string.Create(CultureInfo.InvariantCulture, $"c{index}_{metric}");
}
