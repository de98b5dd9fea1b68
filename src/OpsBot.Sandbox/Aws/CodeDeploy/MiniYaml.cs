using System.Text;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.CodeDeploy;

/// <summary>
/// The part of YAML an AppSpec is written in, read into JSON nodes: block mappings and sequences (a sequence may sit at
/// its key's indentation, and an item may open a mapping on the dash's line), flow mappings and sequences on one line,
/// plain, single- and double-quoted scalars, comments and a leading <c>---</c>. Every scalar is read as a string (an
/// AppSpec's versions are strings whether quoted or not). Block scalars, anchors and tags are refused with
/// <see cref="FormatException"/>, as is anything else it cannot read.
/// </summary>
internal static class MiniYaml
{
    private sealed record Line(int Number, int Indent, string Text);

    public static JsonNode? Parse(string text)
    {
        var lines = new List<Line>();
        var number = 0;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            number++;
            if (raw.Contains('\t', StringComparison.Ordinal) && raw.TrimStart(' ').StartsWith('\t'))
                throw new FormatException($"line {number}: tabs cannot indent YAML");
            var content = StripComment(raw).TrimEnd();
            if (content.Trim().Length == 0 || (lines.Count == 0 && content.Trim() == "---"))
                continue;
            lines.Add(new Line(number, content.Length - content.TrimStart(' ').Length, content.TrimStart(' ')));
        }
        if (lines.Count == 0)
            return null;
        var i = 0;
        var node = Block(lines, ref i, lines[0].Indent);
        return i == lines.Count ? node : throw new FormatException($"line {lines[i].Number}: unexpected indentation");
    }

    private static JsonNode? Block(List<Line> lines, ref int i, int indent) =>
        IsItem(lines[i].Text) ? Sequence(lines, ref i, indent) : Mapping(lines, ref i, indent);

    private static JsonArray Sequence(List<Line> lines, ref int i, int indent)
    {
        var array = new JsonArray();
        while (i < lines.Count && lines[i].Indent == indent && IsItem(lines[i].Text))
        {
            var line = lines[i];
            var rest = line.Text[1..];
            var offset = 1 + rest.Length - rest.TrimStart(' ').Length;
            rest = rest.TrimStart(' ');
            if (rest.Length == 0)
            {
                i++;
                array.Add(i < lines.Count && lines[i].Indent > indent ? Block(lines, ref i, lines[i].Indent) : null);
            }
            else if (IsItem(rest) || KeyOf(rest) is not null)
            {
                // "- key: value": the item is a block that starts on the dash's line, indented past the dash.
                lines[i] = line with { Indent = indent + offset, Text = rest };
                array.Add(Block(lines, ref i, indent + offset));
            }
            else
            {
                array.Add(Scalar(rest, line.Number));
                i++;
            }
        }
        return array;
    }

    private static JsonObject Mapping(List<Line> lines, ref int i, int indent)
    {
        var map = new JsonObject();
        while (i < lines.Count && lines[i].Indent == indent && !IsItem(lines[i].Text))
        {
            var line = lines[i];
            var (key, value) = KeyOf(line.Text) ?? throw new FormatException($"line {line.Number}: expected 'key: value'");
            if (map.ContainsKey(key))
                throw new FormatException($"line {line.Number}: duplicate key '{key}'");
            i++;
            if (value.Length > 0)
                map[key] = Scalar(value, line.Number);
            else if (i < lines.Count && (lines[i].Indent > indent || (lines[i].Indent == indent && IsItem(lines[i].Text))))
                map[key] = Block(lines, ref i, lines[i].Indent);
            else
                map[key] = null;
        }
        return map;
    }

    private static bool IsItem(string text) => text == "-" || text.StartsWith("- ", StringComparison.Ordinal);

    /// <summary>"key: value" (or "key:") with a plain or quoted key; null when the text is not a mapping entry.</summary>
    private static (string Key, string Value)? KeyOf(string text)
    {
        var at = 0;
        string key;
        if (text.StartsWith('"') || text.StartsWith('\''))
        {
            key = Quoted(text, ref at, 0);
        }
        else
        {
            if (text.StartsWith('{') || text.StartsWith('['))
                return null;
            var colon = text.IndexOf(": ", StringComparison.Ordinal);
            at = colon >= 0 ? colon : text.EndsWith(':') ? text.Length - 1 : -1;
            if (at < 0)
                return null;
            key = text[..at].Trim();
        }
        if (at >= text.Length || text[at] != ':' || (at + 1 < text.Length && text[at + 1] != ' '))
            return null;
        return (key, text[(at + 1)..].Trim());
    }

    private static JsonNode? Scalar(string text, int line)
    {
        var at = 0;
        var node = Flow(text, ref at, line);
        SkipSpaces(text, ref at);
        return at == text.Length ? node : throw new FormatException($"line {line}: unexpected '{text[at..]}'");
    }

    /// <summary>A value in flow style: {…}, […], a quoted or a plain scalar (which ends at ',', ']' or '}').</summary>
    private static JsonNode? Flow(string text, ref int at, int line, bool inFlow = false)
    {
        SkipSpaces(text, ref at);
        if (at >= text.Length)
            return null;
        switch (text[at])
        {
            case '{':
                var map = new JsonObject();
                at++;
                while (true)
                {
                    SkipSpaces(text, ref at);
                    if (at < text.Length && text[at] == '}')
                        break;
                    var key = (Flow(text, ref at, line, inFlow: true) as JsonValue)?.GetValue<string>() ?? throw new FormatException($"line {line}: a key is missing");
                    SkipSpaces(text, ref at);
                    if (at >= text.Length || text[at] != ':')
                        throw new FormatException($"line {line}: expected ':' after '{key}'");
                    at++;
                    map[key] = Flow(text, ref at, line, inFlow: true);
                    if (!Separator(text, ref at, '}', line))
                        break;
                }
                at++;
                return map;
            case '[':
                var array = new JsonArray();
                at++;
                while (true)
                {
                    SkipSpaces(text, ref at);
                    if (at < text.Length && text[at] == ']')
                        break;
                    array.Add(Flow(text, ref at, line, inFlow: true));
                    if (!Separator(text, ref at, ']', line))
                        break;
                }
                at++;
                return array;
            case '"' or '\'':
                return JsonValue.Create(Quoted(text, ref at, line));
            case '|' or '>' or '&' or '*' or '!':
                throw new FormatException($"line {line}: block scalars, anchors, aliases and tags are not supported");
            default:
                var start = at;
                while (at < text.Length && !(inFlow && (text[at] is ',' or ']' or '}' || (text[at] == ':' && (at + 1 == text.Length || text[at + 1] == ' ')))))
                    at++;
                var plain = text[start..at].Trim();
                return plain is "null" or "~" or "" ? null : JsonValue.Create(plain);
        }
    }

    /// <summary>After an item of a flow collection: true on ',', false on the closing bracket (left for the caller).</summary>
    private static bool Separator(string text, ref int at, char close, int line)
    {
        SkipSpaces(text, ref at);
        if (at < text.Length && text[at] == ',')
        {
            at++;
            return true;
        }
        return at < text.Length && text[at] == close ? false : throw new FormatException($"line {line}: expected ',' or '{close}'");
    }

    private static string Quoted(string text, ref int at, int line)
    {
        var quote = text[at++];
        var value = new StringBuilder();
        while (at < text.Length)
        {
            var c = text[at++];
            if (c == quote)
            {
                if (quote == '\'' && at < text.Length && text[at] == '\'')
                {
                    value.Append('\'');
                    at++;
                    continue;
                }
                return value.ToString();
            }
            if (c == '\\' && quote == '"' && at < text.Length)
            {
                var e = text[at++];
                value.Append(e switch { 'n' => '\n', 't' => '\t', '"' => '"', '\\' => '\\', '/' => '/', _ => throw new FormatException($"line {line}: unsupported escape \\{e}") });
                continue;
            }
            value.Append(c);
        }
        throw new FormatException($"line {line}: unterminated string");
    }

    private static void SkipSpaces(string text, ref int at)
    {
        while (at < text.Length && text[at] == ' ')
            at++;
    }

    /// <summary>The line without its comment: a '#' at the start or after a space, outside quotes.</summary>
    private static string StripComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is { } q)
            {
                if (c == '\\' && q == '"')
                    i++;
                else if (c == q)
                    quote = null;
            }
            else if (c is '"' or '\'' && (i == 0 || line[i - 1] is ' ' or '[' or '{' or ',' or ':' or '-'))
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] == ' '))
            {
                return line[..i];
            }
        }
        return line;
    }
}
