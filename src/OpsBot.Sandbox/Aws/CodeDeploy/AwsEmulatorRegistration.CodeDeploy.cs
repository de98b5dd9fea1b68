using Microsoft.Extensions.DependencyInjection;
using OpsBot.Sandbox.Aws.CodeDeploy;

namespace OpsBot.Sandbox.Aws;

public static partial class AwsEmulatorRegistration
{
    /// <summary>The CodeDeploy world (over the Lambda world), the ticker that moves its deployments, and its emulator.</summary>
    static partial void AddCodeDeploy(IServiceCollection services)
    {
        services.AddSingleton<CodeDeployWorld>();
        services.AddSingleton<ISandboxTicker, CodeDeployTicker>();
        services.AddSingleton<IAwsServiceEmulator, CodeDeployEmulator>();
    }
}
