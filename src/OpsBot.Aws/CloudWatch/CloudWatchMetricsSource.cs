using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using OpsBot.Aws.Http;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.CloudWatch;

/// <summary>
/// Lambda metrics and metric checks from CloudWatch GetMetricData, in as few calls as CloudWatch allows.
/// <para>
/// Batching: the Lambda queries and the checks are grouped by scope (Region and RoleArn, since a call reaches one
/// account and region); within a scope a Lambda query costs three CloudWatch queries, five when detailed
/// (<see cref="LambdaMetricBatch"/>), and a check one per metric plus one for its expression
/// (<see cref="MetricCheckBatch"/>). <see cref="GetMetricDataPacker"/> packs them into calls of at most 500, so a
/// scope takes ⌈its CloudWatch queries / 500⌉ calls: a check's queries stay in one call, a Lambda query's series may
/// be split over two when that saves a call.
/// </para>
/// <para>
/// Union window: the queries of a call share its StartTime and EndTime, so a call asks for the union of its queries'
/// windows (earliest Start, latest End) and each series keeps only the points inside its own [Start, End). CloudWatch
/// counts periods from the call's StartTime, so Starts should lie on period boundaries (the runner floors them).
/// </para>
/// <para>
/// Failures: a series whose data CloudWatch reports as <c>InternalError</c> or <c>Forbidden</c> gives its query or
/// check an error; a failed call gives an error to every query and check it carried and leaves the other calls'
/// answers alone; when every call fails, this throws. <c>PartialData</c> means more pages, which are followed. A check
/// that cannot be sent (no metric, several without an expression, more than 500 queries) is answered with an error
/// and no call.
/// </para>
/// </summary>
internal sealed class CloudWatchMetricsSource(CloudWatchClient cloudWatch, ILogger<CloudWatchMetricsSource> logger) : IMetricsSource
{
    /// <summary>Calls in flight at once: enough for many scopes, well below CloudWatch's GetMetricData rate.</summary>
    private const int Parallelism = 4;

    public async Task<MetricAnswers> ReadAsync(MetricBatch batch, CancellationToken cancellationToken)
    {
        var lambdaAnswers = new Dictionary<MetricQuery, MetricSeries>(ReferenceEqualityComparer.Instance);
        var checkAnswers = new Dictionary<CheckQuery, CheckSeries>(ReferenceEqualityComparer.Instance);
        // An empty window has no periods to read (and CloudWatch refuses StartTime >= EndTime).
        foreach (var empty in batch.Lambda.Where(q => q.End <= q.Start))
            lambdaAnswers[empty] = new MetricSeries(empty.Id, []);
        foreach (var empty in batch.Checks.Where(c => c.End <= c.Start))
            checkAnswers[empty] = new CheckSeries(empty.Id, []);
        foreach (var check in batch.Checks.Where(c => c.End > c.Start))
        {
            if (MetricCheckBatch.Refusal(check) is { } refusal)
                checkAnswers[check] = new CheckSeries(check.Id, [], refusal);
        }

        var scopes = Scopes(batch, lambdaAnswers, checkAnswers);
        var calls = scopes.SelectMany(s => s.Calls.Select(call => (Scope: s, Input: call))).ToList();
        var failures = new Exception?[calls.Count];
        var results = new IReadOnlyList<MetricDataResult>?[calls.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, calls.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var (scope, input) = calls[i];
                try
                {
                    results[i] = await cloudWatch.GetAllMetricDataAsync(scope.Scope, input, token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "CloudWatch metrics unreadable for {Count} CloudWatch queries in region {Region} as {Role}",
                        input.MetricDataQueries.Count, scope.Scope.Region ?? "(default)", scope.Scope.RoleArn ?? "(default credentials)");
                    failures[i] = e;
                }
            });
        if (calls.Count > 0 && failures.All(f => f is not null))
            ExceptionDispatchInfo.Throw(failures[0]!);

        for (var i = 0; i < calls.Count; i++)
        {
            if (failures[i] is { } failure)
                calls[i].Scope.Answers.Failed(calls[i].Input, failure.Message);
            else
                calls[i].Scope.Answers.Answered(results[i]!);
        }
        foreach (var scope in scopes)
            scope.Read(lambdaAnswers, checkAnswers);
        return new MetricAnswers([.. batch.Lambda.Select(q => lambdaAnswers[q])], [.. batch.Checks.Select(c => checkAnswers[c])]);
    }

    /// <summary>The queries and checks still unanswered, by scope, each scope with its calls.</summary>
    private static List<ScopeRead> Scopes(MetricBatch batch, Dictionary<MetricQuery, MetricSeries> lambdaAnswers,
        Dictionary<CheckQuery, CheckSeries> checkAnswers)
    {
        var lambda = batch.Lambda.Where(q => !lambdaAnswers.ContainsKey(q)).ToLookup(q => new AwsScope(q.Target.Region, q.Target.RoleArn));
        var checks = batch.Checks.Where(c => !checkAnswers.ContainsKey(c)).ToLookup(c => new AwsScope(c.Region, c.RoleArn));
        return [.. lambda.Select(g => g.Key).Union(checks.Select(g => g.Key))
            .Select(scope => new ScopeRead(scope, new LambdaMetricBatch([.. lambda[scope]]), new MetricCheckBatch([.. checks[scope]])))];
    }

    /// <summary>One scope's Lambda queries and checks, the calls that carry them, and what those calls answered.</summary>
    private sealed class ScopeRead(AwsScope scope, LambdaMetricBatch lambda, MetricCheckBatch checks)
    {
        public AwsScope Scope { get; } = scope;

        public IReadOnlyList<GetMetricDataInput> Calls { get; } = GetMetricDataPacker.Pack([.. lambda.Units, .. checks.Units]);

        public MetricDataAnswers Answers { get; } = new();

        public void Read(Dictionary<MetricQuery, MetricSeries> lambdaAnswers, Dictionary<CheckQuery, CheckSeries> checkAnswers)
        {
            foreach (var (query, series) in lambda.Queries.Zip(lambda.Read(Answers)))
                lambdaAnswers[query] = series;
            foreach (var (check, series) in checks.Checks.Zip(checks.Read(Answers)))
                checkAnswers[check] = series;
        }
    }
}
