using OpsBot.Core.Deployments;

namespace OpsBot.Charts.Tests;

public sealed class ChartTextTests
{
    [Fact]
    public void The_title_names_function_alias_environment_versions_and_outcome()
    {
        Assert.Equal("lambda_router:live (prod) 4 → 5 — rolled back", ChartText.Title(ChartFixtures.Deployment()));
        Assert.Equal("lambda_router:live (prod) 4 → 5 — succeeded", ChartText.Title(ChartFixtures.Deployment(DeploymentState.Succeeded)));
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(4.256, "4.26")]
    [InlineData(12_500, "12.5k")]
    [InlineData(3_400_000, "3.4M")]
    [InlineData(1e300, "1E+300")]
    public void Value_labels_stay_short(double value, string label) => Assert.Equal(label, ChartText.Number(value));
}
