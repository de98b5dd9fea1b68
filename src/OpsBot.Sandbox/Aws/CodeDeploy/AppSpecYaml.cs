using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OpsBot.Sandbox.Aws.CodeDeploy;

/// <summary>
/// A YAML AppSpec (read by YamlDotNet) as JSON nodes, so that one reader checks JSON and YAML AppSpecs alike. Every
/// scalar is read as a string (an AppSpec's versions are strings whether quoted or not); a plain <c>null</c>,
/// <c>~</c> or nothing is null. One document only; block scalars, anchors, aliases and tags have no place in an AppSpec
/// and are refused. Anything unreadable is a <see cref="FormatException"/> that names the line.
/// </summary>
internal static class AppSpecYaml
{
    public static JsonNode? Parse(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FormatException($"line {e.Start.Line}: {Reason(e)}", e);
        }
        return stream.Documents.Count switch
        {
            0 => null,
            1 => Node(stream.Documents[0].RootNode),
            _ => throw new FormatException($"line {stream.Documents[1].RootNode.Start.Line}: an AppSpec is one YAML document"),
        };
    }

    private static JsonNode? Node(YamlNode node)
    {
        // An alias is its anchored node again, refused for its anchor.
        if (!node.Anchor.IsEmpty || !node.Tag.IsEmpty
            || node is YamlScalarNode { Style: ScalarStyle.Literal or ScalarStyle.Folded })
            throw new FormatException($"line {node.Start.Line}: block scalars, anchors, aliases and tags are not supported");
        switch (node)
        {
            case YamlMappingNode mapping:
                var map = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = Node(key) is JsonValue k ? k.GetValue<string>() : throw new FormatException($"line {key.Start.Line}: a key must be text");
                    if (map.ContainsKey(name))
                        throw new FormatException($"line {key.Start.Line}: duplicate key '{name}'");
                    map[name] = Node(value);
                }
                return map;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                    array.Add(Node(item));
                return array;
            case YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "null" or "~" }:
                return null;
            case YamlScalarNode scalar:
                return JsonValue.Create(scalar.Value ?? "");
            default:
                throw new FormatException($"line {node.Start.Line}: unexpected {node.NodeType}");
        }
    }

    /// <summary>YamlDotNet's message without the positions it starts with ("(Line: 2, Col: 1, Idx: 12) - (...): ").</summary>
    private static string Reason(YamlException e)
    {
        var at = e.Message.IndexOf("): ", StringComparison.Ordinal);
        return at >= 0 ? e.Message[(at + 3)..] : e.Message;
    }
}
