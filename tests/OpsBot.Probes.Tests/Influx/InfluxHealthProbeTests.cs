using System.Text.Json;
using System.Text.RegularExpressions;
using OpsBot.Core.Ports;
using OpsBot.Probes.Tests.Support;

namespace OpsBot.Probes.Tests.Influx;

public sealed class InfluxHealthProbeTests : IDisposable
{
    private const string Token = "s3cr3t-influx-token-0123456789";

    private readonly ProbeHost _host = new();

    public void Dispose() => _host.Dispose();

    private static ProbeOptions Options(string url, bool roundTrip = false, double? maxLatencyMs = null) => new()
    {
        Type = "influxdb",
        Url = url,
        Org = "ons",
        Bucket = "probes",
        Token = Token,
        Measurement = roundTrip ? "opsbot_probe" : null,
        MaxLatencyMs = maxLatencyMs,
    };

    private Task<ProbeResult> CheckAsync(ProbeOptions options) => _host.CheckAsync("influxdb", options, "influxdb");

    [Fact]
    public async Task A_2x_server_is_pinged_and_named_with_its_version_and_health()
    {
        await using var influx = await FakeInfluxServer.StartAsync(InfluxKind.V2);

        var result = await CheckAsync(Options(influx.Url));

        Assert.True(result.Healthy, result.Detail);
        Assert.Equal("influxdb", result.Name);
        Assert.Equal("InfluxDB 2.7.4 (2.x), ping 0 ms", result.Detail);
        Assert.Equal("0 ms", result.Measured);
        Assert.Equal(["InfluxDB 2.7.4 (2.x)", "ping 0 ms", "health pass (ready for queries and writes)"], result.Facts);
        Assert.Equal(["GET /ping", "GET /health"], influx.Requests.Select(r => $"{r.Method} {r.PathAndQuery}"));
        Assert.Empty(influx.Lines);
    }

    [Fact]
    public async Task The_round_trip_writes_one_point_and_reads_it_back_with_flux_within_the_threshold()
    {
        await using var influx = await FakeInfluxServer.StartAsync(InfluxKind.V2);
        influx.Token = Token;
        influx.BeforeAnswer = path => { if (path == "/api/v2/query") _host.Time.Advance(TimeSpan.FromMilliseconds(12)); };

        var result = await CheckAsync(Options(influx.Url, roundTrip: true, maxLatencyMs: 250));

        Assert.True(result.Healthy, result.Detail);
        Assert.Equal("round trip 12 ms", result.Detail);
        Assert.Equal("12 ms", result.Measured);
        Assert.Equal("≤ 250 ms", result.Threshold);
        Assert.Contains("InfluxDB 2.7.4 (2.x)", result.Facts);
        Assert.Contains("write+query 12 ms", result.Facts);

        var line = Assert.Single(influx.Lines);
        Assert.Matches("""^opsbot_probe,probe=influxdb nonce="[0-9a-f]{32}"$""", line);
        var write = Assert.Single(influx.Requests, r => r.PathAndQuery.StartsWith("/api/v2/write", StringComparison.Ordinal));
        Assert.Equal("POST /api/v2/write?org=ons&bucket=probes&precision=ns", $"{write.Method} {write.PathAndQuery}");
        Assert.Equal($"Token {Token}", write.Authorization);
        var query = Assert.Single(influx.Requests, r => r.PathAndQuery.StartsWith("/api/v2/query", StringComparison.Ordinal));
        Assert.Equal("POST /api/v2/query?org=ons", $"{query.Method} {query.PathAndQuery}");
        var flux = JsonDocument.Parse(query.Body).RootElement.GetProperty("query").GetString()!;
        Assert.StartsWith("from(bucket: \"probes\")", flux, StringComparison.Ordinal);
        Assert.Contains($"r._value == \"{Regex.Match(line, "nonce=\"(.+)\"").Groups[1].Value}\"", flux, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_round_trip_writes_a_value_of_its_own_under_one_series()
    {
        await using var influx = await FakeInfluxServer.StartAsync(InfluxKind.V2);

        Assert.True((await CheckAsync(Options(influx.Url, roundTrip: true))).Healthy);
        Assert.True((await CheckAsync(Options(influx.Url, roundTrip: true))).Healthy);

        Assert.Equal(2, influx.Lines.Distinct().Count());
        Assert.Single(influx.Lines.Select(l => l[..l.IndexOf(' ', StringComparison.Ordinal)]).Distinct());
    }

    [Fact]
    public async Task A_round_trip_slower_than_MaxLatencyMs_fails_with_the_measured_value_and_the_threshold()
    {
        await using var influx = await FakeInfluxServer.StartAsync(InfluxKind.V2);
        influx.BeforeAnswer = path => { if (path == "/api/v2/query") _host.Time.Advance(TimeSpan.FromMilliseconds(412)); };

        var result = await CheckAsync(Options(influx.Url, roundTrip: true, maxLatencyMs: 250));

        Assert.False(result.Healthy);
        Assert.Equal("round trip 412 ms > 250 ms", result.Detail);
        Assert.Equal("412 ms", result.Measured);
        Assert.Equal("≤ 250 ms", result.Threshold);
    }

    [Fact]
    public async Task A_point_that_does_not_come_back_fails_the_round_trip()
    {
        await using var influx = await FakeInfluxServer.StartAsync(InfluxKind.V2);
        influx.Forgetful = true;

        var result = await CheckAsync(Options(influx.Url, roundTrip: true));

        Assert.False(result.Healthy);
        Assert.Equal("the point written was not read back", result.Detail);
    }

