using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OpsBot.Tests.Source;

/// <summary>
/// One writer for a deployment: outside <c>src/OpsBot.Core/Deployments/</c> no code sets a <c>Deployment</c>'s
/// fields, adds to what a workflow will commit (<c>DeploymentChanges</c>), or constructs a <c>Deployment</c>. The row
/// version that storage sets is the one exemption.
/// </summary>
public sealed class DeploymentWriterTests
{
    private const string Home = "src/OpsBot.Core/Deployments/";
    private static readonly string[] Guarded = ["OpsBot.Core.Deployments.Deployment", "OpsBot.Core.Deployments.DeploymentChanges", "OpsBot.Core.Health.HealthTracking"];
    private static readonly string[] Mutators = ["Add", "AddRange", "Insert", "Remove", "RemoveAll", "Clear"];

    [Fact]
    public void Nothing_outside_Deployments_writes_a_deployment()
    {
        var offenders = Writes(ProductSource.Compilation)
            .Where(w => !w.Path.StartsWith(Home, StringComparison.Ordinal))
            .Where(w => !(w.Path.StartsWith("src/OpsBot.Storage/", StringComparison.Ordinal) && w.Member == "Version"))
            .Select(w => $"{w.Path}:{w.Line}: {w.Text}")
            .ToList();

        Assert.True(offenders.Count == 0, "Write deployments through DeploymentWorkflow (or build them with NewDeployment):\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_scan_sees_assignments_increments_list_writes_and_constructions()
    {
        const string code = """
            namespace OpsBot.Core.Runner;
            using OpsBot.Core.Deployments;
            class Sneaky
            {
                void Run(Deployment d, DeploymentWorkflow w)
                {
                    d.Weight = 50;
                    d.RollbackAttempts++;
                    d.Reason ??= "x";
                    w.Changes.Notices.Clear();
                    _ = new Deployment { Id = "x", Target = null!, StableVersion = "1", TargetVersion = "2", Plan = null!, Thresholds = null!, Gates = null!, RequestedBy = "x" };
                }
            }
            """;
        var tree = CSharpSyntaxTree.ParseText(code, (CSharpParseOptions)ProductSource.Compilation.SyntaxTrees[0].Options, OpsBot.Testing.NodeScripts.Folder("src", "OpsBot.Core", "Runner", "Sneaky.cs"));

        var found = Writes(ProductSource.Compilation.AddSyntaxTrees(tree)).Where(w => w.Path.EndsWith("Sneaky.cs", StringComparison.Ordinal)).ToList();

        Assert.Equal(["Weight", "RollbackAttempts", "Reason", "Notices", "Deployment"], found.Select(w => w.Member));
    }

    private sealed record Write(string Path, int Line, string Member, string Text);

    private static IEnumerable<Write> Writes(CSharpCompilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var path = ProductSource.PathOf(tree);
            if (path.EndsWith(".g.cs", StringComparison.Ordinal))
                continue;
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                var (target, member) = node switch
                {
                    AssignmentExpressionSyntax a when a.Parent is not InitializerExpressionSyntax => (a.Left, GuardedMember(model, a.Left)),
                    PostfixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.PostIncrementExpression) || u.IsKind(SyntaxKind.PostDecrementExpression) => (u.Operand, GuardedMember(model, u.Operand)),
                    PrefixUnaryExpressionSyntax u when u.IsKind(SyntaxKind.PreIncrementExpression) || u.IsKind(SyntaxKind.PreDecrementExpression) => (u.Operand, GuardedMember(model, u.Operand)),
                    InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax call } when Mutators.Contains(call.Name.Identifier.Text) => (call.Expression, GuardedMember(model, call.Expression)),
                    BaseObjectCreationExpressionSyntax create when IsGuarded(model.GetTypeInfo(create).Type) => (create, model.GetTypeInfo(create).Type!.Name),
                    _ => (null, null),
                };
                if (target is not null && member is not null)
                    yield return new Write(path, node.GetLocation().GetLineSpan().StartLinePosition.Line + 1, member, node.ToString().Split('\n')[0].Trim());
            }
        }
    }

    /// <summary>The member's name when <paramref name="expression"/> is a field or property of a guarded type.</summary>
    private static string? GuardedMember(SemanticModel model, ExpressionSyntax expression) =>
        model.GetSymbolInfo(expression).Symbol is IPropertySymbol or IFieldSymbol && model.GetSymbolInfo(expression).Symbol is { } symbol && IsGuarded(symbol.ContainingType)
            ? symbol.Name
            : null;

    private static bool IsGuarded(ITypeSymbol? type) => type is not null && Guarded.Contains(type.ToDisplayString());
}
