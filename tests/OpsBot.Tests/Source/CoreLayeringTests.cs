using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OpsBot.Tests.Source;

/// <summary>
/// Core's folders are its namespaces (<c>OpsBot.Core.Deployments</c> is <c>src/OpsBot.Core/Deployments/</c>, a
/// subfolder its own namespace), and they depend on each other in one direction only: no cycle, so each concern can be read (and tested) on top of
/// what it uses.
/// </summary>
public sealed class CoreLayeringTests
{
    private const string Core = "OpsBot.Core";

    [Fact]
    public void Every_core_file_is_in_the_namespace_of_its_folder()
    {
        var wrong = CoreFiles()
            .Select(f => (f.Path, Folder: Folder(f.Path), Declared: f.Tree.GetRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Select(n => n.Name.ToString()).FirstOrDefault()))
            .Where(f => f.Declared != (f.Folder.Length == 0 ? Core : $"{Core}.{f.Folder}"))
            .Select(f => $"{f.Path}: namespace {f.Declared}")
            .ToList();

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Core_folders_depend_on_each_other_without_a_cycle()
    {
        var edges = Dependencies();
        var cycles = Cycles(edges);

        Assert.True(cycles.Count == 0, "Folder cycles in Core:\n" + string.Join("\n", cycles) + "\n\nAll dependencies:\n" +
            string.Join("\n", edges.OrderBy(e => e.Key).Select(e => $"{e.Key} → {string.Join(", ", e.Value.Order())}")));
    }

    [Fact]
    public void The_cycle_check_finds_a_cycle()
    {
        var edges = new Dictionary<string, HashSet<string>> { ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"] };

        Assert.Equal(["A → B → C → A"], Cycles(edges));
    }

    /// <summary>For each Core folder, the other Core folders whose types its code names.</summary>
    private static Dictionary<string, HashSet<string>> Dependencies()
    {
        var compilation = ProductSource.Compilation;
        var edges = new Dictionary<string, HashSet<string>>();
        foreach (var (path, tree) in CoreFiles())
        {
            var from = Folder(path);
            var uses = edges.TryGetValue(from, out var set) ? set : edges[from] = [];
            var model = compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var symbol = model.GetSymbolInfo(name).Symbol;
                var type = symbol as INamedTypeSymbol ?? symbol?.ContainingType;
                var ns = type?.ContainingNamespace?.ToDisplayString();
                if (ns is null || !ns.StartsWith(Core + ".", StringComparison.Ordinal))
                    continue;
                var to = ns[(Core.Length + 1)..];
                if (to != from)
                    uses.Add(to);
            }
        }
        return edges;
    }

    /// <summary>Each elementary cycle once, starting from its smallest folder: "A → B → A".</summary>
    private static List<string> Cycles(Dictionary<string, HashSet<string>> edges)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var start in edges.Keys)
            Walk(start, [start]);
        return [.. found];

        void Walk(string at, List<string> path)
        {
            foreach (var next in edges.GetValueOrDefault(at) ?? [])
            {
                if (next == path[0])
                {
                    if (path.All(p => string.CompareOrdinal(p, path[0]) >= 0))
                        found.Add(string.Join(" → ", path.Append(path[0])));
                }
                else if (!path.Contains(next) && string.CompareOrdinal(next, path[0]) > 0)
                {
                    Walk(next, [.. path, next]);
                }
            }
        }
    }

    private static IEnumerable<(string Path, SyntaxTree Tree)> CoreFiles() =>
        ProductSource.Compilation.SyntaxTrees
            .Select(t => (Path: ProductSource.PathOf(t), Tree: t))
            .Where(f => f.Path.StartsWith("src/OpsBot.Core/", StringComparison.Ordinal) && !f.Path.EndsWith(".g.cs", StringComparison.Ordinal));

    /// <summary>"Deployments" for src/OpsBot.Core/Deployments/Deployment.cs, "Notifications.Cards" a folder deeper, "" at Core's root.</summary>
    private static string Folder(string path)
    {
        var parts = path["src/OpsBot.Core/".Length..].Split('/');
        return string.Join('.', parts[..^1]);
    }
}
