using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Ports;

namespace OpsBot.Charts.Tests;

public sealed class ChartsServiceCollectionExtensionsTests
{
    [Fact]
    public void AddCharts_registers_one_chart_however_often_it_is_called()
    {
        using var provider = new ServiceCollection().AddCharts().AddCharts().BuildServiceProvider();

        var chart = Assert.Single(provider.GetServices<IDeploymentChart>());
        Assert.IsType<ScottPlotDeploymentChart>(chart);
    }
}
