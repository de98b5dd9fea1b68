namespace OpsBot.Slack.Tests.Support;

/// <summary>
/// Reads the YAML subset the app manifest uses: block maps and lists by indentation, "- key: value" list items that
/// start a map, plain or double-quoted scalars, and # comments. Scalars stay strings. Anything else throws.
/// </summary>
internal static class TinyYaml
{
    private sealed record Line(int Indent, string Text);

    public static Dictionary<string, object?> Parse(string yaml)
    {
        var lines = yaml.ReplaceLineEndings("\n").Split('\n')
            .Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))
            .Select(l => new Line(l.Length - l.TrimStart().Length, l.Trim()))
            .ToList();
        var index = 0;
        return (Dictionary<string, object?>)Block(lines, ref index, 0)!;
    }

    private static object? Block(List<Line> lines, ref int index, int indent)
    {
        if (index >= lines.Count || lines[index].Indent < indent)
            return null;
        if (lines[index].Text.StartsWith("- ", StringComparison.Ordinal))
        {
            var list = new List<object?>();
            var at = lines[index].Indent;
            while (index < lines.Count && lines[index].Indent == at && lines[index].Text.StartsWith("- ", StringComparison.Ordinal))
            {
                var item = lines[index].Text[2..];
                if (SplitKey(item) is { } pair)
                {
                    // "- key: value" opens a map whose other keys sit at the item's indentation + 2.
                    lines[index] = new Line(at + 2, item);
                    list.Add(Map(lines, ref index, at + 2));
                }
                else
                {
                    list.Add(Scalar(item));
                    index++;
                }
            }
            return list;
        }
        return Map(lines, ref index, lines[index].Indent);
    }

    private static Dictionary<string, object?> Map(List<Line> lines, ref int index, int indent)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (index < lines.Count && lines[index].Indent == indent && !lines[index].Text.StartsWith("- ", StringComparison.Ordinal))
        {
            var (key, value) = SplitKey(lines[index].Text) ?? throw new FormatException($"not a key: {lines[index].Text}");
            index++;
            map.Add(key, value.Length > 0 ? Scalar(value) : index < lines.Count && lines[index].Indent > indent ? Block(lines, ref index, lines[index].Indent) : null);
        }
        return map;
    }

    private static (string Key, string Value)? SplitKey(string text)
    {
        if (text.StartsWith('"'))
            return null;
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        if (colon < 0 && text.EndsWith(':'))
            return (text[..^1], "");
        return colon < 0 ? null : (text[..colon], text[(colon + 2)..].Trim());
    }

    private static string Scalar(string text)
    {
        if (!text.StartsWith('"'))
            return text;
        if (!text.EndsWith('"') || text.Length < 2)
            throw new FormatException($"unterminated string: {text}");
        return text[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
    }
}
