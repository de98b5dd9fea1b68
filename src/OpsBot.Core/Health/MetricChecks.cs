using System.Globalization;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Health;

/// <summary>
/// Metric probes (<c>Type: metric</c>): the CloudWatch query of one for a function's version, and how a value is held
/// to its threshold. Shared by the runner's health reading and <c>/health</c>.
/// </summary>
public static class MetricChecks
{
    /// <summary>The query of <paramref name="options"/> for <paramref name="version"/> of the target, its placeholders filled in.</summary>
    public static CheckQuery Query(string id, ProbeOptions options, FunctionTarget target, string version,
        DateTimeOffset start, DateTimeOffset end, int periodSeconds)
    {
        IReadOnlyList<KeyValuePair<string, string>> Fill(Dictionary<string, string> dimensions) =>
            [.. dimensions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => KeyValuePair.Create(d.Key, d.Value
                .Replace("{function}", target.Function, StringComparison.Ordinal)
                .Replace("{alias}", target.Alias, StringComparison.Ordinal)
                .Replace("{version}", version, StringComparison.Ordinal)))];

        IReadOnlyList<CheckMetric> metrics = options.Expression is null
            ? [new CheckMetric("m", options.Namespace!, options.MetricName!, Fill(options.Dimensions), options.Statistic)]
            : [.. options.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal)
                .Select(m => new CheckMetric(m.Key, m.Value.Namespace, m.Value.MetricName, Fill(m.Value.Dimensions), m.Value.Statistic))];
        return new CheckQuery(id, target.Region, target.RoleArn, metrics, options.Expression, start, end, periodSeconds);
    }

    /// <summary>Whether <paramref name="value"/> breaches the probe's threshold.</summary>
    public static bool Breaches(ProbeOptions options, double value) => options.Comparison switch
    {
        "GreaterThanOrEqualToThreshold" => value >= options.Threshold,
        "LessThanThreshold" => value < options.Threshold,
        "LessThanOrEqualToThreshold" => value <= options.Threshold,
        _ => value > options.Threshold,
    };

    /// <summary>"&gt; 1%": the threshold as the breach reads.</summary>
    public static string Threshold(ProbeOptions options) => $"{Symbol(options.Comparison)} {Value(options, options.Threshold)}";

    /// <summary>The threshold as a pass reads ("≤ 1%").</summary>
    public static string PassSide(ProbeOptions options) => $"{Opposite(options.Comparison)} {Value(options, options.Threshold)}";

    /// <summary>"7.2%", "3 messages".</summary>
    public static string Value(ProbeOptions options, double value)
    {
        var number = value.ToString("#,0.##", CultureInfo.InvariantCulture);
        return options.Unit switch
        {
            null or "" => number,
            "%" => number + "%",
            var unit => $"{number} {unit}",
        };
    }

    private static string Symbol(string comparison) => comparison switch
    {
        "GreaterThanOrEqualToThreshold" => "≥",
        "LessThanThreshold" => "<",
        "LessThanOrEqualToThreshold" => "≤",
        _ => ">",
    };

    private static string Opposite(string comparison) => comparison switch
    {
        "GreaterThanOrEqualToThreshold" => "<",
        "LessThanThreshold" => "≥",
        "LessThanOrEqualToThreshold" => ">",
        _ => "≤",
    };
}
