using Microsoft.Extensions.DependencyInjection;
using OpsBot.Sandbox.Aws.Sns;

namespace OpsBot.Sandbox.Aws;

public static partial class AwsEmulatorRegistration
{
    /// <summary>The SNS world, its public view for the sandbox (<see cref="SandboxPages"/>) and its emulator.</summary>
    static partial void AddSns(IServiceCollection services)
    {
        services.AddSingleton<SnsWorld>();
        services.AddSingleton(sp => new SandboxPages(sp.GetRequiredService<SnsWorld>()));
        services.AddSingleton<IAwsServiceEmulator, SnsEmulator>();
    }
}
