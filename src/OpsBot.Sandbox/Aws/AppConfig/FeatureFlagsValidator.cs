using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpsBot.Sandbox.Aws.AppConfig;

/// <summary>
/// Checks content against the AWS.AppConfig.FeatureFlags schema (AppConfig user guide, "type reference for
/// AWS.AppConfig.FeatureFlags"): <c>version</c> "1"; <c>flags</c> keyed by names like <c>^[a-z][a-zA-Z\d_-]{0,63}$</c>,
/// each with an optional name (one line, ≤64), description (≤1024), _deprecation and attributes (≤25, each with
/// number/string/array/boolean constraints); <c>values</c> only for defined flags, with a boolean <c>enabled</c>,
/// attribute values that meet their constraints, and _variants (≤32). Every problem is reported, each with where it is.
/// </summary>
internal static partial class FeatureFlagsValidator
{
    private static readonly string[] TopLevel = ["version", "flags", "values"];
    private static readonly string[] FlagMembers = ["name", "description", "_createdAt", "_updatedAt", "_deprecation", "attributes"];
    private static readonly string[] ValueMembers = ["enabled", "_createdAt", "_updatedAt", "_variants"];

    public static IReadOnlyList<InvalidConfigurationDetail> Validate(byte[] content)
    {
        var problems = new List<InvalidConfigurationDetail>();
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(content.AsSpan().StartsWith("\uFEFF"u8) ? content.AsSpan(3) : content);
        }
        catch (JsonException e)
        {
            return [new("type", "#", $"The content is not valid JSON: {e.Message}")];
        }
        if (root is not JsonObject document)
            return [new("type", "#", "The content must be a JSON object", Show(root))];

        foreach (var key in document.Select(p => p.Key).Where(k => !TopLevel.Contains(k)))
            problems.Add(new("additionalProperties", "#", $"Property '{key}' is not allowed; the top level holds version, flags and values"));
        if (document["version"] is not JsonValue version || !version.TryGetValue<string>(out var v) || v != "1")
            problems.Add(new(document["version"] is null ? "required" : "enum", "#/version", "version is required and must be the string \"1\"", Show(document["version"])));

        var flags = document["flags"] as JsonObject;
        if (document["flags"] is { } flagsNode && flags is null)
            problems.Add(new("type", "#/flags", "flags must be an object", Show(flagsNode)));
        var attributes = new Dictionary<string, Dictionary<string, JsonObject>>(StringComparer.Ordinal);
        foreach (var (name, definition) in flags ?? [])
            attributes[name] = Flag(name, definition, problems);

