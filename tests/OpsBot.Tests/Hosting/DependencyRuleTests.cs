using System.Reflection;

namespace OpsBot.Tests.Hosting;

/// <summary>The hexagon's dependency rule: Core depends on nothing of ours and on no web, cloud, SQL or HTTP library; adapters on Core only.</summary>
public sealed class DependencyRuleTests
{
    private static readonly string[] Forbidden = ["Microsoft.AspNetCore", "AWSSDK", "Microsoft.Data", "Npgsql", "System.Net.Http", "InfluxDB", "OpsBot."];

    [Fact]
    public void Core_references_no_web_cloud_sql_or_http_assembly_and_nothing_of_ours()
    {
        var references = typeof(Core.Deployments.DeploymentWorkflow).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains("Stateless", references);
        Assert.DoesNotContain(references, r => Forbidden.Any(f => r.StartsWith(f, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("OpsBot.Storage")]
    [InlineData("OpsBot.Aws")]
    [InlineData("OpsBot.Charts")]
    [InlineData("OpsBot.Slack")]
    [InlineData("OpsBot.Sns")]
    [InlineData("OpsBot.Probes")]
    public void An_adapter_references_Core_and_no_other_adapter(string adapter)
    {
        var ours = Assembly.Load(adapter).GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("OpsBot", StringComparison.Ordinal));
        Assert.Equal(["OpsBot.Core"], ours);
    }
}
