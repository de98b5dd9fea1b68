using Microsoft.Extensions.Logging;
using OpsBot.Aws.Http;

namespace OpsBot.Aws.Logs;

/// <summary>
/// Runs one Logs Insights query to its end: StartQuery, then GetQueryResults every <see cref="PollInterval"/> (waits on
/// the injected <see cref="TimeProvider"/>) until the status is final. <c>Complete</c> gives the results; <c>Failed</c>,
/// <c>Cancelled</c> and <c>Timeout</c> throw with the status; <c>Scheduled</c>, <c>Running</c> and <c>Unknown</c> are
/// waited on. After <see cref="Timeout"/> in all, on cancellation, or when reading fails, the query is stopped (StopQuery,
/// best effort: it still runs, and bills, until then) and this throws saying so.
/// </summary>
internal sealed class InsightsQueryRunner(LogsClient logs, TimeProvider time, ILogger<InsightsQueryRunner> logger)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>How long stopping a query may take once the caller has given up on it.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    /// <param name="what">The query as messages name it (<c>"on /aws/lambda/fn"</c>).</param>
    public async Task<GetQueryResultsOutput> RunAsync(AwsScope scope, StartQueryInput input, string what, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + Timeout;
        var started = await StartAsync(scope, input, what, cancellationToken);
        var queryId = started.QueryId is { Length: > 0 } id
            ? id
            : throw new LogsQueryFailedException($"CloudWatch Logs started the Logs Insights query {what} but answered no query id");
        string? status = null;
        try
        {
            while (true)
            {
                var answer = await logs.GetQueryResultsAsync(scope, new GetQueryResultsInput(queryId), cancellationToken);
                status = answer.Status;
                if (status == QueryStatus.Complete)
                    return answer;
                if (QueryStatus.IsFailure(status))
                    throw new LogsQueryFailedException($"The Logs Insights query {what} ended with status {status} (query {queryId})");
                if (time.GetUtcNow() >= deadline)
                {
                    await StopAsync(scope, queryId);
                    throw new LogsQueryFailedException(
                        $"The Logs Insights query {what} did not finish within {Timeout.TotalSeconds:0} s (status {status ?? "none"}); it was stopped (query {queryId}). Try a shorter window.");
                }
                await Task.Delay(PollInterval, time, cancellationToken);
            }
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            await StopAsync(scope, queryId);
            throw new OperationCanceledException($"The Logs Insights query {what} was cancelled while {status ?? "starting"}; it was stopped (query {queryId})", e, cancellationToken);
        }
        catch (AwsServiceException e)
        {
            await StopAsync(scope, queryId);
            throw new LogsQueryFailedException($"The results of the Logs Insights query {what} could not be read: {e.Message}; the query was stopped (query {queryId})", e);
        }
    }

    private async Task<StartQueryOutput> StartAsync(AwsScope scope, StartQueryInput input, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await logs.StartQueryAsync(scope, input, cancellationToken);
        }
        catch (AwsServiceException e) when (e.Code == "LimitExceededException")
        {
            throw new LogsQueryFailedException(
                $"CloudWatch Logs refused the Logs Insights query {what}: too many queries are running in this account and region " +
                $"(LimitExceededException, still after {e.Operation} was retried). Try again in a minute.", e);
        }
        catch (AwsServiceException e) when (e.Code == "ResourceNotFoundException")
        {
            throw new LogsQueryFailedException($"CloudWatch Logs has no log group to run the query {what}: {e.Detail ?? e.Code} (has the function logged yet?)", e);
        }
        catch (AwsServiceException e)
        {
            throw new LogsQueryFailedException($"The Logs Insights query {what} could not be started: {e.Message}", e);
        }
    }

    /// <summary>
    /// StopQuery, best effort: a failure is logged, never thrown, and the caller's cancellation does not cut it short.
    /// Its time limit runs on the wall clock, like the transport's per-attempt timeout, since it bounds network I/O.
    /// </summary>
    private async Task StopAsync(AwsScope scope, string queryId)
    {
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await logs.StopQueryAsync(scope, new StopQueryInput(queryId), timeout.Token);
        }
        catch (Exception e) when (e is AwsServiceException or OperationCanceledException)
        {
            logger.LogWarning(e, "Could not stop Logs Insights query {QueryId}; CloudWatch Logs ends it on its own after 60 minutes", queryId);
        }
    }
}
