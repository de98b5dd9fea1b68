using Microsoft.Extensions.DependencyInjection;
using OpsBot.Aws.CodeDeploy;
using OpsBot.Aws.Tests.Http;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Tests.CodeDeploy;

public sealed class CodeDeployRegistrationTests
{
    [Fact]
    public void The_codedeploy_engine_is_registered_once_over_the_transport_from_di()
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(TestAws.Transport(new RecordingHandler()));
        services.AddAwsCodeDeploy();
        services.AddAwsCodeDeploy();

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<CodeDeployRouter>(Assert.Single(provider.GetServices<IDelegatedRouter>()));
        Assert.Same(provider.GetRequiredService<CodeDeployClient>(), provider.GetRequiredService<CodeDeployClient>());
    }
}
