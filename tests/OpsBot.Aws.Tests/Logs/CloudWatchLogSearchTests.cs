using System.Net;
using System.Text.Json.Nodes;
using OpsBot.Aws.Logs;
using OpsBot.Aws.Tests.Http;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Tests.Logs;

public sealed class CloudWatchLogSearchTests
{
    private static readonly DateTimeOffset End = FakeLogs.Now;

    private static readonly FunctionTarget Router = new() { Environment = "prod", Function = "lambda_router", Alias = "live", Region = "us-east-1" };

    private static LogQuery Query(string? version = "5", TimeSpan? back = null, int limit = 500) =>
        new(Router, version, End - (back ?? TimeSpan.FromMinutes(15)), End, limit);

    private static async Task<IReadOnlyList<LogLine>> SearchAsync(FakeLogs logs, LogQuery query, CancellationToken cancellationToken = default)
    {
        var search = logs.Search().ErrorsAsync(query, cancellationToken);
        await logs.Time.RunAsync(search);
        return await search;
    }

    [Fact]
    public async Task Queries_the_default_log_group_for_the_versions_error_lines_and_reads_them_newest_first()
    {
        var logs = new FakeLogs();
        logs.Polls.Enqueue(FakeLogs.Result("Scheduled"));
        logs.Polls.Enqueue(FakeLogs.Result("Running", ("2026-12-03 10:15:02.123", "[ERROR] partial", "2026/12/03/[5]aaa")));
        logs.Polls.Enqueue(FakeLogs.Result("Complete",
            ("2026-12-03 10:15:02.123", "[ERROR]\t2026-12-03T10:15:02.123Z\treq-1\tKeyError: 'id'\n", "2026/12/03/[5]aaa"),
            ("2026-12-03 10:19:59.5", "2026-12-03T10:19:59.500Z req-2 Task timed out after 30.03 seconds\n", "2026/12/03/[5]bbb"),
            ("2026-12-03 10:04:59.999", "[ERROR] before the window", "2026/12/03/[5]aaa"),
            ("not a time", "[ERROR] unreadable", "2026/12/03/[5]aaa")));

        var lines = await SearchAsync(logs, Query("5"));

        var configuration = Assert.Single(logs.Configurations);
        Assert.Equal("https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/lambda_router/configuration?Qualifier=5", configuration.Uri.AbsoluteUri);
        var expected = JsonNode.Parse($$"""
            {"startTime":{{(End - TimeSpan.FromMinutes(15)).ToUnixTimeSeconds()}},"endTime":{{End.ToUnixTimeSeconds()}},
             "queryString":"fields @timestamp, @message, @logStream | filter @message like /ERROR|Task timed out/ | filter @logStream like /\\[5\\]/ | sort @timestamp desc | limit 500",
             "logGroupNames":["/aws/lambda/lambda_router"]}
            """);
        Assert.True(JsonNode.DeepEquals(expected, logs.StartBody), logs.StartBody.ToJsonString());
        Assert.Equal(3, logs.Logs("GetQueryResults").Count());
        Assert.All(logs.Logs("GetQueryResults"), s => Assert.Equal("""{"queryId":"q-1"}""", s.Text));
        Assert.Empty(logs.Logs("StopQuery"));
        Assert.Equal(
        [
            new LogLine(new DateTimeOffset(2026, 12, 3, 10, 19, 59, 500, TimeSpan.Zero), "2026-12-03T10:19:59.500Z req-2 Task timed out after 30.03 seconds\n", "2026/12/03/[5]bbb"),
            new LogLine(new DateTimeOffset(2026, 12, 3, 10, 15, 2, 123, TimeSpan.Zero), "[ERROR]\t2026-12-03T10:15:02.123Z\treq-1\tKeyError: 'id'\n", "2026/12/03/[5]aaa"),
        ], lines);
    }

    [Fact]
    public async Task Without_a_version_every_stream_of_the_function_is_searched()
    {
        var logs = new FakeLogs();
        logs.Polls.Enqueue(FakeLogs.Result("Complete"));

        Assert.Empty(await SearchAsync(logs, Query(version: null, limit: 20)));

        Assert.Equal("https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/lambda_router/configuration", Assert.Single(logs.Configurations).Uri.AbsoluteUri);
        Assert.Equal("fields @timestamp, @message, @logStream | filter @message like /ERROR|Task timed out/ | sort @timestamp desc | limit 20",
            (string)logs.StartBody["queryString"]!);
    }

