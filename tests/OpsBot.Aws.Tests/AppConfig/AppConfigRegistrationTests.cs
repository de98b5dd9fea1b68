using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Aws.AppConfig;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Tests.AppConfig;

public sealed class AppConfigRegistrationTests
{
    [Fact]
    public void The_feature_flag_port_is_the_appconfig_one_over_the_shared_transport()
    {
        var services = new ServiceCollection().AddLogging().AddAws(new ConfigurationBuilder().Build()).AddAwsAppConfig();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<AppConfigFeatureFlags>(provider.GetRequiredService<IFeatureFlags>());
        Assert.Same(provider.GetRequiredService<AppConfigClient>(), provider.GetRequiredService<AppConfigClient>());
        Assert.Same(provider.GetRequiredService<IFeatureFlags>(), provider.GetRequiredService<IFeatureFlags>());
    }
}
