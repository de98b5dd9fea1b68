using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Aws.Http;
using OpsBot.Aws.Logs;
using OpsBot.Aws.Tests.Http;

namespace OpsBot.Aws.Tests.Logs;

public sealed class LogsClientTests
{
    private static LogsClient Client(RecordingHandler handler, TimeProvider? time = null, Action<AwsOptions>? configure = null) =>
        new(TestAws.Transport(handler, time, configure));

    private static void AssertJsonRpc(SentRequest sent, string operation, string body)
    {
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://logs.us-east-1.amazonaws.com/", sent.Uri.ToString());
        Assert.Equal($"Logs_20140328.{operation}", sent.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", sent.Header("Content-Type"));
        Assert.Null(sent.Header("x-amzn-query-mode"));
        Assert.Contains("/us-east-1/logs/aws4_request", sent.Header("Authorization"), StringComparison.Ordinal);
        var expected = JsonNode.Parse(body);
        var actual = JsonNode.Parse(sent.Text);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected?.ToJsonString()}\nactual   {actual?.ToJsonString()}");
    }

    [Fact]
    public async Task StartQuery_sends_epoch_seconds_one_log_group_list_and_the_query_string()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """{"queryId":"12ab3456-12ab-123a-789e-1234567890ab"}""");

        var started = await Client(handler).StartQueryAsync(TestAws.Scope,
            new StartQueryInput(1764756000, 1764756900, "fields @message | limit 5") { LogGroupNames = ["/aws/lambda/lambda_router"] }, default);

        AssertJsonRpc(handler.Last, "StartQuery",
            """{"startTime":1764756000,"endTime":1764756900,"queryString":"fields @message | limit 5","logGroupNames":["/aws/lambda/lambda_router"]}""");
        Assert.Equal("12ab3456-12ab-123a-789e-1234567890ab", started.QueryId);
    }

    [Fact]
    public async Task GetQueryResults_reads_rows_of_fields_the_status_and_the_statistics()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """
            {"results":[[{"field":"@timestamp","value":"2026-12-03 10:15:02.123"},{"field":"@message","value":"[ERROR] boom\n"},
                         {"field":"@ptr","value":"CmAKJgoi"}]],
             "statistics":{"recordsMatched":1.0,"recordsScanned":1200.0,"bytesScanned":56789.0},"status":"Complete"}
            """);

        var answer = await Client(handler).GetQueryResultsAsync(TestAws.Scope, new GetQueryResultsInput("q-1"), default);

        AssertJsonRpc(handler.Last, "GetQueryResults", """{"queryId":"q-1"}""");
        Assert.Equal(QueryStatus.Complete, answer.Status);
        var row = Assert.Single(answer.Results!);
        Assert.Equal(["@timestamp", "@message", "@ptr"], row.Select(f => f.Field));
        Assert.Equal("[ERROR] boom\n", row[1].Value);
        Assert.Equal(56789.0, answer.Statistics!.BytesScanned);
    }

    [Fact]
    public async Task StopQuery_names_the_query_and_reads_success()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """{"success":true}""");

        var stopped = await Client(handler).StopQueryAsync(TestAws.Scope, new StopQueryInput("q-1"), default);

        AssertJsonRpc(handler.Last, "StopQuery", """{"queryId":"q-1"}""");
        Assert.True(stopped.Success);
    }

    [Fact]
    public async Task Too_many_concurrent_queries_is_retried_as_throttling()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
        var handler = new RecordingHandler()
            .Answer(HttpStatusCode.BadRequest, """{"__type":"LimitExceededException","message":"Account maximum query concurrency limit of [30] reached."}""")
            .Answer(HttpStatusCode.OK, """{"queryId":"q-2"}""");

        var start = Client(handler, time).StartQueryAsync(TestAws.Scope, new StartQueryInput(0, 60, "fields @message") { LogGroupName = "g" }, default);
        await TestAws.AdvanceUntilDoneAsync(time, start);

        Assert.Equal(2, handler.Sent.Count);
        Assert.Equal("q-2", (await start).QueryId);
    }

    [Fact]
    public void A_limit_exceeded_elsewhere_is_still_a_client_error_that_is_not_retried()
    {
        var e = new AwsServiceException("codedeploy", "CreateDeployment", "LimitExceededException", "quota", HttpStatusCode.BadRequest, null);

        Assert.False(e.IsRetryable);
    }

    [Fact]
    public async Task A_malformed_query_is_a_client_error_with_its_code()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.BadRequest,
            """{"__type":"MalformedQueryException","message":"unexpected symbol","queryCompileError":{"location":{"start":7,"end":9}}}""");

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => Client(handler).StartQueryAsync(TestAws.Scope, new StartQueryInput(0, 60, "fields |") { LogGroupName = "g" }, default));

        Assert.Single(handler.Sent);
        Assert.Equal("MalformedQueryException", e.Code);
        Assert.Equal("logs StartQuery failed: MalformedQueryException (HTTP 400): unexpected symbol", e.Message);
    }

    [Fact]
    public async Task The_logs_endpoint_can_be_set_by_service_url()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """{"success":false}""");

        await Client(handler, configure: o => o.ServiceUrls["logs"] = "http://127.0.0.1:4599").StopQueryAsync(TestAws.Scope, new StopQueryInput("q"), default);

        Assert.Equal("http://127.0.0.1:4599/", handler.Last.Uri.ToString());
    }
}
