using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.CodeDeploy;

/// <summary>
/// The one <c>AWS::Lambda::Function</c> resource of a Lambda AppSpec: move <see cref="Alias"/> of
/// <see cref="Function"/> from <see cref="CurrentVersion"/> to <see cref="TargetVersion"/>.
/// </summary>
internal sealed record LambdaAppSpec(string Function, string Alias, string CurrentVersion, string TargetVersion)
{
    /// <summary>Reads a JSON or YAML AppSpec; InvalidRevisionException when it is not a valid Lambda AppSpec.</summary>
    public static LambdaAppSpec Read(string content)
    {
        JsonNode? root;
        try
        {
            root = content.TrimStart().StartsWith('{') ? JsonNode.Parse(content) : AppSpecYaml.Parse(content);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw Invalid($"The AppSpec file is not valid JSON or YAML: {e.Message}");
        }
        if (root is not JsonObject spec || spec["version"] is null)
            throw Invalid("The AppSpec file must have a version (0.0) and Resources.");
        if (spec["Resources"] is not JsonArray { Count: > 0 } resources)
            throw Invalid("The AppSpec file must list one resource under Resources.");
        // A Lambda deployment moves one alias of one function.
        if (resources.Count > 1)
            throw Invalid("The AppSpec file of a Lambda deployment can name only one resource.");
        if (resources[0] is not JsonObject { Count: 1 } resource || resource.First().Value is not JsonObject definition)
            throw Invalid("Each resource of the AppSpec file must be a single named AWS::Lambda::Function.");
        var type = Text(definition["Type"]);
        if (type != "AWS::Lambda::Function")
            throw Invalid($"The resource {resource.First().Key} must be of type AWS::Lambda::Function, not {type ?? "(none)"}.");
        if (definition["Properties"] is not JsonObject properties)
            throw Invalid($"The resource {resource.First().Key} has no Properties.");
        var target = new LambdaAppSpec(Property(properties, "Name"), Property(properties, "Alias"),
            Property(properties, "CurrentVersion"), Property(properties, "TargetVersion"));
        foreach (var version in new[] { target.CurrentVersion, target.TargetVersion })
        {
            if (!version.All(char.IsAsciiDigit))
                throw Invalid($"The version {version} in the AppSpec file is not a published version number.");
        }
        return target;
    }

    /// <summary>The AppSpec (JSON) of a deployment from <paramref name="from"/> to <paramref name="to"/> (a rollback's revision).</summary>
    public static string Json(string function, string alias, string from, string to) =>
        new JsonObject
        {
            ["version"] = 0.0,
            ["Resources"] = new JsonArray(new JsonObject
            {
                [function] = new JsonObject
                {
                    ["Type"] = "AWS::Lambda::Function",
                    ["Properties"] = new JsonObject { ["Name"] = function, ["Alias"] = alias, ["CurrentVersion"] = from, ["TargetVersion"] = to },
                },
            }),
        }.ToJsonString();

    private static string Property(JsonObject properties, string name) =>
        Text(properties[name]) is { Length: > 0 } value ? value : throw Invalid($"The AppSpec file's Lambda resource needs the property {name}.");

    /// <summary>A scalar as text: YAML scalars arrive as strings, JSON ones may be numbers.</summary>
    private static string? Text(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()
        : null;

    private static CodeDeployFault Invalid(string why) => CodeDeployFault.InvalidRevision(why);
}
