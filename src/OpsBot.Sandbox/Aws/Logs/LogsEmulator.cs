using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace OpsBot.Sandbox.Aws.Logs;

/// <summary>
/// CloudWatch Logs over AWS JSON 1.1 (<c>X-Amz-Target: Logs_20140328.&lt;Op&gt;</c>, signing name <c>logs</c>), the
/// Logs Insights operations OpsBot uses: StartQuery, GetQueryResults and StopQuery. Errors are
/// <c>{"__type": …, "message": …}</c>; a malformed query adds <c>queryCompileError</c>.
/// </summary>
internal sealed class LogsEmulator(StartQueryOperation startQuery, QueryResultsOperations results) : IAwsServiceEmulator
{
    private const string TargetPrefix = "Logs_20140328.";
    private const string ContentType = "application/x-amz-json-1.1";

    public string SigningName => "logs";

    public Task<IResult> HandleAsync(AwsCall call, CancellationToken cancellationToken)
    {
        try
        {
            var target = call.Header("X-Amz-Target");
            if (call.Method != "POST" || target is null || !target.StartsWith(TargetPrefix, StringComparison.Ordinal))
            {
                throw new LogsException(HttpStatusCode.BadRequest, "UnknownOperationException",
                    "The sandbox speaks CloudWatch Logs' AWS JSON 1.1 protocol only: POST / with X-Amz-Target: Logs_20140328.<Operation>.");
            }
            var input = call.Json() ?? throw LogsException.Serialization("The request body is not a JSON object.");
            var output = call.Target switch
            {
                "StartQuery" => startQuery.Handle(input),
                "GetQueryResults" => results.GetQueryResults(input),
                "StopQuery" => results.StopQuery(input),
                var other => throw new LogsException(HttpStatusCode.BadRequest, "UnknownOperationException",
                    $"The sandbox does not emulate CloudWatch Logs {other}; it emulates StartQuery, GetQueryResults and StopQuery."),
            };
            return Task.FromResult(AwsResults.Json(call, output, contentType: ContentType));
        }
        catch (LogsException e)
        {
            var body = new JsonObject { ["__type"] = e.Type, ["message"] = e.Message };
            foreach (var (key, value) in e.Extra ?? [])
                body[key] = value?.DeepClone();
            return Task.FromResult(AwsResults.Json(call, body, (int)e.Status, ContentType));
        }
    }
}
