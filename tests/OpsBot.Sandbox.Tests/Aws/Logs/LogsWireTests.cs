using System.Text.Json.Nodes;
using OpsBot.Sandbox.Aws.Logs;
using OpsBot.Sandbox.Aws.Traffic;

namespace OpsBot.Sandbox.Tests.Aws.Logs;

/// <summary>
/// The CloudWatch Logs emulator on the wire (awsJson1_1, signed for <c>logs</c>): the traffic's failed invocations
/// leave error lines in <c>/aws/lambda/{function}</c>, one stream per version per day, and Logs Insights queries
/// read them as OpsBot will ask: the version's streams, the ERROR and timeout lines, newest first.
/// </summary>
public sealed class LogsWireTests : IAsyncLifetime
{
    private const string Fn = "influxdb_loader";
    private const string OpsBotQuery = "fields @timestamp, @message, @logStream | filter @message like /ERROR|Task timed out/ | filter @logStream like /\\[5\\]/ | sort @timestamp desc | limit 20";

    private EmulatorWorld _world = null!;
    private RawAws _aws = null!;

    public async Task InitializeAsync()
    {
        _world = await EmulatorWorld.StartAsync();
        _aws = new RawAws(_world.BaseUrl, _world.Time);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private long Start => EmulatorWorld.DefaultStart.ToUnixTimeSeconds();

    private async Task<RawResponse> StartQueryAsync(string query, long? start = null, long? end = null, string group = "/aws/lambda/" + Fn, int? limit = null)
    {
        var input = new JsonObject { ["logGroupName"] = group, ["startTime"] = start ?? Start, ["endTime"] = end ?? Start + 60, ["queryString"] = query };
        if (limit is not null)
            input["limit"] = limit;
        return await _aws.LogsAsync("StartQuery", input);
    }

    private async Task<JsonObject> ResultsAsync(string queryId, JsonObject? extra = null)
    {
        var input = new JsonObject { ["queryId"] = queryId };
        foreach (var (key, value) in extra ?? [])
            input[key] = value?.DeepClone();
        var answer = await _aws.LogsAsync("GetQueryResults", input);
        Assert.Equal(200, answer.Status);
        return answer.Json;
    }

    private static List<Dictionary<string, string>> Rows(JsonObject results) =>
        [.. results["results"]!.AsArray().Select(r => r!.AsArray().ToDictionary(f => f!["field"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>()))];

    [Fact]
    public async Task A_faulty_versions_error_lines_are_found_in_its_streams_newest_first_after_one_Running_answer()
    {
        _world.Routes.Canary(Fn, "5", 0.1);
        _world.Get<TrafficFaults>().Set(Fn, "5", 0.3);
        _world.Run(TimeSpan.FromSeconds(30));

        var started = await StartQueryAsync(OpsBotQuery);
        Assert.Equal(("application/x-amz-json-1.1", 200), (started.Header("Content-Type"), started.Status));
        var id = started.Json["queryId"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", id);

        var running = await ResultsAsync(id);
        Assert.Equal(("Running", 0), (running["status"]!.GetValue<string>(), running["results"]!.AsArray().Count));
        var complete = await ResultsAsync(id);
        Assert.Equal(("Complete", "CWLI"), (complete["status"]!.GetValue<string>(), complete["queryLanguage"]!.GetValue<string>()));

        var rows = Rows(complete);
        Assert.Equal(20, rows.Count);
        // Each row: the asked fields in order, then @ptr.
        Assert.All(complete["results"]!.AsArray(), r => Assert.Equal(["@timestamp", "@message", "@logStream", "@ptr"], r!.AsArray().Select(f => f!["field"]!.GetValue<string>())));
        Assert.Equal(rows.Select(r => r["@timestamp"]).OrderDescending(StringComparer.Ordinal), rows.Select(r => r["@timestamp"]));
        Assert.All(rows, r => Assert.Matches(@"^2026/11/27/\[5\][0-9a-f]{32}$", r["@logStream"]));
        Assert.Single(rows.Select(r => r["@logStream"]).Distinct());
        Assert.All(rows, r => Assert.Matches(@"^2026-11-27 08:00:[0-2]\d\.\d{3}$", r["@timestamp"]));
        Assert.All(rows, r => Assert.Matches(
            @"^\[ERROR\]\t2026-11-27T08:00:[0-2]\d\.\d{3}Z\t[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\t(InfluxDBWriteError|urllib3)", r["@message"]));
        Assert.All(rows, r => Assert.EndsWith("\n", r["@message"], StringComparison.Ordinal));
        // The line's own time is the event's; request ids differ from line to line; a few messages repeat once those are taken out.
        Assert.All(rows, r => Assert.Equal(r["@timestamp"].Replace(' ', 'T'), r["@message"].Split('\t')[1].TrimEnd('Z')));
        Assert.Equal(20, rows.Select(r => r["@message"].Split('\t')[2]).Distinct().Count());
        var messages = rows.Select(r => r["@message"].Split('\t')[3].TrimEnd('\n')).Distinct().ToList();
        Assert.InRange(messages.Count, 1, 3);
        Assert.Contains("InfluxDBWriteError: write to bucket 'metrics' failed: timeout", messages);

        // 30 s of a 10% canary at 200/s failing 30%: 6 a second; version 4's rare errors are in its own stream.
        var statistics = complete["statistics"]!;
        Assert.Equal(180.0, statistics["recordsMatched"]!.GetValue<double>());
        Assert.True(statistics["recordsScanned"]!.GetValue<double>() > 180, statistics.ToJsonString());
        Assert.True(statistics["bytesScanned"]!.GetValue<double>() > 180 * 60, statistics.ToJsonString());
    }

    [Fact]
    public async Task A_slow_version_times_out_and_a_healthy_one_fails_rarely_with_one_message()
    {
        _world.Routes.Canary(Fn, "5", 0.5);
        _world.Get<TrafficFaults>().Set(Fn, "5", 0.2, 60_000);
        _world.Run(TimeSpan.FromSeconds(20));

        var id = (await StartQueryAsync("fields @message | filter @logStream like /[5]/ and @message like \"Task timed out\"")).Json["queryId"]!.GetValue<string>();
        await ResultsAsync(id);
        var timeouts = Rows(await ResultsAsync(id));
        Assert.Equal(400, timeouts.Count);
        Assert.All(timeouts, r => Assert.Matches(@"^2026-11-27T08:00:[01]\d\.\d{3}Z [0-9a-f-]{36} Task timed out after 30\.00 seconds\n$", r["@message"]));

        var healthy = await StartQueryAsync("filter @logStream like /\\[4\\]/ | sort @timestamp asc");
        var rows = Rows(await ResultsAsync(healthy.Json["queryId"]!.GetValue<string>(), null) is { } first && first["status"]!.GetValue<string>() == "Running"
            ? await ResultsAsync(healthy.Json["queryId"]!.GetValue<string>())
            : throw new InvalidOperationException("expected Running first"));
        // 0.2% of 100 a second for 20 s: 4 lines, each with the default fields.
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Equal(["@timestamp", "@message", "@logStream", "@log", "@ptr"], r.Keys));
        Assert.All(rows, r => Assert.EndsWith("\tConnectionResetError: [Errno 104] Connection reset by peer\n", r["@message"], StringComparison.Ordinal));
        Assert.All(rows, r => Assert.Equal("000000000000:/aws/lambda/influxdb_loader", r["@log"]));
    }

    [Fact]
    public async Task The_time_range_is_in_epoch_seconds_with_both_ends_included_and_results_page_with_maxItems()
    {
        _world.Routes.Canary(Fn, "5", 0.1);
        _world.Get<TrafficFaults>().Set(Fn, "5", 1);
        _world.Run(TimeSpan.FromSeconds(10));

        // Seconds 2 and 3: 20 failures each.
        var id = (await StartQueryAsync("filter @logStream like /\\[5\\]/", Start + 2, Start + 3)).Json["queryId"]!.GetValue<string>();
        _world.Run(TimeSpan.FromSeconds(1)); // a second later it is Complete without a Running answer
        var page = await ResultsAsync(id, new JsonObject { ["maxItems"] = 25 });
        Assert.Equal(("Complete", 25, 40.0), (page["status"]!.GetValue<string>(), page["results"]!.AsArray().Count, page["statistics"]!["recordsMatched"]!.GetValue<double>()));
        var rest = await ResultsAsync(id, new JsonObject { ["maxItems"] = 25, ["nextToken"] = page["nextToken"]!.DeepClone() });
        Assert.Equal(15, rest["results"]!.AsArray().Count);
        Assert.Null(rest["nextToken"]);
        Assert.All(Rows(page).Concat(Rows(rest)), r => Assert.Matches(@"^2026-11-27 08:00:0[23]\.\d{3}$", r["@timestamp"]));
    }

    [Theory]
    [InlineData("fields @message | stats count(*) by bin(1m)", 18, 23, "unsupported command 'stats'")]
    [InlineData("fields @message | filter @message = /x/", 36, 37, "expected a string")]
    [InlineData("filter @message like /(unclosed/", 21, 32, "invalid regular expression")]
    [InlineData("fields toupper(@message)", 7, 15, "unsupported function 'toupper'")]
    [InlineData("sort @timestamp desc | limit 0", 29, 30, "limit takes a number of results from 1 to 10000")]
    [InlineData("filter @message like /x/ extra", 25, 26, "unexpected symbol 'e' at position 26")]
    public async Task A_query_it_cannot_evaluate_is_a_MalformedQueryException_saying_where(string query, int start, int end, string message)
    {
        var answer = await StartQueryAsync(query);

        Assert.Equal(400, answer.Status);
        Assert.Equal("MalformedQueryException", answer.Json["__type"]!.GetValue<string>());
        Assert.Contains(message, answer.Json["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var location = answer.Json["queryCompileError"]!["location"]!;
        Assert.Equal((start, end), (location["startCharOffset"]!.GetValue<int>(), location["endCharOffset"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Bad_requests_are_refused_as_CloudWatch_Logs_refuses_them()
    {
        var unknown = await StartQueryAsync(OpsBotQuery, group: "/aws/lambda/billing");
        Assert.Equal(("ResourceNotFoundException", "Log group '/aws/lambda/billing' does not exist for account ID '000000000000'"),
            (unknown.Json["__type"]!.GetValue<string>(), unknown.Json["message"]!.GetValue<string>()));

        var both = await _aws.LogsAsync("StartQuery", JsonNode.Parse($$"""{"logGroupName":"/aws/lambda/{{Fn}}","logGroupNames":["/aws/lambda/{{Fn}}"],"startTime":1,"endTime":2,"queryString":"fields @message"}""")!);
        Assert.Equal(("InvalidParameterException", 400), (both.Json["__type"]!.GetValue<string>(), both.Status));
        var backwards = await StartQueryAsync(OpsBotQuery, Start + 10, Start);
        Assert.Equal("End time should not be before the start time", backwards.Json["message"]!.GetValue<string>());
        var text = await _aws.LogsAsync("StartQuery", JsonNode.Parse($$"""{"logGroupName":"/aws/lambda/{{Fn}}","startTime":"yesterday","endTime":2,"queryString":"fields @message"}""")!);
        Assert.Equal("SerializationException", text.Json["__type"]!.GetValue<string>());

        var byArn = await _aws.LogsAsync("StartQuery", JsonNode.Parse($$"""{"logGroupIdentifiers":["arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/{{Fn}}"],"startTime":1,"endTime":2,"queryString":"fields @message"}""")!);
        Assert.Equal(200, byArn.Status);

        var missing = await _aws.LogsAsync("GetQueryResults", new JsonObject { ["queryId"] = "00000000-0000-0000-0000-000000000000" });
        Assert.Equal("ResourceNotFoundException", missing.Json["__type"]!.GetValue<string>());
        var forged = await _aws.LogsAsync("StartQuery", new JsonObject(), secret: "wrong");
        Assert.Equal((403, "InvalidSignatureException"), (forged.Status, forged.Json["__type"]!.GetValue<string>()));
        var other = await _aws.LogsAsync("DescribeLogGroups", new JsonObject());
        Assert.Equal("UnknownOperationException", other.Json["__type"]!.GetValue<string>());
    }

    [Fact]
    public async Task StopQuery_cancels_a_running_query_and_answers_false_for_a_finished_one()
    {
        var id = (await StartQueryAsync(OpsBotQuery)).Json["queryId"]!.GetValue<string>();
        Assert.True((await _aws.LogsAsync("StopQuery", new JsonObject { ["queryId"] = id })).Json["success"]!.GetValue<bool>());
        Assert.Equal("Cancelled", (await ResultsAsync(id))["status"]!.GetValue<string>());
        Assert.False((await _aws.LogsAsync("StopQuery", new JsonObject { ["queryId"] = id })).Json["success"]!.GetValue<bool>());
    }

    [Fact]
    public async Task At_most_30_queries_run_at_once()
    {
        for (var i = 0; i < LogsQueries.MaxRunning; i++)
            Assert.Equal(200, (await StartQueryAsync(OpsBotQuery)).Status);
        var refused = await StartQueryAsync(OpsBotQuery);
        Assert.Equal(("LimitExceededException", 400), (refused.Json["__type"]!.GetValue<string>(), refused.Status));
        _world.Run(TimeSpan.FromSeconds(1));
        Assert.Equal(200, (await StartQueryAsync(OpsBotQuery)).Status);
    }

    [Fact]
    public void A_stream_keeps_its_newest_lines_only()
    {
        _world.Routes.Canary(Fn, "5", 1);
        _world.Get<TrafficFaults>().Set(Fn, "5", 1);
        _world.Run(TimeSpan.FromSeconds(12)); // 2400 failures

        var events = _world.Get<LogsWorld>().Events(["/aws/lambda/" + Fn], 0, long.MaxValue);
        Assert.Equal(LogsWorld.MaxEventsPerStream, events.Count);
        Assert.Equal((Start + 11) * 1000, events[^1].Timestamp / 1000 * 1000);
    }
}
