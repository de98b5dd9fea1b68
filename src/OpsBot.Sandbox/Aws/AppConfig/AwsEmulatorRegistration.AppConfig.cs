using Microsoft.Extensions.DependencyInjection;
using OpsBot.Sandbox.Aws.AppConfig;

namespace OpsBot.Sandbox.Aws;

/// <summary>AppConfig's part: its world (seeded), the ticker that moves its deployments, the service.</summary>
public static partial class AwsEmulatorRegistration
{
    static partial void AddAppConfig(IServiceCollection services)
    {
        services.AddSingleton<AppConfigWorld>();
        services.AddSingleton<ISandboxTicker, AppConfigDeploymentTicker>();
        services.AddSingleton<IAwsServiceEmulator, AppConfigEmulator>();
    }
}
