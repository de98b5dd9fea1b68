using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OpsBot.Sandbox.Aws;

/// <summary>Registers the AWS-compatible endpoint: its options, its clockwork, and each emulated service.</summary>
public static partial class AwsEmulatorRegistration
{
    /// <summary>The services behind <see cref="AwsEmulatorEndpoint.MapAwsEmulator"/>.</summary>
    public static IServiceCollection AddAwsEmulator(this IServiceCollection services, Action<AwsEmulatorOptions>? configure = null)
    {
        services.AddOptions<AwsEmulatorOptions>().Configure(o => configure?.Invoke(o));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SandboxClockwork>();
        services.AddHostedService(sp => sp.GetRequiredService<SandboxClockwork>());
        AddLambda(services);
        AddCodeDeploy(services);
        AddCloudWatch(services);
        AddAppConfig(services);
        AddSns(services);
        return services;
    }

    // Each emulated service registers itself in its own folder (its world, its ISandboxTicker, its IAwsServiceEmulator).
    static partial void AddLambda(IServiceCollection services);

    static partial void AddCodeDeploy(IServiceCollection services);

    static partial void AddCloudWatch(IServiceCollection services);

    static partial void AddAppConfig(IServiceCollection services);

    static partial void AddSns(IServiceCollection services);
}