    [Fact]
    public async Task The_latest_version_is_escaped_in_the_stream_filter()
    {
        var logs = new FakeLogs();
        logs.Polls.Enqueue(FakeLogs.Result("Complete"));

        await SearchAsync(logs, Query("$LATEST"));

        Assert.Contains(@"| filter @logStream like /\[\$LATEST\]/ |", (string)logs.StartBody["queryString"]!, StringComparison.Ordinal);
        Assert.EndsWith("configuration?Qualifier=%24LATEST", Assert.Single(logs.Configurations).Uri.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_functions_own_log_group_is_used_and_kept_for_five_minutes()
    {
        var logs = new FakeLogs { LogGroup = "/ons/platform/lambda_router" };
        logs.Polls.Enqueue(FakeLogs.Result("Complete"));
        var search = logs.Search();

        await logs.Time.RunAsync(search.ErrorsAsync(Query(), default));
        await logs.Time.RunAsync(search.ErrorsAsync(Query(), default));
        Assert.Single(logs.Configurations);
        logs.Time.Advance(FunctionLogGroups.CacheFor);
        await logs.Time.RunAsync(search.ErrorsAsync(Query(), default));

        Assert.Equal(2, logs.Configurations.Count());
        Assert.All(logs.Logs("StartQuery"), s => Assert.Equal("""["/ons/platform/lambda_router"]""", JsonNode.Parse(s.Text)!["logGroupNames"]!.ToJsonString()));
    }

    [Fact]
    public async Task An_unreadable_configuration_falls_back_to_the_default_log_group()
    {
        var logs = new FakeLogs
        {
            ConfigurationFailure = RecordingHandler.Respond(HttpStatusCode.Forbidden, """{"Message":"not authorized to perform: lambda:GetFunctionConfiguration"}""",
                "application/json", [("X-Amzn-ErrorType", "AccessDeniedException")]),
        };
        logs.Polls.Enqueue(FakeLogs.Result("Complete"));

        await SearchAsync(logs, Query());

        Assert.Equal("""["/aws/lambda/lambda_router"]""", logs.StartBody["logGroupNames"]!.ToJsonString());
    }

    [Fact]
    public async Task The_window_is_capped_to_the_last_24_hours_and_covers_its_partial_seconds()
    {
        var logs = new FakeLogs();
        logs.Polls.Enqueue(FakeLogs.Result("Complete"));

        await SearchAsync(logs, new LogQuery(Router, "5", End.AddDays(-3), End.AddMilliseconds(1)));

        Assert.Equal(End.AddMilliseconds(1).AddHours(-24).ToUnixTimeSeconds(), (long)logs.StartBody["startTime"]!);
        Assert.Equal(End.ToUnixTimeSeconds() + 1, (long)logs.StartBody["endTime"]!);
    }

    [Fact]
    public async Task An_empty_window_makes_no_call()
    {
        var logs = new FakeLogs();

        Assert.Empty(await SearchAsync(logs, new LogQuery(Router, "5", End, End)));

        Assert.Empty(logs.Handler.Sent);
    }

    [Theory]
    [InlineData("Failed")]
    [InlineData("Cancelled")]
    [InlineData("Timeout")]
    public async Task A_query_that_ends_without_results_throws_with_its_status(string status)
    {
        var logs = new FakeLogs();
        logs.Polls.Enqueue(FakeLogs.Result("Running"));
        logs.Polls.Enqueue(FakeLogs.Result(status));

        var e = await Assert.ThrowsAnyAsync<Exception>(() => SearchAsync(logs, Query()));

        Assert.Equal($"The Logs Insights query on /aws/lambda/lambda_router (version 5) ended with status {status} (query q-1)", e.Message);
        Assert.Empty(logs.Logs("StopQuery"));
    }

    [Fact]
    public async Task A_query_still_running_after_30_seconds_is_stopped_and_the_search_says_so()
    {
        var logs = new FakeLogs();

        var e = await Assert.ThrowsAnyAsync<Exception>(() => SearchAsync(logs, Query()));

        Assert.Equal("The Logs Insights query on /aws/lambda/lambda_router (version 5) did not finish within 30 s (status Running); it was stopped (query q-1). Try a shorter window.", e.Message);
        Assert.Equal("""{"queryId":"q-1"}""", Assert.Single(logs.Logs("StopQuery")).Text);
        Assert.InRange(logs.Logs("GetQueryResults").Count(), 30, 32);
        Assert.True(logs.Time.GetUtcNow() - FakeLogs.Now >= InsightsQueryRunner.Timeout);
    }

    [Fact]
    public async Task A_cancelled_search_stops_its_query()
    {
        using var cancel = new CancellationTokenSource();
        var logs = new FakeLogs();
        logs.Polls.Enqueue(FakeLogs.Result("Running"));
        logs.Polls.Enqueue(FakeLogs.Result("Running"));
        var polls = 0;
        logs.OnPoll = () =>
        {
            if (Interlocked.Increment(ref polls) == 2)
                cancel.Cancel();
        };

        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SearchAsync(logs, Query(), cancel.Token));

        Assert.Single(logs.Logs("StopQuery"));
        Assert.Equal(2, logs.Logs("GetQueryResults").Count());
        Assert.StartsWith("The Logs Insights query on /aws/lambda/lambda_router (version 5) was cancelled while Running; it was stopped (query q-1)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_running_queries_are_retried_then_reported_clearly()
    {
        var logs = new FakeLogs
        {
            StartFailure = () => RecordingHandler.Respond(HttpStatusCode.BadRequest,
                """{"__type":"LimitExceededException","message":"Account maximum query concurrency limit of [30] reached."}""", "application/x-amz-json-1.1", []),
        };

        var e = await Assert.ThrowsAnyAsync<Exception>(() => SearchAsync(logs, Query()));

        Assert.Equal(4, logs.Logs("StartQuery").Count());
        Assert.StartsWith("CloudWatch Logs refused the Logs Insights query on /aws/lambda/lambda_router (version 5): too many queries are running", e.Message, StringComparison.Ordinal);
        Assert.Empty(logs.Logs("GetQueryResults"));
    }

    [Fact]
    public async Task A_missing_log_group_is_reported_as_such()
    {
        var logs = new FakeLogs
        {
            StartFailure = () => RecordingHandler.Respond(HttpStatusCode.BadRequest,
                """{"__type":"ResourceNotFoundException","message":"Log group '/aws/lambda/lambda_router' does not exist for account ID '123456789012'"}""", "application/x-amz-json-1.1", []),
        };

        var e = await Assert.ThrowsAnyAsync<Exception>(() => SearchAsync(logs, Query()));

        Assert.Equal("CloudWatch Logs has no log group to run the query on /aws/lambda/lambda_router (version 5): Log group '/aws/lambda/lambda_router' does not exist for account ID '123456789012' (has the function logged yet?)", e.Message);
    }
}
