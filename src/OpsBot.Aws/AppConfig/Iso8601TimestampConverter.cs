using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpsBot.Aws.AppConfig;

/// <summary>
/// An ISO-8601 timestamp, as AppConfig's model gives its times. A value without an offset is UTC, as botocore reads it
/// (System.Text.Json alone would take the machine's zone); a number is read as epoch seconds rather than failing.
/// </summary>
internal sealed class Iso8601TimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            JsonTokenType.Number => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDouble() * 1000)),
            _ => throw new JsonException($"A timestamp must be an ISO-8601 string, not {reader.TokenType}."),
        };

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
}
