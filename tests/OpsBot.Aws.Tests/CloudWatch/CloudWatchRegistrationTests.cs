using Microsoft.Extensions.DependencyInjection;
using OpsBot.Aws.CloudWatch;
using OpsBot.Aws.Tests.Http;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Tests.CloudWatch;

public sealed class CloudWatchRegistrationTests
{
    [Fact]
    public void The_metric_and_alarm_ports_resolve_over_the_transport_in_di()
    {
        using var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TestAws.Transport(new RecordingHandler()))
            .AddAwsCloudWatch()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<CloudWatchMetricsSource>(provider.GetRequiredService<IMetricsSource>());
        Assert.IsType<CloudWatchAlarmSource>(provider.GetRequiredService<IAlarmSource>());
        Assert.Same(provider.GetRequiredService<CloudWatchClient>(), provider.GetRequiredService<CloudWatchClient>());
    }
}
