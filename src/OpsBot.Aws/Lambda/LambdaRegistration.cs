using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Lambda;

/// <summary>Registers the Lambda client and the ports built on it; the <see cref="Http.AwsTransport"/> comes from <c>AddAws</c>.</summary>
internal static class LambdaRegistration
{
    /// <summary>
    /// <see cref="LambdaClient"/>, and <see cref="ITrafficRouter"/> and <see cref="IFunctionVersions"/> on real Lambda.
    /// The ports are added (not tried) so that they win over any placeholder registered before them.
    /// </summary>
    internal static IServiceCollection AddAwsLambda(this IServiceCollection services)
    {
        services.TryAddSingleton<LambdaClient>();
        services.TryAddSingleton<LambdaAliasRouter>();
        services.TryAddSingleton<LambdaFunctionVersions>();
        services.AddSingleton<ITrafficRouter>(sp => sp.GetRequiredService<LambdaAliasRouter>());
        services.AddSingleton<IFunctionVersions>(sp => sp.GetRequiredService<LambdaFunctionVersions>());
        return services;
    }
}
