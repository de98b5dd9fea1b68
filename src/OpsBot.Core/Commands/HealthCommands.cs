namespace OpsBot.Core.Commands;

/// <summary>
/// <c>/health [function…] [--env ENV] [--window 15m] [--chart] [--errors]</c>: the functions' aliases, deployments,
/// figures per version over the window, alarms and probes, and the environment's probes (InfluxDB, HTTP endpoints).
/// No function named: every function of the environment.
/// </summary>
public sealed record HealthCommand(IReadOnlyList<string> Functions) : ChatCommand
{
    public string? Environment { get; init; }

    public TimeSpan Window { get; init; } = HealthWindows.Default;

    /// <summary>Adds a PNG of the window.</summary>
    public bool Chart { get; init; }

    /// <summary>Adds the function's latest error lines from its logs (one function).</summary>
    public bool Errors { get; init; }
}

/// <summary><c>/logs &lt;function&gt; [version] [--since 15m] [--env ENV]</c>: the latest error lines of the function (or one version), grouped.</summary>
public sealed record LogsCommand(string Function) : ChatCommand
{
    public string? Version { get; init; }

    public string? Environment { get; init; }

    public TimeSpan Since { get; init; } = HealthWindows.Default;
}

/// <summary>How far back <c>/health</c> and <c>/logs</c> look: whole minutes from 1 minute to 24 hours.</summary>
public static class HealthWindows
{
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan Longest = TimeSpan.FromHours(24);

    /// <summary>"15m", "2h", "90m", "1d"; null when it is not one.</summary>
    public static TimeSpan? Parse(string text)
    {
        if (text.Length is < 2 or > 6 || !int.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var n) || n < 1)
            return null;
        TimeSpan? span = char.ToLowerInvariant(text[^1]) switch
        {
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => null,
        };
        return span <= Longest ? span : null;
    }

    /// <summary>"15 min", "2 h", "1 h 30 min".</summary>
    public static string Describe(TimeSpan span) =>
        span.TotalMinutes < 60 ? $"{span.TotalMinutes:0} min"
        : span.Minutes == 0 ? $"{span.TotalHours:0} h"
        : $"{(int)span.TotalHours} h {span.Minutes} min";
}
