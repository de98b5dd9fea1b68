using Microsoft.Extensions.DependencyInjection;
using OpsBot.Aws.Logs;
using OpsBot.Aws.Tests.Http;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Tests.Logs;

public sealed class LogsRegistrationTests
{
    [Fact]
    public void The_log_search_port_resolves_over_the_transport_in_di()
    {
        using var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TestAws.Transport(new RecordingHandler()))
            .AddAwsLogs()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<CloudWatchLogSearch>(provider.GetRequiredService<ILogSearch>());
        Assert.Same(provider.GetRequiredService<LogsClient>(), provider.GetRequiredService<LogsClient>());
        Assert.Same(provider.GetRequiredService<FunctionLogGroups>(), provider.GetRequiredService<FunctionLogGroups>());
    }
}
