using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.AppConfig;

/// <summary>
/// The content of an <c>AWS.AppConfig.FeatureFlags</c> profile, <c>{"version":"1","flags":{..},"values":{..}}</c>,
/// held as a JSON tree so that changing a flag's <c>enabled</c> leaves every other key, attribute and variant as it was.
/// </summary>
internal sealed class FeatureFlagsDocument
{
    // Relaxed escaping keeps rules and descriptions readable in the AppConfig console (no \u0022 for quotes).
    private static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly JsonObject _root;

    private FeatureFlagsDocument(JsonObject root) => _root = root;

    /// <param name="source">What the content is, for the error message (profile and version).</param>
    public static FeatureFlagsDocument Parse(ReadOnlySpan<byte> content, string source)
    {
        if (content.StartsWith("\uFEFF"u8))
            content = content[3..];
        try
        {
            return JsonNode.Parse(content) is JsonObject root
                ? new FeatureFlagsDocument(root)
                : throw new InvalidDataException($"{source} is not an AWS.AppConfig.FeatureFlags document: its content is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source} is not an AWS.AppConfig.FeatureFlags document: {e.Message}", e);
        }
    }

    /// <summary>The flags in document order; a flag without a value is disabled.</summary>
    public IReadOnlyList<FeatureFlag> Flags() =>
        Definitions().Select(d => new FeatureFlag(d.Key, Enabled(d.Key), Text(d.Value, "name"), Text(d.Value, "description"))).ToList();

    /// <summary>The names of the defined flags, in document order.</summary>
    public IReadOnlyList<string> Names => Definitions().Select(d => d.Key).ToList();

    /// <summary>
    /// Sets <c>values[flag].enabled</c> for each named flag, creating the value when the flag has none. Every name is
    /// checked first, so an unknown one changes nothing.
    /// </summary>
    /// <exception cref="FlagNotFoundException">A name is not among the document's <c>flags</c>.</exception>
    public void SetEnabled(IReadOnlyDictionary<string, bool> enabled, string source)
    {
        var known = Names;
        var unknown = enabled.Keys.Where(name => !known.Contains(name, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new FlagNotFoundException(
                $"{source} does not define {(unknown.Count == 1 ? "the flag" : "the flags")} {string.Join(", ", unknown.Select(n => $"'{n}'"))}; " +
                (known.Count == 0 ? "it defines no flags." : $"it defines: {string.Join(", ", known)}."));
        }

        var values = _root["values"] as JsonObject;
        if (values is null)
        {
            values = new JsonObject();
            _root["values"] = values;
        }
        foreach (var (name, on) in enabled)
        {
            switch (values[name])
            {
                case JsonObject value:
                    value["enabled"] = on;
                    break;
                case null:
                    values[name] = new JsonObject { ["enabled"] = on };
                    break;
                default:
                    throw new InvalidDataException($"{source}: values.{name} is not a JSON object, so its 'enabled' cannot be set.");
            }
        }
    }

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(_root, Output);

    private IEnumerable<KeyValuePair<string, JsonNode?>> Definitions() => _root["flags"] as JsonObject ?? [];

    private bool Enabled(string flag) =>
        (_root["values"] as JsonObject)?[flag] is JsonObject value && value["enabled"] is JsonValue enabled && enabled.TryGetValue<bool>(out var on) && on;

    private static string? Text(JsonNode? node, string member) =>
        node is JsonObject o && o[member] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