        if (document["values"] is { } valuesNode)
        {
            if (valuesNode is not JsonObject values)
                problems.Add(new("type", "#/values", "values must be an object", Show(valuesNode)));
            else
            {
                foreach (var (name, value) in values)
                    Value(name, value, attributes, problems);
            }
        }
        return problems;
    }

    private static Dictionary<string, JsonObject> Flag(string name, JsonNode? definition, List<InvalidConfigurationDetail> problems)
    {
        var at = $"#/flags/{name}";
        var attributes = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (!KeyPattern().IsMatch(name))
            problems.Add(new("pattern", at, $"Flag key '{name}' must match ^[a-z][a-zA-Z\\d_-]{{0,63}}$"));
        if (definition is not JsonObject flag)
        {
            problems.Add(new("type", at, "A flag definition must be an object", Show(definition)));
            return attributes;
        }
        foreach (var key in flag.Select(p => p.Key).Where(k => !FlagMembers.Contains(k)))
            problems.Add(new("additionalProperties", at, $"Property '{key}' is not allowed in a flag definition"));
        if (flag["name"] is { } display && (!IsString(display, out var text) || !DisplayName().IsMatch(text)))
            problems.Add(new("pattern", $"{at}/name", "name must be one line of 1 to 64 characters", Show(display)));
        if (flag["description"] is { } description && (!IsString(description, out var d) || d.Length > 1024))
            problems.Add(new("maxLength", $"{at}/description", "description must be a string of at most 1024 characters", Show(description)));
        if (flag["_deprecation"] is { } deprecation &&
            (deprecation is not JsonObject dep || dep["status"] is not JsonValue s || !s.TryGetValue<string>(out var status) || status != "planned"))
            problems.Add(new("enum", $"{at}/_deprecation", "_deprecation must be an object with status \"planned\"", Show(deprecation)));
        if (flag["attributes"] is { } attributesNode)
        {
            if (attributesNode is not JsonObject defined)
                problems.Add(new("type", $"{at}/attributes", "attributes must be an object", Show(attributesNode)));
            else
            {
                if (defined.Count > 25)
                    problems.Add(new("maxProperties", $"{at}/attributes", "A flag has at most 25 attributes"));
                foreach (var (attribute, spec) in defined)
                {
                    var where = $"{at}/attributes/{attribute}";
                    if (!KeyPattern().IsMatch(attribute))
                        problems.Add(new("pattern", where, $"Attribute key '{attribute}' must match ^[a-z][a-zA-Z\\d_-]{{0,63}}$"));
                    var constraints = (spec as JsonObject)?["constraints"] as JsonObject;
                    if (spec is not JsonObject || constraints is null || constraints["type"] is not JsonValue type ||
                        !type.TryGetValue<string>(out var t) || t is not ("number" or "string" or "array" or "boolean"))
                    {
                        problems.Add(new("oneOf", where, "An attribute needs constraints with a type of number, string, array or boolean", Show(spec)));
                        continue;
                    }
                    if (t == "string" && constraints["pattern"] is not null && constraints["enum"] is not null)
                        problems.Add(new("oneOf", $"{where}/constraints", "A string attribute has a pattern or an enum, not both"));
                    attributes[attribute] = constraints;
                }
            }
        }
        return attributes;
    }

    private static void Value(string name, JsonNode? value, Dictionary<string, Dictionary<string, JsonObject>> flags, List<InvalidConfigurationDetail> problems)
    {
        var at = $"#/values/{name}";
        if (!flags.TryGetValue(name, out var attributes))
        {
            problems.Add(new("additionalProperties", at, $"values.{name} has no definition in flags"));
            return;
        }
        if (value is not JsonObject entry)
        {
            problems.Add(new("type", at, "A flag value must be an object", Show(value)));
            return;
        }
        if (entry["enabled"] is { } enabled && enabled.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            problems.Add(new("type", $"{at}/enabled", "enabled must be a boolean", Show(enabled)));
        if (entry["_variants"] is { } variants && (variants is not JsonArray list || list.Count > 32 ||
            list.Any(x => x is not JsonObject o || o["name"] is null || o["enabled"] is null)))
            problems.Add(new("type", $"{at}/_variants", "_variants must be a list of at most 32 objects, each with name and enabled", Show(variants)));
        foreach (var (key, attributeValue) in entry.Where(p => !ValueMembers.Contains(p.Key)))
        {
            if (!attributes.TryGetValue(key, out var constraints))
                problems.Add(new("additionalProperties", $"{at}/{key}", $"Attribute '{key}' is not defined for flag '{name}'"));
            else if (Attribute(constraints, attributeValue) is { } reason)
                problems.Add(new(reason.Constraint, $"{at}/{key}", reason.Text, Show(attributeValue)));
        }
        var on = entry["enabled"] is JsonValue e && e.TryGetValue<bool>(out var b) && b;
        foreach (var (attribute, constraints) in attributes)
        {
            if (on && entry[attribute] is null && constraints["required"] is JsonValue r && r.TryGetValue<bool>(out var required) && required)
                problems.Add(new("required", $"{at}/{attribute}", $"Attribute '{attribute}' is required when flag '{name}' is enabled"));
        }
    }

    /// <summary>Why a value breaks its attribute's constraints, or null when it meets them.</summary>
    private static (string Constraint, string Text)? Attribute(JsonObject constraints, JsonNode? value)
    {
        var type = constraints["type"]!.GetValue<string>();
        switch (type)
        {
            case "number":
                if (value?.GetValueKind() != JsonValueKind.Number)
                    return ("type", "The value must be a number");
                var number = value.GetValue<double>();
                if (constraints["minimum"] is { } min && min.GetValueKind() == JsonValueKind.Number && number < min.GetValue<double>())
                    return ("minimum", $"The value must be at least {min.ToJsonString()}");
                if (constraints["maximum"] is { } max && max.GetValueKind() == JsonValueKind.Number && number > max.GetValue<double>())
                    return ("maximum", $"The value must be at most {max.ToJsonString()}");
                return null;
            case "string":
                if (value is null || !IsString(value, out var text))
                    return ("type", "The value must be a string");
                if (text.Length > 1024)
                    return ("maxLength", "The value must be at most 1024 characters");
                if (constraints["enum"] is JsonArray choices && !choices.Any(c => c is JsonValue cv && cv.TryGetValue<string>(out var s) && s == text))
                    return ("enum", $"The value must be one of {choices.ToJsonString()}");
                if (constraints["pattern"] is JsonValue p && p.TryGetValue<string>(out var pattern) && !Matches(pattern, text))
                    return ("pattern", $"The value must match {pattern}");
                return null;
            case "boolean":
                return value?.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? null : ("type", "The value must be a boolean");
            default:
                return value is JsonArray items && items.All(i => i?.GetValueKind() is JsonValueKind.String or JsonValueKind.Number)
                    ? null
                    : ("type", "The value must be a list of strings or numbers");
        }
    }

    private static bool Matches(string pattern, string text)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
        }
        catch (Exception e) when (e is ArgumentException or RegexMatchTimeoutException)
        {
            return true; // A pattern .NET cannot run is not the content's fault.
        }
    }

    private static bool IsString(JsonNode node, out string text)
    {
        text = "";
        if (node is not JsonValue value || !value.TryGetValue<string>(out var s))
            return false;
        text = s;
        return true;
    }

    private static string? Show(JsonNode? node) => node?.ToJsonString() is { } json && json.Length > 200 ? json[..200] + "…" : node?.ToJsonString();

    [GeneratedRegex("\\A[a-z][a-zA-Z0-9_-]{0,63}\\z")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"\A[^\n]{1,64}\z")]
    private static partial Regex DisplayName();
}
