using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.CodeDeploy;

/// <summary>Registers the CodeDeploy client and the <c>codedeploy</c> engine; the <see cref="Http.AwsTransport"/> comes from <c>AddAws</c>.</summary>
internal static class CodeDeployRegistration
{
    /// <summary><see cref="CodeDeployClient"/> and <see cref="IDelegatedRouter"/> (the Core takes the first one registered; added once however often this is called).</summary>
    internal static IServiceCollection AddAwsCodeDeploy(this IServiceCollection services)
    {
        services.TryAddSingleton<CodeDeployClient>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDelegatedRouter, CodeDeployRouter>());
        return services;
    }
}
