using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace OpsBot.Tests.Source;

/// <summary>
/// One writer for a deployment: outside <c>src/OpsBot.Core/Deployments/</c> no code sets a <c>Deployment</c>'s
/// fields, adds to what a workflow will commit (<c>DeploymentChanges</c>), or constructs a <c>Deployment</c>; and the
/// same for a flag change outside <c>src/OpsBot.Core/Flags/</c>. The row version that storage sets is the one exemption.
/// </summary>
public sealed class DeploymentWriterTests
{
    /// <summary>Each guarded type, and the one folder that may write it.</summary>
    private static readonly Dictionary<string, string> Guarded = new()
    {
        ["OpsBot.Core.Deployments.Deployment"] = "src/OpsBot.Core/Deployments/",
        ["OpsBot.Core.Deployments.DeploymentChanges"] = "src/OpsBot.Core/Deployments/",
        ["OpsBot.Core.Health.HealthTracking"] = "src/OpsBot.Core/Deployments/",
        ["OpsBot.Core.Flags.FlagChange"] = "src/OpsBot.Core/Flags/",
        ["OpsBot.Core.Flags.FlagChanges"] = "src/OpsBot.Core/Flags/",
    };
    private static readonly string[] Mutators = ["Add", "AddRange", "Insert", "Remove", "RemoveAll", "Clear"];

    [Fact]
    public void Nothing_outside_Deployments_writes_a_deployment_and_nothing_outside_Flags_a_flag_change()
    {
        var offenders = Writes(ProductSource.Compilation)
            .Where(w => !w.Path.StartsWith(w.Home, StringComparison.Ordinal))
            .Where(w => !(w.Path.StartsWith("src/OpsBot.Storage/", StringComparison.Ordinal) && w.Member == "Version"))
            .Select(w => $"{w.Path}:{w.Line}: {w.Text}")
            .ToList();

        Assert.True(offenders.Count == 0, "Write deployments through DeploymentWorkflow (or build them with NewDeployment), flag changes through FlagChangeWorkflow (NewFlagChange):\n" + string.Join("\n", offenders));
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

    private sealed record Write(string Path, int Line, string Member, string Text, string Home);

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
                    BaseObjectCreationExpressionSyntax create when HomeOf(model.GetTypeInfo(create).Type) is { } home => (create, (Member: model.GetTypeInfo(create).Type!.Name, Home: home)),
                    _ => (null, null),
                };
                if (target is not null && member is { } written)
                    yield return new Write(path, node.GetLocation().GetLineSpan().StartLinePosition.Line + 1, written.Member, node.ToString().Split('\n')[0].Trim(), written.Home);
            }
        }
    }

    /// <summary>The member's name and its type's home when <paramref name="expression"/> is a field or property of a guarded type.</summary>
    private static (string Member, string Home)? GuardedMember(SemanticModel model, ExpressionSyntax expression) =>
        model.GetSymbolInfo(expression).Symbol is IPropertySymbol or IFieldSymbol && model.GetSymbolInfo(expression).Symbol is { } symbol && HomeOf(symbol.ContainingType) is { } home
            ? (symbol.Name, home)
            : null;

    private static string? HomeOf(ITypeSymbol? type) => type is not null && Guarded.TryGetValue(type.ToDisplayString(), out var home) ? home : null;
}
