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
        // Ticker order matters: the traffic and the queues write a second's metrics before CloudWatch's alarms judge the period it closes.
        AddTraffic(services);
        AddSqs(services);
        AddCloudWatch(services);
        AddLogs(services);
        AddAppConfig(services);
        AddSns(services);
        return services;
    }

    // Each emulated service registers itself in its own folder, in AwsEmulatorRegistration.{Folder}.cs (its world, its
    // ISandboxTicker, its IAwsServiceEmulator).
    static partial void AddLambda(IServiceCollection services);

    static partial void AddCodeDeploy(IServiceCollection services);

    static partial void AddTraffic(IServiceCollection services);

    static partial void AddSqs(IServiceCollection services);

    static partial void AddCloudWatch(IServiceCollection services);

    static partial void AddLogs(IServiceCollection services);

    static partial void AddAppConfig(IServiceCollection services);

    static partial void AddSns(IServiceCollection services);
}
