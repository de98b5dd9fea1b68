using OpsBot.Aws.Http;
using OpsBot.Aws.Logs;
using Xunit.Abstractions;

namespace OpsBot.Aws.Tests.Conformance;

/// <summary>Every CloudWatch Logs operation of <see cref="LogsClient"/> (awsJson1_1), sent and read as the official SDK does (see <see cref="RowTable{TClient}"/>).</summary>
[Collection(ConformanceServer.Collection)]
public sealed class LogsConformanceTests(ConformanceServer server, ITestOutputHelper output)
{
    private static readonly AwsScope Scope = new(ConformanceServer.Region);

    private const string ErrorQuery =
        @"fields @timestamp, @message, @logStream | filter @message like /ERROR|Task timed out/ | filter @logStream like /\[\$LATEST\]/ | sort @timestamp desc | limit 500";

    private static readonly RowTable<LogsClient> Rows = new("logs", t => new LogsClient(t))
    {
        {
            "StartQuery: epoch seconds, one log group in logGroupNames, a query with a version filter", "StartQuery",
            $$"""{"logGroupNames":["/aws/lambda/lambda_router"],"startTime":1754000000,"endTime":1754000900,"queryString":{{System.Text.Json.JsonSerializer.Serialize(ErrorQuery)}}}""",
            CannedResponse.Json("""{"queryId":"12ab3456-12ab-123a-789e-1234567890ab"}"""),
            c => c.StartQueryAsync(Scope, new StartQueryInput(1754000000, 1754000900, ErrorQuery) { LogGroupNames = ["/aws/lambda/lambda_router"] }, default),
            o => [("queryId", o.QueryId)]
        },
        {
            "StartQuery: logGroupName and a limit", "StartQuery",
            """{"logGroupName":"/ons/platform/lambda_router","startTime":1754000000,"endTime":1754000060,"queryString":"fields @message","limit":25}""",
            CannedResponse.Json("""{"queryId":"q-2"}"""),
            c => c.StartQueryAsync(Scope, new StartQueryInput(1754000000, 1754000060, "fields @message") { LogGroupName = "/ons/platform/lambda_router", Limit = 25 }, default),
            o => [("queryId", o.QueryId)]
        },
        {
            "GetQueryResults: rows of fields with @ptr, statistics, status Complete", "GetQueryResults",
            """{"queryId":"q-1"}""",
            CannedResponse.Json("""
                {"results":[
                   [{"field":"@timestamp","value":"2026-12-03 10:15:02.123"},{"field":"@message","value":"[ERROR] KeyError: 'id'\n"},
                    {"field":"@logStream","value":"2026/12/03/[5]0123456789abcdef"},{"field":"@ptr","value":"CmAKJgoiMTIzNDU2Nzg5MDEy"}],
                   [{"field":"@timestamp","value":"2026-12-03 10:14:00.000"},{"field":"@message","value":"Task timed out after 30.03 seconds"}]],
                 "statistics":{"recordsMatched":2.0,"recordsScanned":5120.0,"bytesScanned":1048576.0},"status":"Complete"}
                """),
            c => c.GetQueryResultsAsync(Scope, new GetQueryResultsInput("q-1"), default),
            o => [("status", o.Status), ("results.0.0.field", o.Results?[0][0].Field), ("results.0.0.value", o.Results?[0][0].Value),
                  ("results.0.1.value", o.Results?[0][1].Value), ("results.0.3.field", o.Results?[0][3].Field), ("results.1.1.value", o.Results?[1][1].Value),
                  ("statistics.recordsMatched", o.Statistics?.RecordsMatched), ("statistics.bytesScanned", o.Statistics?.BytesScanned)]
        },
        {
            "GetQueryResults: still running, no rows yet", "GetQueryResults",
            """{"queryId":"q-1"}""",
            CannedResponse.Json("""{"results":[],"statistics":{"recordsMatched":0.0,"recordsScanned":0.0,"bytesScanned":0.0},"status":"Running"}"""),
            c => c.GetQueryResultsAsync(Scope, new GetQueryResultsInput("q-1"), default),
            o => [("status", o.Status), ("results", o.Results)]
        },
        {
            "StopQuery", "StopQuery",
            """{"queryId":"q-1"}""",
            CannedResponse.Json("""{"success":true}"""),
            c => c.StopQueryAsync(Scope, new StopQueryInput("q-1"), default),
            o => [("success", o.Success)]
        },
        {
            "StartQuery with too many queries running: LimitExceededException", "StartQuery",
            """{"logGroupNames":["/aws/lambda/lambda_router"],"startTime":1754000000,"endTime":1754000900,"queryString":"fields @message"}""",
            CannedResponse.Json("""{"__type":"LimitExceededException","message":"Account maximum query concurrency limit of [30] reached."}""", 400),
            c => c.StartQueryAsync(Scope, new StartQueryInput(1754000000, 1754000900, "fields @message") { LogGroupNames = ["/aws/lambda/lambda_router"] }, default),
            "LimitExceededException"
        },
        {
            "StartQuery of a missing log group: ResourceNotFoundException", "StartQuery",
            """{"logGroupNames":["/aws/lambda/nope"],"startTime":1754000000,"endTime":1754000900,"queryString":"fields @message"}""",
            CannedResponse.Json("""{"__type":"com.amazonaws.logs#ResourceNotFoundException","message":"Log group '/aws/lambda/nope' does not exist"}""", 400),
            c => c.StartQueryAsync(Scope, new StartQueryInput(1754000000, 1754000900, "fields @message") { LogGroupNames = ["/aws/lambda/nope"] }, default),
            "ResourceNotFoundException"
        },
        {
            "GetQueryResults of an unknown query: InvalidParameterException", "GetQueryResults",
            """{"queryId":"gone"}""",
            CannedResponse.Json("""{"__type":"InvalidParameterException","message":"Query does not exist"}""", 400),
            c => c.GetQueryResultsAsync(Scope, new GetQueryResultsInput("gone"), default),
            "InvalidParameterException"
        },
    };

    public static TheoryData<string> Operations => Rows.Names;

    [Theory]
    [MemberData(nameof(Operations))]
    public Task Is_sent_and_read_as_the_official_SDK_does(string row) => Rows.RunAsync(row, server, output);
}
