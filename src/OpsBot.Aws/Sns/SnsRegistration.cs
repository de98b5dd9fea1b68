using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Sns;

/// <summary>Registers the SNS client (over the <see cref="Http.AwsTransport"/> in DI) and the ops notifier on it.</summary>
internal static class SnsRegistration
{
    internal static IServiceCollection AddAwsSns(this IServiceCollection services)
    {
        services.TryAddSingleton<SnsClient>();
        services.AddSingleton<IOpsNotifier, SnsOpsNotifier>();
        return services;
    }
}
