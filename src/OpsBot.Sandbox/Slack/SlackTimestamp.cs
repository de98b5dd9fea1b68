using System.Globalization;

namespace OpsBot.Sandbox.Slack;

/// <summary>Slack's message timestamps: unix seconds, a dot, six digits of microseconds (<c>"1700000000.000100"</c>).</summary>
internal static class SlackTimestamp
{
    public static string Format(long unixMicros) =>
        string.Create(CultureInfo.InvariantCulture, $"{unixMicros / 1_000_000}.{unixMicros % 1_000_000:D6}");

    /// <summary>True for a string shaped like a Slack ts.</summary>
    public static bool IsValid(string? ts)
    {
        if (string.IsNullOrEmpty(ts))
            return false;
        var dot = ts.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && dot < ts.Length - 1 && ts.Remove(dot, 1).All(char.IsAsciiDigit);
    }
}
