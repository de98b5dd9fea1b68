using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpsBot.Core.Ports;

namespace OpsBot.Charts;

/// <summary>Registers the deployment chart.</summary>
public static class ChartsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the ScottPlot chart as the <see cref="IDeploymentChart"/> the outbox uploads when a deployment ends. Safe to
    /// call twice: the dispatcher takes the first chart, and a second registration would only be dead weight.
    /// </summary>
    public static IServiceCollection AddCharts(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeploymentChart, ScottPlotDeploymentChart>());
        return services;
    }
}