    [Fact]
    public async Task A_refused_token_fails_the_round_trip_and_says_to_check_it()
    {
        await using var influx = await FakeInfluxServer.StartAsync(InfluxKind.V2);
        influx.Token = "another-token-entirely";

        var result = await CheckAsync(Options(influx.Url, roundTrip: true));

        Assert.False(result.Healthy);
        Assert.Equal("write refused: unauthorized (401: check the token)", result.Detail);
    }

    [Fact]
    public async Task A_2x_server_whose_health_fails_is_unhealthy_and_says_why()
    {
        await using var influx = await FakeInfluxServer.StartAsync(InfluxKind.V2);
        influx.Health = "fail";

        var result = await CheckAsync(Options(influx.Url, roundTrip: true));

        Assert.False(result.Healthy);
        Assert.Equal("health fail: storage engine unavailable", result.Detail);
        Assert.Equal("fail", result.Measured);
        Assert.Equal("pass", result.Threshold);
        Assert.Empty(influx.Lines);
    }

    [Fact]
    public async Task A_1x_server_is_pinged_only_and_named_1x_even_with_a_measurement_configured()
    {
        await using var influx = await FakeInfluxServer.StartAsync(InfluxKind.V1);

        var result = await CheckAsync(Options(influx.Url, roundTrip: true, maxLatencyMs: 250));

        Assert.True(result.Healthy, result.Detail);
        Assert.Equal("InfluxDB 1.6.7~rc0 (1.x: ping only), ping 0 ms", result.Detail);
        Assert.Equal(["InfluxDB 1.6.7~rc0 (1.x: ping only)", "ping 0 ms", "round trip unsupported on 1.x (no v2 write and Flux query API)"], result.Facts);
        Assert.DoesNotContain(influx.Requests, r => r.PathAndQuery.StartsWith("/api/v2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_InfluxDB_3_is_reachable_and_its_round_trip_unsupported_not_down()
    {
        await using var influx = await FakeInfluxServer.StartAsync(InfluxKind.V3);

        var result = await CheckAsync(Options(influx.Url, roundTrip: true));

        Assert.True(result.Healthy, result.Detail);
        Assert.Contains("InfluxDB 3.0.1 (3.x: no Flux)", result.Facts);
        Assert.Contains("round trip unsupported (InfluxDB 3: no Flux)", result.Facts);
        Assert.DoesNotContain(influx.Requests, r => r.PathAndQuery.StartsWith("/api/v2/query", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_that_refuses_Flux_queries_makes_the_round_trip_unsupported_not_down()
    {
        await using var influx = await FakeInfluxServer.StartAsync(InfluxKind.NoFlux);

        var result = await CheckAsync(Options(influx.Url, roundTrip: true, maxLatencyMs: 250));

        Assert.True(result.Healthy, result.Detail);
        Assert.Equal("reachable; round trip unsupported (the server runs no Flux query (405))", result.Detail);
        Assert.Contains("InfluxDB (version not given) (2.x)", result.Facts);
        Assert.Null(result.Measured);
    }

    [Fact]
    public async Task A_closed_port_is_connection_refused()
    {
        var result = await CheckAsync(Options(LoopbackPorts.ClosedUrl(), roundTrip: true));

        Assert.False(result.Healthy);
        Assert.Equal("connection refused", result.Detail);
        Assert.Equal("connection refused", result.Measured);
        Assert.Empty(result.Facts);
    }

    [Fact]
    public async Task A_server_that_answers_later_than_the_probe_timeout_has_timed_out()
    {
        await using var influx = await FakeInfluxServer.StartAsync(InfluxKind.V2);
        influx.HangOn = "/ping";
        var options = Options(influx.Url);
        options.Timeout = TimeSpan.FromSeconds(5);

        var check = CheckAsync(options);
        await influx.Reached("/ping");
        _host.Time.Advance(TimeSpan.FromSeconds(5));
        var result = await check;

        Assert.False(result.Healthy);
        Assert.Equal("timed out after 5 s", result.Detail);
    }

    [Fact]
    public async Task A_slow_health_answer_counts_against_the_same_deadline()
    {
        await using var influx = await FakeInfluxServer.StartAsync(InfluxKind.V2);
        influx.BeforeAnswer = path => { if (path == "/ping") _host.Time.Advance(TimeSpan.FromSeconds(1)); };
        influx.HangOn = "/health";
        var options = Options(influx.Url);
        options.Timeout = TimeSpan.FromSeconds(2);

        var check = CheckAsync(options);
        await influx.Reached("/health");
        _host.Time.Advance(TimeSpan.FromSeconds(1));
        var result = await check;

        Assert.Equal("timed out after 2 s", result.Detail);
    }

    [Fact]
    public async Task The_token_is_never_shown_nor_logged_even_when_a_server_quotes_it()
    {
        await using var influx = await FakeInfluxServer.StartAsync(InfluxKind.V2);
        influx.Token = "another-token-entirely";
        influx.EchoAuthorization = true;
        List<ProbeResult> results =
        [
            await CheckAsync(Options(influx.Url, roundTrip: true)),
            await CheckAsync(Options(LoopbackPorts.ClosedUrl(), roundTrip: true)),
        ];
        influx.Token = Token;
        results.Add(await CheckAsync(Options(influx.Url, roundTrip: true, maxLatencyMs: 250)));

        Assert.Contains(influx.Requests, r => r.Authorization == $"Token {Token}");
        Assert.Contains(_host.Logs.Lines, l => l.Contains("Probe influxdb in prod", StringComparison.Ordinal));
        foreach (var r in results)
        {
            var shown = string.Join('\n', [r.Detail, r.Measured, r.Threshold, .. r.Facts]);
            Assert.DoesNotContain(Token, shown, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(Token, _host.Logs.All, StringComparison.Ordinal);
    }
}
