using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using OpsBot.Aws.Http;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.CloudWatch;

/// <summary>
/// Lambda metrics from CloudWatch GetMetricData, in as few calls as CloudWatch allows.
/// <para>
/// Batching: the queries are grouped by scope (the target's Region and RoleArn, since a call reaches one account and
/// region); within a scope every <see cref="MetricQuery"/> becomes three CloudWatch queries (Invocations, Errors,
/// Duration, see <see cref="LambdaMetricBatch"/>), and a call carries at most 500 of them, so up to 166 MetricQueries
/// share one call (166 × 3 = 498), 167 take two.
/// </para>
/// <para>
/// Union window: the queries of a call share its StartTime and EndTime, so a call asks for the union of its queries'
/// windows (earliest Start, latest End) and each series keeps only the points inside its own [Start, End). CloudWatch
/// counts periods from the call's StartTime, so Starts should lie on period boundaries (the runner floors them).
/// </para>
/// <para>
/// Failures: a series whose data CloudWatch reports as <c>InternalError</c> or <c>Forbidden</c> carries an error; a
/// failed call gives its queries an error and leaves the other scopes' answers alone; when every call fails, this
/// throws. <c>PartialData</c> means more pages, which are followed.
/// </para>
/// </summary>
internal sealed class CloudWatchMetricsSource(CloudWatchClient cloudWatch, ILogger<CloudWatchMetricsSource> logger) : IMetricsSource
{
    /// <summary>MetricQueries per GetMetricData call: 166.</summary>
    public const int QueriesPerCall = GetMetricDataInput.MaxQueries / LambdaMetricBatch.SeriesPerQuery;

    /// <summary>Calls in flight at once: enough for many scopes, well below CloudWatch's GetMetricData rate.</summary>
    private const int Parallelism = 4;

    public async Task<MetricAnswers> ReadAsync(MetricBatch batch, CancellationToken cancellationToken)
    {
        // TODO(issue 12, helper aws): fold batch.Checks into the same calls.
        var queries = batch.Lambda;
        var answers = new Dictionary<MetricQuery, MetricSeries>(ReferenceEqualityComparer.Instance);
        // An empty window has no periods to read (and CloudWatch refuses StartTime >= EndTime).
        foreach (var empty in queries.Where(q => q.End <= q.Start))
            answers[empty] = new MetricSeries(empty.Id, []);

        var calls = queries
            .Where(q => q.End > q.Start)
            .GroupBy(q => new AwsScope(q.Target.Region, q.Target.RoleArn))
            .SelectMany(scope => scope.Chunk(QueriesPerCall).Select(chunk => (Scope: scope.Key, Queries: chunk)))
            .ToList();
        var failures = new Exception?[calls.Count];
        var answered = new IReadOnlyList<MetricSeries>[calls.Count];

        await Parallel.ForEachAsync(Enumerable.Range(0, calls.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var (scope, chunk) = calls[i];
                var batch = new LambdaMetricBatch(chunk);
                try
                {
                    answered[i] = batch.Read(await cloudWatch.GetAllMetricDataAsync(scope, batch.Input, token));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "CloudWatch metrics unreadable for {Count} queries in region {Region} as {Role}",
                        chunk.Length, scope.Region ?? "(default)", scope.RoleArn ?? "(default credentials)");
                    failures[i] = e;
                    answered[i] = batch.Failed(e.Message);
                }
            });

        if (calls.Count > 0 && failures.All(f => f is not null))
            ExceptionDispatchInfo.Throw(failures[0]!);
        for (var i = 0; i < calls.Count; i++)
        {
            for (var j = 0; j < calls[i].Queries.Length; j++)
                answers[calls[i].Queries[j]] = answered[i][j];
        }
        return new MetricAnswers([.. queries.Select(q => answers[q])],
            [.. batch.Checks.Select(c => new CheckSeries(c.Id, [], "metric checks are not read yet"))]);
    }
}
