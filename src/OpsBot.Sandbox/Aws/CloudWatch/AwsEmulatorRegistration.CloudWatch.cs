using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Sandbox.Aws.CloudWatch;
using OpsBot.Sandbox.Aws.Traffic;

namespace OpsBot.Sandbox.Aws;

/// <summary>CloudWatch's part: the simulated traffic that makes the metrics, the metric store, the alarms and the service.</summary>
public static partial class AwsEmulatorRegistration
{
    static partial void AddCloudWatch(IServiceCollection services)
    {
        services.AddSingleton<TrafficFaults>();
        services.AddSingleton<MetricStore>();
        services.AddSingleton<MetricDataEngine>();
        // Ticker order matters: the traffic writes a second's metrics before the alarms judge the period it closes.
        services.AddSingleton<TrafficSimulation>();
        services.AddSingleton<ISandboxTicker>(sp => sp.GetRequiredService<TrafficSimulation>());
        services.AddSingleton(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            return new SandboxAlarms(AlarmSeed.Alarms(sp.GetRequiredService<IOptions<AwsEmulatorOptions>>().Value, time.GetUtcNow()),
                sp.GetRequiredService<MetricDataEngine>(), time, sp.GetRequiredService<ILogger<SandboxAlarms>>());
        });
        services.AddSingleton<ISandboxTicker, AlarmEvaluation>();
        services.AddSingleton<GetMetricDataOperation>();
        services.AddSingleton<DescribeAlarmsOperation>();
        services.AddSingleton<IAwsServiceEmulator, CloudWatchEmulator>();
    }
}
