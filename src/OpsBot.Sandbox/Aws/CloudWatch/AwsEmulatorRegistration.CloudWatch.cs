using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Sandbox.Aws.CloudWatch;
using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws;

/// <summary>CloudWatch's part: the metric store (where the simulated traffic's Lambda and API Gateway metrics and the queues' depths go), the alarms (also as AppConfig's monitors read them) with their SNS actions, and the service.</summary>
public static partial class AwsEmulatorRegistration
{
    static partial void AddCloudWatch(IServiceCollection services)
    {
        services.AddSingleton<MetricStore>();
        services.AddSingleton<ILambdaMetricsSink, LambdaMetricsRecorder>();
        services.AddSingleton<IApiGatewayMetricsSink, ApiGatewayMetricsRecorder>();
        services.AddSingleton<IQueueMetricsSink, QueueMetricsRecorder>();
        services.AddSingleton<MetricDataEngine>();
        services.AddSingleton(sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var alarms = new SandboxAlarms(AlarmSeed.Alarms(sp.GetRequiredService<IOptions<AwsEmulatorOptions>>().Value, time.GetUtcNow()),
                sp.GetRequiredService<MetricDataEngine>(), time, sp.GetRequiredService<ILogger<SandboxAlarms>>());
            // The alarms' actions: each state change is published to the SNS topics of the new state (ITopicPublisher, SNS's).
            alarms.Changed += sp.GetRequiredService<AlarmNotifier>().Notify;
            return alarms;
        });
        services.AddSingleton<AlarmNotifier>();
        // What AppConfig's environment monitors read, so AppConfig needs no reference to CloudWatch.
        services.AddSingleton<IAlarmStates>(sp => sp.GetRequiredService<SandboxAlarms>());
        services.AddSingleton<ISandboxTicker, AlarmEvaluation>();
        services.AddSingleton<GetMetricDataOperation>();
        services.AddSingleton<DescribeAlarmsOperation>();
        services.AddSingleton<IAwsServiceEmulator, CloudWatchEmulator>();
    }
}
