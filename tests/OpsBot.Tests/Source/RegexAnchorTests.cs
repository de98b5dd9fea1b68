using System.Text.RegularExpressions;
using OpsBot.Testing;

namespace OpsBot.Tests.Source;

/// <summary>
/// Patterns that validate ids and names end with <c>\z</c>: in .NET <c>$</c> also matches before a final newline,
/// so <c>^U[A-Z0-9]+$</c> accepts "U0BOB\n", which then becomes an identity, a key or an argument.
/// </summary>
public sealed partial class RegexAnchorTests
{
    [Fact]
    public void No_pattern_in_the_product_ends_with_a_dollar()
    {
        var offenders = Directory.EnumerateFiles(NodeScripts.Folder("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(NodeScripts.RepoRoot, f), Line: i + 1, Text: line)))
            .Where(l => Pattern().Match(l.Text) is { Success: true } m && m.Groups["body"].Value.EndsWith('$'))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "End these patterns with \\z, not $:\n" + string.Join("\n", offenders));
        Assert.Matches(Pattern(), """    [GeneratedRegex("^[A-Z]+$")]"""); // the scan sees what it looks for
    }

    [GeneratedRegex("(?:GeneratedRegex|new Regex)\\(@?\"(?<body>[^\"]*)\"")]
    private static partial Regex Pattern();
}
