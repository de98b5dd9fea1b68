using System.Globalization;

namespace OpsBot.Sandbox.Aws.Traffic;

/// <summary>A fault injected into one version of a function: the share of its invocations that fail, their average duration, or both.</summary>
/// <param name="Function">The function's name.</param>
/// <param name="Version">The published version the fault applies to.</param>
/// <param name="ErrorRate">The fraction (0..1) of the version's invocations that fail; null keeps the normal profile's (a slow version without errors).</param>
/// <param name="DurationMs">The version's average duration in milliseconds; null keeps the normal profile.</param>
public sealed record TrafficFault(string Function, string Version, double? ErrorRate, double? DurationMs)
{
    /// <summary>What the fault does, as a sentence's end: "fails 30% of its invocations and takes 1200 ms each".</summary>
    public string Behaviour()
    {
        var parts = new List<string>();
        if (ErrorRate is { } rate)
            parts.Add($"fails {(rate * 100).ToString("0.##", CultureInfo.InvariantCulture)}% of its invocations");
        if (DurationMs is { } ms)
            parts.Add($"takes {ms.ToString("0.##", CultureInfo.InvariantCulture)} ms each{(ErrorRate is null ? " (errors as usual)" : "")}");
        return string.Join(" and ", parts);
    }
}
