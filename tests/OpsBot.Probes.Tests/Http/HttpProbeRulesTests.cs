using OpsBot.Core.Configuration;
using OpsBot.Core.Ports;
using OpsBot.Probes.Http;

namespace OpsBot.Probes.Tests.Http;

public sealed class HttpProbeRulesTests
{
    private static ProbeOptions Valid(string url = "https://api.example.com/health") => new()
    {
        Type = "http", Url = url, Headers = new(StringComparer.OrdinalIgnoreCase) { ["x-api-key"] = "k3y-secret" }, JsonField = "status", JsonValue = "ok",
    };

    [Theory]
    [InlineData("https://api.example.com/health")]
    [InlineData("http://127.0.0.1:8080/health")]
    [InlineData("http://localhost/health")]
    [InlineData("http://[::1]:9000/health")]
    public void Https_anywhere_and_plain_http_on_loopback_are_valid(string url)
    {
        Assert.Empty(HttpProbeRules.Problems(Valid(url)));
    }

    [Theory]
    [InlineData("http://api.example.com/health", "Url: 'http://api.example.com/health' is plain http on a host that is not loopback; the headers would cross the network in clear: use https")]
    [InlineData("http://api.example.com/health?key=abc", "Url: 'http://api.example.com/health?…' is plain http on a host that is not loopback; the headers would cross the network in clear: use https")]
    [InlineData("api.example.com/health", "Url: 'api.example.com/health' must be an absolute http(s) URL")]
    [InlineData(null, "Url: is required")]
    public void Other_urls_are_refused(string? url, string problem)
    {
        Assert.Equal([problem], HttpProbeRules.Problems(Valid(url!)));
    }

    [Fact]
    public void JsonField_and_JsonValue_go_together()
    {
        var o = Valid();
        o.JsonValue = null;
        Assert.Equal(["JsonValue: JsonField needs the value it must have"], HttpProbeRules.Problems(o));

        o = Valid();
        o.JsonField = null;
        Assert.Equal(["JsonField: JsonValue needs the field it is compared with (a name or a dotted path: checks.db)"], HttpProbeRules.Problems(o));

        o = Valid();
        o.JsonField = "checks..db";
        Assert.Equal(["JsonField: 'checks..db' is not a dotted path of field names"], HttpProbeRules.Problems(o));
    }

    [Fact]
    public void A_bad_header_is_named_without_its_value()
    {
        var o = Valid();
        o.Headers["x-api-key"] = "k3y-secret\r\nX-Injected: 1";
        o.Headers["bad name"] = "v";

        Assert.Equal(
        [
            "Headers:x-api-key: the value is empty or holds a line break",
            "Headers:bad name: is not a valid header name",
        ], HttpProbeRules.Problems(o));
    }

    [Theory]
    [InlineData(99)]
    [InlineData(600)]
    public void ExpectStatus_is_an_HTTP_status(int status)
    {
        var o = Valid();
        o.ExpectStatus = status;

        Assert.Equal([$"ExpectStatus: must be an HTTP status within 100..599, not {status}"], HttpProbeRules.Problems(o));
    }

    [Fact]
    public void The_options_validator_names_each_problem_by_the_probe_key()
    {
        using var host = new Support.ProbeHost();
        var validator = new OpsBotOptionsValidator([host.Probe("http"), host.Probe("influxdb")]);
        var options = new OpsBotOptions();
        options.Environments["prod"] = new EnvironmentOptions();
        options.Environments["prod"].Probes["api"] = Valid("http://api.example.com/health");
        options.Environments["prod"].Probes["influxdb"] = new ProbeOptions { Type = "influxdb", Url = "http://influx:8086", Measurement = "opsbot_probe", Org = "ons", Bucket = "probes" };

        var failures = validator.Validate(null, options).Failures ?? [];

        Assert.Contains("OpsBot:Environments:prod:Probes:api:Url: 'http://api.example.com/health' is plain http on a host that is not loopback; the headers would cross the network in clear: use https", failures);
        Assert.Contains(failures, f => f.StartsWith("OpsBot:Environments:prod:Probes:influxdb:Token: the write+query round trip (Measurement) needs Token", StringComparison.Ordinal));
    }
}
