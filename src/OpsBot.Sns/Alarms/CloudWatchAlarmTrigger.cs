using System.Text.Json;
using OpsBot.Core.Alarms;

namespace OpsBot.Sns.Alarms;

/// <summary>
/// An alarm message's <c>Trigger</c>: one metric (MetricName, Namespace, Statistic or ExtendedStatistic as
/// StatisticType says, Dimensions as <c>[{"value": …, "name": …}]</c> with lowercase keys), or a metric-math alarm's
/// <c>Metrics</c> (each an expression or a <c>MetricStat</c>), and the threshold they are compared with. Fields of an
/// unexpected type are left out rather than refusing the alarm.
/// </summary>
internal static class CloudWatchAlarmTrigger
{
    public static AlarmTrigger Read(JsonElement trigger)
    {
        var dimensions = new List<AlarmDimension>();
        Dimensions(trigger, dimensions);
        var expressions = new List<string>();
        var stats = new List<(string? Namespace, string? Name, string? Stat, int? Period)>();
        if (trigger.TryGetProperty("Metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Array)
        {
            foreach (var metric in metrics.EnumerateArray().Where(m => m.ValueKind == JsonValueKind.Object))
            {
                if (Json.String(metric, "Expression") is { Length: > 0 } expression)
                    expressions.Add(expression);
                if (metric.TryGetProperty("MetricStat", out var stat) && stat.ValueKind == JsonValueKind.Object
                    && stat.TryGetProperty("Metric", out var m) && m.ValueKind == JsonValueKind.Object)
                {
                    Dimensions(m, dimensions);
                    stats.Add((Json.String(m, "Namespace"), Json.String(m, "MetricName"), Json.String(stat, "Stat"), Json.Int(stat, "Period")));
                }
            }
        }

        // A metric-math alarm names its metric only when it has one; its namespace when all its metrics share one.
        var single = stats.Select(s => (s.Namespace, s.Name)).Distinct().Count() == 1 ? stats[0] : default;
        var namespaces = stats.Select(s => s.Namespace).Distinct().ToList();
        return new AlarmTrigger
        {
            Namespace = Json.String(trigger, "Namespace") ?? (namespaces.Count == 1 ? namespaces[0] : null),
            MetricName = Json.String(trigger, "MetricName") ?? single.Name,
            Statistic = Statistic(trigger) ?? single.Stat,
            Dimensions = [.. dimensions.Distinct()],
            Expressions = expressions,
            Threshold = Json.Double(trigger, "Threshold"),
            ComparisonOperator = Json.String(trigger, "ComparisonOperator"),
            PeriodSeconds = Json.Int(trigger, "Period") ?? stats.Select(s => s.Period).FirstOrDefault(p => p is not null),
            EvaluationPeriods = Json.Int(trigger, "EvaluationPeriods"),
        };
    }

    /// <summary>StatisticType says which field holds it: <c>Statistic</c> (AVERAGE, SUM, …) or <c>ExtendedStatistic</c> (p99).</summary>
    private static string? Statistic(JsonElement trigger) =>
        Json.String(trigger, "StatisticType") == "ExtendedStatistic"
            ? Json.String(trigger, "ExtendedStatistic") ?? Json.String(trigger, "Statistic")
            : Json.String(trigger, "Statistic") ?? Json.String(trigger, "ExtendedStatistic");

    private static void Dimensions(JsonElement owner, List<AlarmDimension> into)
    {
        if (!owner.TryGetProperty("Dimensions", out var dimensions) || dimensions.ValueKind != JsonValueKind.Array)
            return;
        foreach (var dimension in dimensions.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.Object))
        {
            // CloudWatch writes lowercase keys here; the API's capitalized ones are taken too.
            var name = Json.String(dimension, "name") ?? Json.String(dimension, "Name");
            var value = Json.String(dimension, "value") ?? Json.String(dimension, "Value");
            if (!string.IsNullOrEmpty(name) && value is not null)
                into.Add(new AlarmDimension(name, value));
        }
    }
}
