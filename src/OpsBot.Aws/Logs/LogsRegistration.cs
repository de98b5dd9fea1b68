using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsBot.Aws.Lambda;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Logs;

/// <summary>Registers the CloudWatch Logs client and <see cref="ILogSearch"/> on it; the <see cref="Http.AwsTransport"/> comes from <c>AddAws</c>.</summary>
internal static class LogsRegistration
{
    /// <summary>
    /// <see cref="LogsClient"/> and <see cref="ILogSearch"/> (Logs Insights on the function's log group, read through
    /// <see cref="LambdaClient"/>). The port is added (not tried) so that it wins over any placeholder registered before it.
    /// </summary>
    internal static IServiceCollection AddAwsLogs(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<LambdaClient>();
        services.TryAddSingleton<LogsClient>();
        services.TryAddSingleton<FunctionLogGroups>();
        services.TryAddSingleton<InsightsQueryRunner>();
        services.AddSingleton<ILogSearch, CloudWatchLogSearch>();
        return services;
    }
}
