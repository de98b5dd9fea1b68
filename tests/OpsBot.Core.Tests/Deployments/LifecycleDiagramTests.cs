using OpsBot.Core.Deployments;

namespace OpsBot.Core.Tests.Deployments;

public sealed class LifecycleDiagramTests
{
    /// <summary>
    /// docs/deployment-lifecycle.md carries the diagram Stateless generates from the machine. When the machine changes,
    /// run the tests with OPSBOT_UPDATE_DOCS=1 once to rewrite it, and review the diff.
    /// </summary>
    [Fact]
    public void The_documented_diagram_is_the_one_the_machine_generates()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "deployment-lifecycle.md");
        var generated = DeploymentWorkflow.MermaidDiagram().Trim();
        var text = File.ReadAllText(path);
        var start = text.IndexOf("```mermaid\n", StringComparison.Ordinal) + "```mermaid\n".Length;
        var end = text.IndexOf("\n```", start, StringComparison.Ordinal);
        var documented = text[start..end].Trim();

        if (documented != generated && Environment.GetEnvironmentVariable("OPSBOT_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, text[..start] + generated + text[end..]);
            return;
        }
        Assert.Equal(generated, documented);
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpsBot.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("OpsBot.sln not found above " + AppContext.BaseDirectory);
    }
}
