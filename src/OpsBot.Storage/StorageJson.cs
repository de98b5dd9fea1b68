using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpsBot.Storage;

/// <summary>How entities and detail dictionaries are written into JSON columns.</summary>
internal static class StorageJson
{
    /// <summary>
    /// Enums by name (states are persisted as strings, so members may be added but never renamed). Computed get-only
    /// properties (<c>CurrentStep</c>, <c>IsActive</c>, <c>AliasKey</c>, ...) are left out: they are derived on read.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Stored JSON for {typeof(T).Name} is null.");

    public static string? SerializeData(IReadOnlyDictionary<string, string>? data) =>
        data is null ? null : JsonSerializer.Serialize(data, Options);

    public static IReadOnlyDictionary<string, string>? DeserializeData(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(json, Options);

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            IgnoreReadOnlyProperties = true,
            Converters = { new JsonStringEnumConverter() },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
