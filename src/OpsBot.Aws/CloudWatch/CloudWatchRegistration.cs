using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.CloudWatch;

/// <summary>Registers the CloudWatch client (over the <see cref="Http.AwsTransport"/> in DI) and the metric and alarm ports on it.</summary>
internal static class CloudWatchRegistration
{
    internal static IServiceCollection AddAwsCloudWatch(this IServiceCollection services)
    {
        services.TryAddSingleton<CloudWatchClient>();
        services.AddSingleton<IMetricsSource, CloudWatchMetricsSource>();
        services.AddSingleton<IAlarmSource, CloudWatchAlarmSource>();
        return services;
    }
}
