using System.Net;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Tests.Influx;

/// <summary>The stand-in's answers byte for byte: what InfluxDB 2.x sends for ping, health, writes and Flux queries.</summary>
public sealed class InfluxStandInWireTests : InfluxStandInTestBase
{
    private const string Header = ",result,table,_start,_stop,_time,_value,_field,_measurement";

    [Fact]
    public async Task Ping_answers_204_with_the_build_and_version_and_health_says_pass_neither_needing_a_token()
    {
        var ping = await SendAsync(new HttpRequestMessage(HttpMethod.Get, Url("ping")));
        Assert.Equal(HttpStatusCode.NoContent, ping.Status);
        Assert.Equal(("OSS", "v2.7.4"), (ping.Header("X-Influxdb-Build"), ping.Header("X-Influxdb-Version")));
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(new HttpRequestMessage(HttpMethod.Head, Url("ping")))).Status);

        var health = await SendAsync(new HttpRequestMessage(HttpMethod.Get, Url("health")));
        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.StartsWith("application/json", health.Header("Content-Type"), StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"name":"influxdb","message":"ready for queries and writes","status":"pass","checks":[],"version":"v2.7.4","commit":"407fa622e9"}
            """), health.Json), health.Body);
    }

    [Fact]
    public async Task A_written_point_is_read_back_by_last_in_InfluxDB_2s_annotated_CSV()
    {
        Assert.Equal(HttpStatusCode.NoContent, (await WriteAsync(
            "opsbot_probe,env=prod,host=sandbox latency_ms=12.5 1796292840000000000\n" +
            "opsbot_probe,env=prod,host=sandbox latency_ms=14 1796292890123000000\n" +
            "other,env=prod value=1i 1796292890000000000\n")).Status);

        var answer = await QueryAsync("""
            from(bucket: "metrics")
              |> range(start: -5m)
              |> filter(fn: (r) => r._measurement == "opsbot_probe" and r["_field"] == "latency_ms")
              |> last()
            """);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("text/csv; charset=utf-8", answer.Header("Content-Type"));
        Assert.Equal(
            "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string,string,string,string\r\n" +
            "#group,false,false,true,true,false,false,true,true,true,true\r\n" +
            "#default,_result,,,,,,,,,\r\n" +
            Header + ",env,host\r\n" +
            ",,0,2026-12-03T10:10:00Z,2026-12-03T10:15:00Z,2026-12-03T10:14:50.123Z,14,latency_ms,opsbot_probe,prod,sandbox\r\n" +
            "\r\n", answer.Body);
    }

    [Fact]
    public async Task Tables_of_one_schema_share_a_header_and_a_new_schema_starts_a_new_block_after_a_blank_line()
    {
        await WriteAsync("cpu,host=a usage=0.5 1796292800\ncpu,host=b usage=0.25 1796292810\nmem,host=a,rack=r1 used=7i 1796292820\nup,host=a ok=true 1796292830\n", precision("s"));

        var answer = await QueryAsync("from(bucket:\"metrics\") |> range(start: 2026-12-03T10:00:00Z, stop: now()) |> filter(fn: (r) => r.host == \"a\" or r.host == \"b\")");

        Assert.Equal(
            "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string,string,string\r\n" +
            "#group,false,false,true,true,false,false,true,true,true\r\n" +
            "#default,_result,,,,,,,,\r\n" +
            Header + ",host\r\n" +
            ",,0,2026-12-03T10:00:00Z,2026-12-03T10:15:00Z,2026-12-03T10:13:20Z,0.5,usage,cpu,a\r\n" +
            ",,1,2026-12-03T10:00:00Z,2026-12-03T10:15:00Z,2026-12-03T10:13:30Z,0.25,usage,cpu,b\r\n" +
            "\r\n" +
            "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,long,string,string,string,string\r\n" +
            "#group,false,false,true,true,false,false,true,true,true,true\r\n" +
            "#default,_result,,,,,,,,,\r\n" +
            Header + ",host,rack\r\n" +
            ",,2,2026-12-03T10:00:00Z,2026-12-03T10:15:00Z,2026-12-03T10:13:40Z,7,used,mem,a,r1\r\n" +
            "\r\n" +
            "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,boolean,string,string,string\r\n" +
            "#group,false,false,true,true,false,false,true,true,true\r\n" +
            "#default,_result,,,,,,,,\r\n" +
            Header + ",host\r\n" +
            ",,3,2026-12-03T10:00:00Z,2026-12-03T10:15:00Z,2026-12-03T10:13:50Z,true,ok,up,a\r\n" +
            "\r\n", answer.Body);

        static string precision(string p) => $"org=ons-data-platform&bucket=metrics&precision={p}";
    }

    [Fact]
    public async Task A_query_that_finds_nothing_is_a_blank_line_and_a_point_without_a_time_is_written_at_the_servers_now()
    {
        Assert.Equal("\r\n", (await QueryAsync("from(bucket: \"metrics\") |> range(start: -1h) |> filter(fn: (r) => r._measurement == \"nothing\")")).Body);

        await WriteAsync("opsbot_probe,probe=influxdb value=1");
        Time.Advance(TimeSpan.FromSeconds(3));
        var answer = await QueryAsync("from(bucket: \"metrics\") |> range(start: -10s) |> filter(fn: (r) => r._measurement == \"opsbot_probe\") |> yield(name: \"probe\")");

        Assert.Contains("#default,probe,,", answer.Body, StringComparison.Ordinal);
        Assert.Contains(",,0,2026-12-03T10:14:53Z,2026-12-03T10:15:03Z,2026-12-03T10:15:00Z,1,value,opsbot_probe,influxdb\r\n", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sort_and_limit_pick_rows_per_table_as_Flux_does()
    {
        await WriteAsync("lat,probe=p v=5 1796292800\nlat,probe=p v=9 1796292810\nlat,probe=p v=7 1796292820\n", "org=ons-data-platform&bucket=metrics&precision=s");

        var newest = await QueryAsync("from(bucket: \"metrics\") |> range(start: -1h) |> sort(columns: [\"_time\"], desc: true) |> limit(n: 1)");
        Assert.EndsWith(",2026-12-03T10:13:40Z,7,v,lat,p\r\n\r\n", newest.Body, StringComparison.Ordinal);
        var largest = await QueryAsync("from(bucket: \"metrics\") |> range(start: -1h) |> sort() |> last()");
        Assert.EndsWith(",2026-12-03T10:13:30Z,9,v,lat,p\r\n\r\n", largest.Body, StringComparison.Ordinal);
        var skipped = await QueryAsync("from(bucket: \"metrics\") |> range(start: -1h) |> filter(fn: (r) => r._value > 5) |> limit(n: 5, offset: 1)");
        Assert.EndsWith(",2026-12-03T10:13:40Z,7,v,lat,p\r\n\r\n", skipped.Body, StringComparison.Ordinal);
        Assert.Single(skipped.Body.Split("\r\n"), l => l.StartsWith(",,", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("wrong-token", "org=ons-data-platform&bucket=metrics", 401, "unauthorized", "unauthorized access")]
    [InlineData(Token, "org=ons-data-platform&bucket=nope", 404, "not found", "bucket \"nope\" not found")]
    [InlineData(Token, "org=elsewhere&bucket=metrics", 404, "not found", "organization name \"elsewhere\" not found")]
    [InlineData(Token, "bucket=metrics", 400, "invalid", "Please provide either orgID or org")]
    [InlineData(Token, "org=ons-data-platform&bucket=metrics&precision=h", 400, "invalid", "invalid precision \"h\": it must be ns, us, ms or s")]
    public async Task A_write_is_refused_as_InfluxDB_refuses_it(string token, string query, int status, string code, string message)
    {
        var answer = await WriteAsync("m value=1", query, token);

        Assert.Equal(status, (int)answer.Status);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["code"] = code, ["message"] = message }, answer.Json), answer.Body);
    }

    [Theory]
    [InlineData("m", "unable to parse 'm': missing fields")]
    [InlineData("m,host value=1", "unable to parse 'm,host value=1': missing tag key")]
    [InlineData("m value=abc", "unable to parse 'm value=abc': invalid number")]
    [InlineData("m value=\"open", "unable to parse 'm value=\"open': unbalanced quotes")]
    [InlineData("m value=1 soon", "unable to parse 'm value=1 soon': bad timestamp")]
    public async Task A_line_that_does_not_parse_is_answered_400_and_nothing_is_written(string line, string message)
    {
        var answer = await WriteAsync($"m value=2\n{line}\n");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(("invalid", message), (answer.Json["code"]!.GetValue<string>(), answer.Json["message"]!.GetValue<string>()));
        Assert.Equal("\r\n", (await QueryAsync("from(bucket: \"metrics\") |> range(start: -1h)")).Body);
    }

    [Fact]
    public async Task Escapes_string_fields_and_a_field_type_conflict_are_read_as_InfluxDB_reads_them()
    {
        Assert.Equal(HttpStatusCode.NoContent, (await WriteAsync("my\\ measure,tag\\,key=a\\ b note=\"say \\\"hi\\\", then go\",n=3u 1796292840000000000\n")).Status);
        var conflict = await WriteAsync("my\\ measure,tag\\,key=a\\ b n=4 1796292850000000000\n");
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "unprocessable entity"), (conflict.Status, conflict.Json["code"]!.GetValue<string>()));
        Assert.Contains("field type conflict: input field \"n\" on measurement \"my measure\" is type float, already exists as type unsigned", conflict.Json["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var answer = await QueryAsync("from(bucket: \"metrics\") |> range(start: -1h) |> filter(fn: (r) => r[\"tag,key\"] =~ /^a b$/ and r._field != \"n\")");
        Assert.EndsWith(Header + ",\"tag,key\"\r\n" +
            ",,0,2026-12-03T09:15:00Z,2026-12-03T10:15:00Z,2026-12-03T10:14:00Z,\"say \"\"hi\"\", then go\",note,my measure,a b\r\n\r\n", answer.Body);
    }

    [Theory]
    [InlineData("from(bucket: \"metrics\") |> filter(fn: (r) => r._measurement == \"m\")", 400, "error in building plan while starting program: cannot submit unbounded read to \"metrics\"; try bounding 'from' with a call to 'range'")]
    [InlineData("from(bucket: \"metrics\") |> range(start: -1h) |> mean()", 400, "compilation failed: error @1:49-1:53: mean() is not supported: the sandbox's InfluxDB stand-in evaluates only")]
    [InlineData("import \"array\"\narray.from(rows: [])", 400, "compilation failed: error @1:1-1:7: import() is not supported")]
    [InlineData("from(bucket: \"metrics\") |> range(start: -1mo)", 400, "the duration unit mo is not supported")]
    [InlineData("from(bucket: \"metrics\") |> range(start: -1h) |> filter(fn: (r) => r._value > x)", 400, "r._value can be compared with a string, number or boolean literal here")]
    [InlineData("from(bucket: \"metrics\") |> range(start: -1h)\nx = 1", 400, "compilation failed: error @2:1-2:6: a second statement")]
    [InlineData("from(bucket: \"archive\") |> range(start: -1h)", 404, "failed to initialize execute state: could not find bucket \"archive\"")]
    public async Task A_query_the_stand_in_cannot_evaluate_is_refused_saying_where_and_what_it_evaluates(string flux, int status, string message)
    {
        var answer = await QueryAsync(flux);

        Assert.Equal(status, (int)answer.Status);
        Assert.Equal(status == 404 ? "not found" : "invalid", answer.Json["code"]!.GetValue<string>());
        Assert.Contains(message, answer.Json["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_with_a_wrong_token_is_401_and_an_unknown_path_404()
    {
        var refused = await QueryAsync("from(bucket: \"metrics\") |> range(start: -1h)", token: "nope");
        Assert.Equal((HttpStatusCode.Unauthorized, "unauthorized access"), (refused.Status, refused.Json["message"]!.GetValue<string>()));
        var missing = await SendAsync(new HttpRequestMessage(HttpMethod.Get, Url("api/v2/buckets")));
        Assert.Equal((HttpStatusCode.NotFound, "path not found"), (missing.Status, missing.Json["message"]!.GetValue<string>()));
    }
}
