using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>
/// DescribeAlarms: the alarms by names (up to 100) or name prefix, state and action prefix, alphabetically, paged by
/// MaxRecords (default 50) with a NextToken. Without AlarmTypes only metric alarms are described, as CloudWatch does.
/// The sandbox has no composite alarms, so CompositeAlarms is empty when asked for.
/// </summary>
internal sealed class DescribeAlarmsOperation(SandboxAlarms alarms)
{
    public const int MaxAlarmNames = 100;
    public const int DefaultMaxRecords = 50;

    private static readonly string[] AlarmTypes = ["MetricAlarm", "CompositeAlarm", "LogAlarm"];

    public JsonObject Handle(JsonObject input)
    {
        var names = CloudWatchInput.Strings(input, "AlarmNames", "AlarmNames");
        if (names is { Count: > MaxAlarmNames })
            throw CloudWatchException.InvalidParameterValue($"The collection AlarmNames must not have a size greater than {MaxAlarmNames}.");
        var prefix = CloudWatchInput.String(input, "AlarmNamePrefix", "AlarmNamePrefix");
        if (names is { Count: > 0 } && prefix is not null)
            throw CloudWatchException.InvalidParameterCombination("AlarmNames and AlarmNamePrefix cannot be used together.");
        var types = CloudWatchInput.Strings(input, "AlarmTypes", "AlarmTypes") ?? ["MetricAlarm"];
        if (types.FirstOrDefault(t => !AlarmTypes.Contains(t, StringComparer.Ordinal)) is { } badType)
            throw CloudWatchException.InvalidParameterValue($"The value {badType} for parameter AlarmTypes is not valid: {string.Join(", ", AlarmTypes)}.");
        var stateValue = CloudWatchInput.String(input, "StateValue", "StateValue");
        if (stateValue is not null && !AlarmStates.All.Contains(stateValue, StringComparer.Ordinal))
            throw CloudWatchException.InvalidParameterValue($"The value {stateValue} for parameter StateValue is not valid: {string.Join(", ", AlarmStates.All)}.");
        var actionPrefix = CloudWatchInput.String(input, "ActionPrefix", "ActionPrefix");
        var max = CloudWatchInput.Integer(input, "MaxRecords", "MaxRecords") ?? DefaultMaxRecords;
        if (max is < 1 or > 100)
            throw CloudWatchException.InvalidParameterValue($"The parameter MaxRecords must be from 1 to 100, not {max}.");
        // Composite-alarm relations: the sandbox has none, so nothing is a child or parent of anything.
        var related = CloudWatchInput.String(input, "ChildrenOfAlarmName", "ChildrenOfAlarmName") is not null ||
                      CloudWatchInput.String(input, "ParentsOfAlarmName", "ParentsOfAlarmName") is not null;

        var after = CloudWatchInput.String(input, "NextToken", "NextToken") is { Length: > 0 } token ? Decode(token) : null;
        var matching = related || !types.Contains("MetricAlarm", StringComparer.Ordinal)
            ? []
            : alarms.Snapshot()
                .Where(a => names is not { Count: > 0 } || names.Contains(a.Definition.Name, StringComparer.Ordinal))
                .Where(a => prefix is null || a.Definition.Name.StartsWith(prefix, StringComparison.Ordinal))
                .Where(a => stateValue is null || a.State.Value == stateValue)
                .Where(a => actionPrefix is null || a.Definition.AlarmActions.Concat(a.Definition.OkActions).Concat(a.Definition.InsufficientDataActions).Any(x => x.StartsWith(actionPrefix, StringComparison.Ordinal)))
                .ToList();
        var rest = matching.Where(a => after is null || string.CompareOrdinal(a.Definition.Name, after) > 0).ToList();
        var page = rest.Take(max).ToList();

        var output = new JsonObject { ["MetricAlarms"] = new JsonArray([.. page.Select(a => (JsonNode)ToJson(a.Definition, a.State))]) };
        if (types.Contains("CompositeAlarm", StringComparer.Ordinal))
            output["CompositeAlarms"] = new JsonArray();
        if (rest.Count > page.Count)
            output["NextToken"] = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("after:" + page[^1].Definition.Name));
        return output;
    }

    private static string Decode(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith("after:", StringComparison.Ordinal))
                return text["after:".Length..];
        }
        catch (FormatException)
        {
            // Not a token of ours: refused below.
        }
        throw CloudWatchException.InvalidNextToken();
    }

    /// <summary>A metric alarm as DescribeAlarms gives it (timestamps as epoch seconds).</summary>
    private static JsonObject ToJson(AlarmDefinition alarm, AlarmSnapshot state)
    {
        var json = new JsonObject
        {
            ["AlarmName"] = alarm.Name,
            ["AlarmArn"] = alarm.Arn,
            ["AlarmDescription"] = alarm.Description,
            ["AlarmConfigurationUpdatedTimestamp"] = AwsResults.Epoch(alarm.ConfiguredAt),
            ["ActionsEnabled"] = true,
            ["OKActions"] = new JsonArray([.. alarm.OkActions.Select(a => (JsonNode)a)]),
            ["AlarmActions"] = new JsonArray([.. alarm.AlarmActions.Select(a => (JsonNode)a)]),
            ["InsufficientDataActions"] = new JsonArray([.. alarm.InsufficientDataActions.Select(a => (JsonNode)a)]),
            ["StateValue"] = state.Value,
            ["StateReason"] = state.Reason,
        };
        if (state.ReasonData.Length > 0)
            json["StateReasonData"] = state.ReasonData;
        json["StateUpdatedTimestamp"] = AwsResults.Epoch(state.UpdatedAt);
        json["StateTransitionedTimestamp"] = AwsResults.Epoch(state.TransitionedAt);
        if (alarm.Metric is { } stat)
        {
            json["MetricName"] = stat.Metric.MetricName;
            json["Namespace"] = stat.Metric.Namespace;
            json["Statistic"] = stat.Stat;
            json["Dimensions"] = MetricQueries.DimensionsJson(stat.Metric.Dimensions);
            json["Period"] = stat.Period;
            if (stat.Unit is not null)
                json["Unit"] = stat.Unit;
        }
        json["EvaluationPeriods"] = alarm.EvaluationPeriods;
        json["DatapointsToAlarm"] = alarm.DatapointsToAlarm;
        json["Threshold"] = alarm.Threshold;
        json["ComparisonOperator"] = alarm.ComparisonOperator;
        json["TreatMissingData"] = alarm.TreatMissingData;
        if (alarm.Metrics is { } metrics)
            json["Metrics"] = new JsonArray([.. metrics.Select(q => (JsonNode)q.ToJson())]);
        return json;
    }
}
