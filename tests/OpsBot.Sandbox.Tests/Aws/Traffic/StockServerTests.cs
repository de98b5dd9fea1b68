using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Sandbox.Aws;
using OpsBot.Sandbox.Aws.CloudWatch;
using OpsBot.Sandbox.Aws.Shared;
using OpsBot.Sandbox.Aws.Traffic;

namespace OpsBot.Sandbox.Tests.Aws.Traffic;

public sealed class StockServerTests
{
    [Fact]
    public async Task The_stock_server_runs_the_seeds_traffic_on_every_alias_as_the_Lambda_world_routes_it()
    {
        var time = new FakeTimeProvider(EmulatorWorld.DefaultStart);
        await using var server = new AwsEmulatorServer(configure: o => o.InvocationsPerSecond = 50, time: time);
        await server.StartAsync();
        var clockwork = server.Services.GetRequiredService<SandboxClockwork>();
        clockwork.TickAll();
        time.Advance(TimeSpan.FromSeconds(3));
        clockwork.TickAll();

        var store = server.Services.GetRequiredService<MetricStore>();
        var second = EmulatorWorld.DefaultStart.ToUnixTimeSeconds() + 2;
        foreach (var function in SandboxSeed.Functions)
        {
            var live = store.At(MetricKey.Of(LambdaMetrics.Namespace, LambdaMetrics.Invocations,
                LambdaMetrics.VersionDimensions(function, SandboxSeed.Alias, SandboxSeed.LiveVersion)), second);
            Assert.Equal(50, live?.Sum);
        }
        Assert.IsType<OpsBot.Sandbox.Aws.Lambda.LambdaWorld>(server.Services.GetRequiredService<ITrafficRoutes>());
        Assert.Equal(20, server.Services.GetRequiredService<SandboxAlarms>().States().Count);
    }
}
