using System.Globalization;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>What an evaluation concluded: the state, the reason in CloudWatch's words and the reason as JSON.</summary>
internal sealed record AlarmJudgement(string State, string Reason, JsonObject ReasonData)
{
    /// <summary>The reason of an alarm not evaluated yet.</summary>
    public const string Unchecked = "Unchecked: Initial alarm creation";

    /// <summary>
    /// Judges the last periods' datapoints (newest first; null where the period has no data), treating missing data as
    /// missing: no datapoint at all is INSUFFICIENT_DATA; at least DatapointsToAlarm breaching ones is ALARM; else OK.
    /// </summary>
    public static AlarmJudgement Of(AlarmDefinition alarm, IReadOnlyList<(long At, double? Value)> datapoints, string oldState, DateTimeOffset now)
    {
        var present = datapoints.Where(d => d.Value is not null).Select(d => (d.At, Value: d.Value!.Value)).ToList();
        var data = DataOf(alarm, present, datapoints, now);
        var n = datapoints.Count;
        if (present.Count == 0)
            return new(AlarmStates.InsufficientData, $"Insufficient Data: {n} {Datapoints(n)} {WasWere(n)} unknown.", data);

        var breaching = present.Count(d => alarm.Breaches(d.Value));
        var list = $"[{string.Join(", ", present.Select(d => $"{Number(d.Value)} ({Time(d.At)})"))}]";
        var threshold = $"the threshold ({Number(alarm.Threshold)})";
        if (breaching >= alarm.DatapointsToAlarm)
        {
            var reason = n == 1
                ? $"Threshold Crossed: 1 datapoint {list} was {alarm.ComparisonWords} {threshold}."
                : $"Threshold Crossed: {breaching} out of the last {n} datapoints {list} {WasWere(breaching)} {alarm.ComparisonWords} {threshold} " +
                  $"(minimum {alarm.DatapointsToAlarm} {Datapoints(alarm.DatapointsToAlarm)} for {oldState} -> {AlarmStates.Alarm} transition).";
            return new(AlarmStates.Alarm, reason, data);
        }
        var fine = present.Count - breaching;
        var okReason = n == 1
            ? $"Threshold Crossed: 1 datapoint {list} was not {alarm.ComparisonWords} {threshold}."
            : $"Threshold Crossed: {fine} out of the last {n} datapoints {list} {WasWere(fine)} not {alarm.ComparisonWords} {threshold} " +
              $"(minimum 1 datapoint for {oldState} -> {AlarmStates.Ok} transition).";
        return new(AlarmStates.Ok, okReason, data);
    }

    /// <summary>A number as CloudWatch (Java) writes it: always with a decimal point, "5.0", "0.25".</summary>
    public static string Number(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }

    /// <summary>A time as CloudWatch writes it in reasons: 27/11/26 08:00:10.</summary>
    private static string Time(long epochSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(epochSeconds).UtcDateTime.ToString("dd/MM/yy HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A time as CloudWatch writes it in reason data and notifications: 2026-11-27T08:00:10.000+0000.</summary>
    public static string IsoTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    private static string Datapoints(int n) => n == 1 ? "datapoint" : "datapoints";

    private static string WasWere(int n) => n == 1 ? "was" : "were";

    private static JsonObject DataOf(AlarmDefinition alarm, List<(long At, double Value)> present, IReadOnlyList<(long At, double? Value)> all, DateTimeOffset now)
    {
        var data = new JsonObject
        {
            ["version"] = "1.0",
            ["queryDate"] = IsoTime(now),
            ["startDate"] = IsoTime(DateTimeOffset.FromUnixTimeSeconds(all.Count == 0 ? now.ToUnixTimeSeconds() : all.Min(d => d.At))),
        };
        if (alarm.Metric is not null)
            data["statistic"] = alarm.Metric.Stat;
        data["period"] = alarm.Period;
        data["recentDatapoints"] = new JsonArray([.. present.OrderBy(d => d.At).Select(d => (JsonNode)d.Value)]);
        data["threshold"] = alarm.Threshold;
        data["evaluatedDatapoints"] = new JsonArray([.. present.Select(d => (JsonNode)new JsonObject
        {
            ["timestamp"] = IsoTime(DateTimeOffset.FromUnixTimeSeconds(d.At)),
            ["value"] = d.Value,
        })]);
        return data;
    }
}
