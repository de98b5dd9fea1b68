using Microsoft.Extensions.DependencyInjection;
using OpsBot.Sandbox.Aws.Traffic;

namespace OpsBot.Sandbox.Aws;

/// <summary>The simulated traffic's part: the faults a version can be given and the simulation that makes the metrics.</summary>
public static partial class AwsEmulatorRegistration
{
    static partial void AddTraffic(IServiceCollection services)
    {
        services.AddSingleton<TrafficFaults>();
        services.AddSingleton<TrafficSimulation>();
        services.AddSingleton<ISandboxTicker>(sp => sp.GetRequiredService<TrafficSimulation>());
    }
}
