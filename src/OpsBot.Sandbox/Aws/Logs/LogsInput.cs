using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.Logs;

/// <summary>Reads members of a CloudWatch Logs JSON 1.1 request, refusing wrong types with a SerializationException as the service does.</summary>
internal static class LogsInput
{
    public static string? String(JsonObject input, string member) => input[member] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw LogsException.Serialization($"{member} must be a string."),
    };

    public static long? Long(JsonObject input, string member) => input[member] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var n) => n,
        _ => throw LogsException.Serialization($"{member} must be an integer (epoch seconds for times)."),
    };

    public static IReadOnlyList<string>? Strings(JsonObject input, string member) => input[member] switch
    {
        null => null,
        JsonArray a => [.. a.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw LogsException.Serialization($"{member} must be a list of strings."))],
        _ => throw LogsException.Serialization($"{member} must be a list of strings."),
    };
}
