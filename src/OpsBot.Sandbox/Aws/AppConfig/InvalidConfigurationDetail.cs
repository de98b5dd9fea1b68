using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.AppConfig;

/// <summary>One way content breaks its profile's schema (model shape <c>InvalidConfigurationDetail</c>).</summary>
/// <param name="Constraint">The JSON-schema keyword broken: required, type, pattern, enum, additionalProperties, maximum...</param>
/// <param name="Location">Where, as a JSON pointer (<c>#/values/enable_x/enabled</c>).</param>
/// <param name="Reason">What is wrong, for a person.</param>
/// <param name="Value">The offending value as JSON, when there is one.</param>
internal sealed record InvalidConfigurationDetail(string Constraint, string Location, string Reason, string? Value = null)
{
    public JsonObject ToJson() => new()
    {
        ["Constraint"] = Constraint,
        ["Location"] = Location,
        ["Reason"] = Reason,
        ["Type"] = "Schema",
        ["Value"] = Value,
    };
}
