using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.AppConfig;

/// <summary>Registers the AppConfig client and the feature-flag port built on it.</summary>
internal static class AppConfigRegistration
{
    /// <summary>
    /// <see cref="AppConfigClient"/> over the <see cref="Http.AwsTransport"/> that <c>AddAws</c> registers, and
    /// <see cref="IFeatureFlags"/> on it; the port is added (not tried) so that it wins over a placeholder registered before it.
    /// </summary>
    internal static IServiceCollection AddAwsAppConfig(this IServiceCollection services)
    {
        services.TryAddSingleton<AppConfigClient>();
        services.AddSingleton<IFeatureFlags, AppConfigFeatureFlags>();
        return services;
    }
}
