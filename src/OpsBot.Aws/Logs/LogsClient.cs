using OpsBot.Aws.Http;

namespace OpsBot.Aws.Logs;

/// <summary>
/// The CloudWatch Logs API (awsJson1_1, <c>Logs_20140328.*</c>, signing name <c>logs</c>) as OpsBot needs it: Logs
/// Insights queries, started, read and stopped. Members are camelCase. Failures are <see cref="AwsServiceException"/>
/// with the model's error code (<c>ResourceNotFoundException</c>, <c>MalformedQueryException</c>, ...);
/// <c>LimitExceededException</c> (too many queries running) is retried by the transport like throttling.
/// </summary>
internal sealed class LogsClient(AwsTransport transport)
{
    public Task<StartQueryOutput> StartQueryAsync(AwsScope scope, StartQueryInput input, CancellationToken cancellationToken) =>
        CallAsync<StartQueryInput, StartQueryOutput>(scope, "StartQuery", input, cancellationToken);

    public Task<GetQueryResultsOutput> GetQueryResultsAsync(AwsScope scope, GetQueryResultsInput input, CancellationToken cancellationToken) =>
        CallAsync<GetQueryResultsInput, GetQueryResultsOutput>(scope, "GetQueryResults", input, cancellationToken);

    public Task<StopQueryOutput> StopQueryAsync(AwsScope scope, StopQueryInput input, CancellationToken cancellationToken) =>
        CallAsync<StopQueryInput, StopQueryOutput>(scope, "StopQuery", input, cancellationToken);

    private Task<TOutput> CallAsync<TInput, TOutput>(AwsScope scope, string operation, TInput input, CancellationToken cancellationToken) =>
        transport.JsonRpcAsync<TInput, TOutput>(scope, AwsService.Logs, operation, input, AwsJson.Camel, cancellationToken);
}
