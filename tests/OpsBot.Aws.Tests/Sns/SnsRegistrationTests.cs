using Microsoft.Extensions.DependencyInjection;
using OpsBot.Aws.Sns;
using OpsBot.Aws.Tests.Http;
using OpsBot.Core.Configuration;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Tests.Sns;

public sealed class SnsRegistrationTests
{
    [Fact]
    public void The_ops_notifier_resolves_over_the_transport_in_di()
    {
        using var provider = new ServiceCollection()
            .AddLogging()
            .Configure<OpsBotOptions>(_ => { })
            .AddSingleton(TestAws.Transport(new RecordingHandler()))
            .AddAwsSns()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<SnsOpsNotifier>(provider.GetRequiredService<IOpsNotifier>());
        Assert.Same(provider.GetRequiredService<SnsClient>(), provider.GetRequiredService<SnsClient>());
    }
}
