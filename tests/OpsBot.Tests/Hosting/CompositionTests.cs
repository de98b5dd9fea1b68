using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Cli;
using OpsBot.Core.Ports;
using OpsBot.Hosting;

namespace OpsBot.Tests.Hosting;

public sealed class CompositionTests
{
    [Fact]
    public async Task The_host_wires_every_AWS_port_to_the_AWS_adapter_and_no_fake()
    {
        await using var app = OpsBotHost.Build(["--OpsBot:Storage:ConnectionString=Data Source=/tmp/opsbot-composition.db"]);
        Type[] ports = [typeof(ITrafficRouter), typeof(IFunctionVersions), typeof(IDelegatedRouter), typeof(IMetricsSource),
            typeof(IAlarmSource), typeof(IOpsNotifier), typeof(IFeatureFlags)];

        foreach (var port in ports)
        {
            var implementation = app.Services.GetRequiredService(port).GetType();
            Assert.Equal("OpsBot.Aws", implementation.Assembly.GetName().Name);
        }
    }

    [Fact]
    public async Task The_host_runs_influxdb_and_http_probes_with_the_probes_adapter()
    {
        await using var app = OpsBotHost.Build(["--OpsBot:Storage:ConnectionString=Data Source=/tmp/opsbot-composition-probes.db"]);

        var probes = app.Services.GetServices<IHealthProbe>().ToDictionary(p => p.Type, p => p.GetType().Assembly.GetName().Name);

        Assert.Equal("OpsBot.Probes", probes["influxdb"]);
        Assert.Equal("OpsBot.Probes", probes["http"]);
    }

    [Fact]
    public async Task A_bad_probe_setting_stops_the_start_and_is_named_by_its_key()
    {
        var error = new StringWriter();
        var code = await OpsBotCommandLine.Create()
            .Parse(["serve", "--OpsBot:Environments:prod:Probes:influx:Type=influxdb", "--OpsBot:Environments:prod:Probes:influx:Url=influx:8086",
                "--OpsBot:Environments:prod:Probes:api:Type=http", "--OpsBot:Environments:prod:Probes:api:Url=http://api.example.com/health",
                "--OpsBot:Storage:ConnectionString=Data Source=/tmp/opsbot-composition-bad-probe.db", "--urls=http://127.0.0.1:0"])
            .InvokeAsync(new InvocationConfiguration { Error = error, EnableDefaultExceptionHandler = false });

        Assert.Equal(2, code);
        Assert.Contains("OpsBot:Environments:prod:Probes:influx:Url: 'influx:8086' must be an absolute http(s) URL", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("OpsBot:Environments:prod:Probes:api:Url: 'http://api.example.com/health' is plain http on a host that is not loopback", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_aws_setting_stops_the_start_and_is_named()
    {
        var error = new StringWriter();
        var code = await OpsBotCommandLine.Create()
            .Parse(["serve", "--OpsBot:Aws:MaxAttempts=0", "--OpsBot:Aws:ServiceUrls:lamda=http://127.0.0.1:4566", "--OpsBot:Storage:ConnectionString=Data Source=/tmp/opsbot-composition-bad.db", "--urls=http://127.0.0.1:0"])
            .InvokeAsync(new InvocationConfiguration { Error = error, EnableDefaultExceptionHandler = false });

        Assert.Equal(2, code);
        Assert.Contains("OpsBot:Aws:MaxAttempts: must be within 1..10, not 0", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("OpsBot:Aws:ServiceUrls:lamda: unknown service (known: lambda, codedeploy, cloudwatch, appconfig, sns, logs)", error.ToString(), StringComparison.Ordinal);
    }
}
