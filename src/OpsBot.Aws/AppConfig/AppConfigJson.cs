using System.Text.Json;
using OpsBot.Aws.Http;

namespace OpsBot.Aws.AppConfig;

/// <summary>
/// AppConfig's JSON: PascalCase members as the model names them, and timestamps as ISO-8601 strings (the model's
/// <c>Iso8601DateTime</c> shape), unlike the epoch seconds that are restJson1's default.
/// </summary>
internal static class AppConfigJson
{
    public static readonly JsonSerializerOptions Options = new(AwsJson.Pascal)
    {
        Converters = { new Iso8601TimestampConverter() },
    };
}
