using System.Text.Json;
using System.Text.Json.Nodes;
using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>
/// A metric alarm: either on one metric's statistic (<see cref="Metric"/>) or on a metric-math expression
/// (<see cref="Metrics"/>, the query with ReturnData is the one judged), breaching when
/// <see cref="DatapointsToAlarm"/> of the last <see cref="EvaluationPeriods"/> periods cross <see cref="Threshold"/>.
/// </summary>
internal sealed record AlarmDefinition(
    string Name,
    string Arn,
    string? Description,
    MetricStatSpec? Metric,
    IReadOnlyList<DataQuery>? Metrics,
    int EvaluationPeriods,
    int DatapointsToAlarm,
    double Threshold,
    string ComparisonOperator,
    string TreatMissingData,
    IReadOnlyList<string> AlarmActions,
    IReadOnlyList<string> OkActions,
    DateTimeOffset ConfiguredAt)
{
    /// <summary>The actions of a transition to INSUFFICIENT_DATA; none unless configured, as in CloudWatch.</summary>
    public IReadOnlyList<string> InsufficientDataActions { get; init; } = [];

    /// <summary>The actions CloudWatch runs when the alarm transitions to <paramref name="state"/>.</summary>
    public IReadOnlyList<string> ActionsOf(string state) => state switch
    {
        AlarmStates.Alarm => AlarmActions,
        AlarmStates.Ok => OkActions,
        _ => InsufficientDataActions,
    };

    /// <summary>The id of the judged series in <see cref="Queries"/>.</summary>
    public string JudgedId => Metric is not null ? "m1" : Metrics!.Single(q => q.ReturnData).Id;

    /// <summary>The alarm's period in seconds: its metric's, or for metric math its metrics' (they share one).</summary>
    public int Period => Metric?.Period ?? Metrics!.Where(q => q.MetricStat is not null).Min(q => q.MetricStat!.Period);

    /// <summary>What the alarm evaluates, as metric queries.</summary>
    public IReadOnlyList<DataQuery> Queries => Metric is not null ? [new DataQuery("m1", Metric, null, null, true)] : Metrics!;

    /// <summary>Whether a value crosses the threshold.</summary>
    public bool Breaches(double value) => ComparisonOperator switch
    {
        "GreaterThanThreshold" => value > Threshold,
        "GreaterThanOrEqualToThreshold" => value >= Threshold,
        "LessThanThreshold" => value < Threshold,
        "LessThanOrEqualToThreshold" => value <= Threshold,
        _ => false,
    };

    /// <summary>The comparison in CloudWatch's words ("greater than", "less than or equal to").</summary>
    public string ComparisonWords => ComparisonOperator switch
    {
        "GreaterThanThreshold" => "greater than",
        "GreaterThanOrEqualToThreshold" => "greater than or equal to",
        "LessThanThreshold" => "less than",
        "LessThanOrEqualToThreshold" => "less than or equal to",
        _ => ComparisonOperator,
    };

    /// <summary>
    /// The alarm's trigger as CloudWatch puts it in an alarm notification (SNS <c>Message.Trigger</c>): dimension
    /// keys lower-case, the statistic upper-case, metric-math alarms with <c>Metrics</c> instead of a metric.
    /// </summary>
    public JsonObject Trigger()
    {
        var trigger = new JsonObject();
        if (Metric is not null)
        {
            trigger["MetricName"] = Metric.Metric.MetricName;
            trigger["Namespace"] = Metric.Metric.Namespace;
            trigger["StatisticType"] = "Statistic";
            trigger["Statistic"] = Metric.Stat.ToUpperInvariant();
            trigger["Unit"] = Metric.Unit;
            trigger["Dimensions"] = NotificationDimensions(Metric.Metric.Dimensions);
            trigger["Period"] = Metric.Period;
        }
        else
        {
            trigger["Period"] = Period;
        }
        trigger["EvaluationPeriods"] = EvaluationPeriods;
        trigger["DatapointsToAlarm"] = DatapointsToAlarm;
        trigger["ComparisonOperator"] = ComparisonOperator;
        // Written as CloudWatch (Java) writes a double: 5.0, not 5.
        trigger["Threshold"] = JsonValue.Create(JsonSerializer.Deserialize<JsonElement>(AlarmJudgement.Number(Threshold)));
        trigger["TreatMissingData"] = TreatMissingData;
        trigger["EvaluateLowSampleCountPercentile"] = "";
        if (Metrics is not null)
        {
            trigger["Metrics"] = new JsonArray([.. Metrics.Select(q =>
            {
                var json = new JsonObject { ["Id"] = q.Id };
                if (q.MetricStat is { } stat)
                {
                    json["MetricStat"] = new JsonObject
                    {
                        ["Metric"] = new JsonObject
                        {
                            ["Dimensions"] = NotificationDimensions(stat.Metric.Dimensions),
                            ["MetricName"] = stat.Metric.MetricName,
                            ["Namespace"] = stat.Metric.Namespace,
                        },
                        ["Period"] = stat.Period,
                        ["Stat"] = stat.Stat,
                    };
                }
                if (q.Expression is not null)
                    json["Expression"] = q.Expression;
                if (q.Label is not null)
                    json["Label"] = q.Label;
                json["ReturnData"] = q.ReturnData;
                return (JsonNode)json;
            })]);
        }
        return trigger;
    }

    private static JsonArray NotificationDimensions(IReadOnlyList<Dimension> dimensions) =>
        [.. dimensions.Select(d => (JsonNode)new JsonObject { ["value"] = d.Value, ["name"] = d.Name })];
}
