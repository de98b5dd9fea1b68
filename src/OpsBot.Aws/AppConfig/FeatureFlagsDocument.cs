using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.AppConfig;

/// <summary>
/// The content of an <c>AWS.AppConfig.FeatureFlags</c> profile, <c>{"version":"1","flags":{..},"values":{..}}</c>,
/// held as a JSON tree so that changing a flag's <c>enabled</c> leaves every other key, attribute and variant as it was
/// (a flag turned off turns its variants off too).
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

    /// <summary>Whether the flag is on here (a flag without a value is off).</summary>
    public bool IsEnabled(string flag) => Enabled(flag);

    /// <exception cref="FlagNotFoundException">A name is not among the document's <c>flags</c>.</exception>
    public void CheckDefined(IEnumerable<string> names, string source)
    {
        var known = Names;
        var unknown = names.Where(name => !known.Contains(name, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new FlagNotFoundException(
                $"{source} does not define {(unknown.Count == 1 ? "the flag" : "the flags")} {string.Join(", ", unknown.Select(n => $"'{n}'"))}; " +
                (known.Count == 0 ? "it defines no flags." : $"it defines: {string.Join(", ", known)}."));
        }
    }

    /// <summary>
    /// Sets <c>values[flag].enabled</c> to each edit's <see cref="FlagEdit.To"/>, creating the value when the flag has
    /// none; turning a flag off also turns off each of its <c>_variants</c>, so no rule keeps serving it. Every name is
    /// checked first, so an unknown one changes nothing.
    /// </summary>
    /// <exception cref="FlagNotFoundException">A name is not among the document's <c>flags</c>.</exception>
    public void Apply(IReadOnlyList<FlagEdit> edits, string source)
    {
        CheckDefined(edits.Select(e => e.Name), source);
        foreach (var edit in edits)
        {
            if ((_root["values"] as JsonObject)?[edit.Name] is not (JsonObject or null))
                throw new InvalidDataException($"{source}: values.{edit.Name} is not a JSON object, so its 'enabled' cannot be set.");
        }

        var values = Values();
        foreach (var edit in edits)
        {
            if (values[edit.Name] is not JsonObject value)
            {
                value = new JsonObject();
                values[edit.Name] = value;
            }
            value["enabled"] = edit.To;
            if (!edit.To && value["_variants"] is JsonArray variants)
            {
                foreach (var variant in variants.OfType<JsonObject>())
                    variant["enabled"] = false;
            }
        }
    }

    /// <summary>
    /// Brings in what changed from <paramref name="before"/> to <paramref name="after"/> (another version built
    /// meanwhile), member by member, keeping everything else of this document (see <see cref="JsonMerge"/>).
    /// </summary>
    public void TakeChanges(FeatureFlagsDocument before, FeatureFlagsDocument after) => JsonMerge.TakeChanges(_root, before._root, after._root);

    public byte[] ToUtf8() => JsonSerializer.SerializeToUtf8Bytes(_root, Output);

    private JsonObject Values()
    {
        if (_root["values"] is JsonObject values)
            return values;
        values = new JsonObject();
        _root["values"] = values;
        return values;
    }

    private IEnumerable<KeyValuePair<string, JsonNode?>> Definitions() => _root["flags"] as JsonObject ?? [];

    private bool Enabled(string flag) =>
        (_root["values"] as JsonObject)?[flag] is JsonObject value && value["enabled"] is JsonValue enabled && enabled.TryGetValue<bool>(out var on) && on;

    private static string? Text(JsonNode? node, string member) =>
        node is JsonObject o && o[member] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
