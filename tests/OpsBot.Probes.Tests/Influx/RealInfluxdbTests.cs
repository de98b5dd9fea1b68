using OpsBot.Core.Ports;
using OpsBot.Probes.Tests.Support;

namespace OpsBot.Probes.Tests.Influx;

/// <summary>
/// The influxdb probe against a real InfluxDB 1.x (Debian's influxdb package, which <c>.ci/run</c> installs). Without
/// influxd the test is skipped on a developer's machine but fails under <c>CI=true</c>, so CI cannot pass without it.
/// </summary>
public sealed class RealInfluxdbTests
{
    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    [SkippableFact]
    public async Task A_real_influxd_1x_is_healthy_by_ping_named_1x_and_connection_refused_once_stopped()
    {
        var executable = Influxd.Find();
        if (executable is null)
        {
            Assert.False(InCi, "influxd is not installed, and under CI=true this test must run: .ci/run installs Debian's influxdb");
            Skip.If(true, "influxd is not installed (apt-get install influxdb, as .ci/run does)");
        }
        using var host = new ProbeHost(TimeProvider.System);
        var influxd = await Influxd.StartAsync(executable!);
        ProbeResult ping, withMeasurement;
        try
        {
            ping = await host.CheckAsync("influxdb", new ProbeOptions { Type = "influxdb", Url = influxd.Url, Timeout = TimeSpan.FromSeconds(10) }, "influxdb");
            withMeasurement = await host.CheckAsync("influxdb", new ProbeOptions
            {
                Type = "influxdb", Url = influxd.Url, Timeout = TimeSpan.FromSeconds(10),
                Org = "ons", Bucket = "probes", Token = "not-used-by-1x-token", Measurement = "opsbot_probe", MaxLatencyMs = 1000,
            }, "influxdb");
        }
        finally
        {
            await influxd.DisposeAsync();
        }
        var stopped = await host.CheckAsync("influxdb", new ProbeOptions { Type = "influxdb", Url = influxd.Url }, "influxdb");

        Assert.True(ping.Healthy, $"{ping.Detail}\n{influxd.Output}");
        Assert.Matches(@"^InfluxDB 1\.\d+\.\S+ \(1\.x: ping only\), ping \d+ ms$", ping.Detail);
        Assert.Matches(@"^InfluxDB 1\.\d+\.\S+ \(1\.x: ping only\)$", ping.Facts[0]);
        Assert.Matches(@"^ping \d+ ms$", ping.Facts[1]);
        Assert.True(withMeasurement.Healthy, withMeasurement.Detail);
        Assert.Contains("round trip unsupported on 1.x (no v2 write and Flux query API)", withMeasurement.Facts);
        Assert.False(stopped.Healthy);
        Assert.Equal("connection refused", stopped.Detail);
    }
}
