using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsBot.Sandbox.Aws.Lambda;

namespace OpsBot.Sandbox.Aws;

public static partial class AwsEmulatorRegistration
{
    /// <summary>The Lambda world (also where every alias sends its traffic) and its emulator.</summary>
    static partial void AddLambda(IServiceCollection services)
    {
        services.AddSingleton<LambdaWorld>();
        // A test may register routes of its own first, to move traffic without going through UpdateAlias.
        services.TryAddSingleton<ITrafficRoutes>(sp => sp.GetRequiredService<LambdaWorld>());
        services.AddSingleton<IAwsServiceEmulator, LambdaEmulator>();
    }
}
