using System.Diagnostics;
using System.Net.Http;
using System.Net.Sockets;
using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Core.Exceptions;
using InfluxDB.Client.Writes;
using OpsBot.Sandbox.Influx;

namespace OpsBot.Sandbox.Tests.Influx;

/// <summary>
/// The official InfluxDB.Client (5.1.0) against the stand-in, as the probe uses it: VersionAsync reads the version from
/// <c>/ping</c>, a point written is read back by a Flux query through the client's own CSV parser, a wrong token is
/// refused; and the faults: down refuses the connection, up serves the same data on the same port again, slow delays
/// every answer. The stand-in runs on the wall clock here, as the client stamps points with it.
/// </summary>
public sealed class InfluxClientAgainstTheStandInTests() : InfluxStandInTestBase(TimeProvider.System)
{
    private InfluxDBClient Client(string token = Token) =>
        new(new InfluxDBClientOptions(StandIn.BaseUrl.ToString()) { Token = token, Org = "ons-data-platform", Bucket = "metrics", Timeout = TimeSpan.FromSeconds(10) });

    [Fact]
    public async Task The_client_reads_the_version_writes_a_point_and_queries_it_back()
    {
        using var client = Client();

        Assert.Equal("v2.7.4", await client.VersionAsync());
        var at = DateTime.UtcNow.AddSeconds(-1);
        await client.GetWriteApiAsync().WritePointAsync(PointData.Measurement("opsbot_probe").Tag("probe", "influxdb").Field("roundtrip", 42.5).Timestamp(at, WritePrecision.Ms));

        var tables = await client.GetQueryApi().QueryAsync(
            "from(bucket: \"metrics\") |> range(start: -1m) |> filter(fn: (r) => r._measurement == \"opsbot_probe\" and r.probe == \"influxdb\") |> last()",
            "ons-data-platform");

        var record = Assert.Single(Assert.Single(tables).Records);
        Assert.Equal((42.5, "roundtrip", "opsbot_probe", "influxdb"), ((double)record.GetValue(), record.GetField(), record.GetMeasurement(), (string)record.GetValueByKey("probe")));
        Assert.Equal(new DateTimeOffset(at).ToUnixTimeMilliseconds(), record.GetTimeInDateTime()!.Value.Ticks / 10_000 - DateTimeOffset.UnixEpoch.UtcTicks / 10_000);
    }

    [Fact]
    public async Task A_wrong_token_is_refused_as_unauthorized_and_an_unsupported_query_as_a_bad_request()
    {
        using var wrong = Client("not-the-token");
        var refused = await Assert.ThrowsAsync<UnauthorizedException>(() => wrong.GetQueryApi().QueryAsync("from(bucket: \"metrics\") |> range(start: -1m)", "ons-data-platform"));
        Assert.Equal("unauthorized access", refused.Message);

        using var client = Client();
        var bad = await Assert.ThrowsAsync<BadRequestException>(() => client.GetQueryApi().QueryAsync("from(bucket: \"metrics\") |> range(start: -1m) |> mean()", "ons-data-platform"));
        Assert.Contains("mean() is not supported", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Down_refuses_connections_up_serves_the_same_data_on_the_same_port_and_slow_delays_each_answer()
    {
        using var client = Client();
        await client.GetWriteApiAsync().WriteRecordAsync("opsbot_probe value=1", WritePrecision.Ns);
        var url = StandIn.BaseUrl;

        await StandIn.GoDownAsync();
        Assert.Equal(InfluxState.Down, StandIn.State);
        var down = await Assert.ThrowsAsync<InfluxException>(() => client.VersionAsync());
        Assert.Contains(Causes(down).OfType<SocketException>(), s => s.SocketErrorCode == SocketError.ConnectionRefused);
        await Assert.ThrowsAsync<HttpRequestException>(() => Http.GetAsync(new Uri(url, "ping")));

        await StandIn.ComeUpAsync();
        Assert.Equal((InfluxState.Up, url), (StandIn.State, StandIn.BaseUrl));
        var tables = await client.GetQueryApi().QueryAsync("from(bucket: \"metrics\") |> range(start: -1h) |> filter(fn: (r) => r._measurement == \"opsbot_probe\")", "ons-data-platform");
        Assert.Equal(1.0, (double)Assert.Single(Assert.Single(tables).Records).GetValue());

        await StandIn.SlowDownAsync(300);
        Assert.Equal((InfluxState.Slow, 300), (StandIn.State, StandIn.LatencyMs));
        var clock = Stopwatch.StartNew();
        Assert.Equal("v2.7.4", await client.VersionAsync());
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(290), $"answered after {clock.Elapsed}");
    }

    private static IEnumerable<Exception> Causes(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            yield return x;
    }
}
