using OpsBot.Core.Ports;
using OpsBot.Probes.Influx;

namespace OpsBot.Probes.Tests.Influx;

public sealed class InfluxProbeRulesTests
{
    private static ProbeOptions Valid() => new()
    {
        Type = "influxdb", Url = "http://influx:8086", Org = "ons", Bucket = "probes", Token = "t0ken-value", Measurement = "opsbot_probe", MaxLatencyMs = 250,
    };

    [Fact]
    public void A_full_round_trip_probe_is_valid_and_plain_http_is_allowed_on_any_host()
    {
        Assert.Empty(InfluxProbeRules.Problems(Valid()));
        Assert.Empty(InfluxProbeRules.Problems(new ProbeOptions { Type = "influxdb", Url = "https://influx.example.com" }));
    }

    [Theory]
    [InlineData(null, "Url: is required")]
    [InlineData("influx:8086", "Url: 'influx:8086' must be an absolute http(s) URL")]
    [InlineData("/influx", "Url: '/influx' must be an absolute http(s) URL")]
    [InlineData("ftp://influx", "Url: 'ftp://influx' must be an absolute http(s) URL")]
    [InlineData("http://user:pw@influx:8086", "Url: must not carry credentials; put them in Token or Headers")]
    public void The_url_must_be_absolute_http(string? url, string problem)
    {
        var o = Valid();
        o.Url = url;

        Assert.Equal([problem], InfluxProbeRules.Problems(o));
    }

    [Fact]
    public void A_measurement_needs_org_bucket_and_token()
    {
        var o = new ProbeOptions { Type = "influxdb", Url = "http://influx:8086", Measurement = "opsbot_probe" };

        Assert.Equal(
        [
            "Org: the write+query round trip (Measurement) needs Org",
            "Bucket: the write+query round trip (Measurement) needs Bucket",
            "Token: the write+query round trip (Measurement) needs Token (e.g. from OpsBot__Environments__<env>__Probes__<name>__Token)",
        ], InfluxProbeRules.Problems(o));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(double.NaN)]
    public void MaxLatencyMs_must_be_positive(double max)
    {
        var o = Valid();
        o.MaxLatencyMs = max;

        Assert.Equal([$"MaxLatencyMs: must be a positive number of milliseconds, not {max}"], InfluxProbeRules.Problems(o));
    }

    [Fact]
    public void MaxLatencyMs_without_a_round_trip_is_refused_rather_than_silently_ignored()
    {
        var o = new ProbeOptions { Type = "influxdb", Url = "http://influx:8086", MaxLatencyMs = 250 };

        Assert.Equal(["MaxLatencyMs: bounds the write+query round trip; set Measurement (with Org, Bucket, Token) too"], InfluxProbeRules.Problems(o));
    }

    [Fact]
    public void A_problem_never_quotes_the_token()
    {
        var o = Valid();
        o.Token = "bad token\n";

        var problem = Assert.Single(InfluxProbeRules.Problems(o));
        Assert.Equal("Token: contains whitespace or control characters", problem);
    }
}
