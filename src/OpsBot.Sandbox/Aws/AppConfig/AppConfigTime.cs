using System.Globalization;

namespace OpsBot.Sandbox.Aws.AppConfig;

/// <summary>AppConfig's timestamps: ISO-8601 in UTC with milliseconds, as its model asks (<c>timestampFormat: iso8601</c>).</summary>
internal static class AppConfigTime
{
    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
