using Microsoft.Extensions.DependencyInjection;
using OpsBot.Sandbox.Aws.Lambda;

namespace OpsBot.Sandbox.Aws;

public static partial class AwsEmulatorRegistration
{
    /// <summary>The Lambda world (also where every alias sends its traffic) and its emulator.</summary>
    static partial void AddLambda(IServiceCollection services)
    {
        services.AddSingleton<LambdaWorld>();
        services.AddSingleton<ITrafficRoutes>(sp => sp.GetRequiredService<LambdaWorld>());
        services.AddSingleton<IAwsServiceEmulator, LambdaEmulator>();
    }
}
