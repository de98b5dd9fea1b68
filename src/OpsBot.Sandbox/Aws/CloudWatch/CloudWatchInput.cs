using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>
/// Reads members of a CloudWatch JSON 1.0 request, refusing wrong types the way CloudWatch does. Parameter names in
/// messages use the awsQuery form (<c>MetricDataQueries.member.1.Id</c>), as CloudWatch's own messages do.
/// </summary>
internal static class CloudWatchInput
{
    public static string? String(JsonObject input, string member, string path)
    {
        var node = input[member];
        if (node is null)
            return null;
        return node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw CloudWatchException.Serialization($"{path} must be a string.");
    }

    public static string RequiredString(JsonObject input, string member, string path) =>
        String(input, member, path) is { Length: > 0 } text ? text : throw CloudWatchException.MissingParameter(path);

    public static int? Integer(JsonObject input, string member, string path)
    {
        var node = input[member];
        if (node is null)
            return null;
        return node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var number)
            ? number
            : throw CloudWatchException.Serialization($"{path} must be an integer.");
    }

    public static bool? Boolean(JsonObject input, string member, string path)
    {
        var node = input[member];
        return node switch
        {
            null => null,
            _ when node.GetValueKind() is JsonValueKind.True or JsonValueKind.False => node.GetValue<bool>(),
            _ => throw CloudWatchException.Serialization($"{path} must be a boolean."),
        };
    }

    public static JsonArray? Array(JsonObject input, string member, string path) => input[member] switch
    {
        null => null,
        JsonArray array => array,
        _ => throw CloudWatchException.Serialization($"{path} must be a list."),
    };

    public static JsonObject? Object(JsonObject input, string member, string path) => input[member] switch
    {
        null => null,
        JsonObject o => o,
        _ => throw CloudWatchException.Serialization($"{path} must be a structure."),
    };

    /// <summary>A timestamp: epoch seconds (the protocol's form; fractions allowed) or, leniently, ISO-8601.</summary>
    public static DateTimeOffset? Timestamp(JsonObject input, string member, string path)
    {
        var node = input[member];
        if (node is null)
            return null;
        if (node.GetValueKind() == JsonValueKind.Number)
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(node.GetValue<double>() * 1000));
        if (node is JsonValue value && value.TryGetValue<string>(out var text) &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return at;
        throw CloudWatchException.Serialization($"{path} must be a timestamp (epoch seconds).");
    }

    /// <summary>A list of strings.</summary>
    public static IReadOnlyList<string>? Strings(JsonObject input, string member, string path)
    {
        if (Array(input, member, path) is not { } array)
            return null;
        return [.. array.Select((n, i) => n is JsonValue v && v.TryGetValue<string>(out var s)
            ? s
            : throw CloudWatchException.Serialization($"{path}.member.{i + 1} must be a string."))];
    }

    /// <summary>A list of structures.</summary>
    public static IReadOnlyList<JsonObject>? Objects(JsonObject input, string member, string path)
    {
        if (Array(input, member, path) is not { } array)
            return null;
        return [.. array.Select((n, i) => n as JsonObject ?? throw CloudWatchException.Serialization($"{path}.member.{i + 1} must be a structure."))];
    }
}
