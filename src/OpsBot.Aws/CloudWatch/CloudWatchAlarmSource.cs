using Microsoft.Extensions.Logging;
using OpsBot.Aws.Http;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.CloudWatch;

/// <summary>
/// Alarm states from CloudWatch DescribeAlarms: the queries are grouped by scope (Region, RoleArn), and each scope's
/// distinct names are asked for in chunks of 100 (the model's limit on AlarmNames), metric and composite alarms both
/// (without AlarmTypes CloudWatch would leave composite alarms out). An alarm CloudWatch does not return is absent from
/// the answer, which the Core reads as "does not exist". Any failed call throws: a partial answer would make the
/// unread alarms look missing.
/// </summary>
internal sealed class CloudWatchAlarmSource(CloudWatchClient cloudWatch, ILogger<CloudWatchAlarmSource> logger) : IAlarmSource
{
    private static readonly string[] BothAlarmTypes = [AlarmType.MetricAlarm, AlarmType.CompositeAlarm];

    public async Task<IReadOnlyDictionary<AlarmQuery, AlarmStatus>> GetAsync(IReadOnlyCollection<AlarmQuery> alarms, CancellationToken cancellationToken)
    {
        var answer = new Dictionary<AlarmQuery, AlarmStatus>();
        foreach (var scope in alarms.GroupBy(a => new AwsScope(a.Region, a.RoleArn)))
        {
            var states = await ReadScopeAsync(scope.Key, [.. scope.Select(a => a.Name).Distinct(StringComparer.Ordinal)], cancellationToken);
            foreach (var query in scope)
            {
                if (states.TryGetValue(query.Name, out var status))
                    answer[query] = status;
            }
        }
        return answer;
    }

    private async Task<Dictionary<string, AlarmStatus>> ReadScopeAsync(AwsScope scope, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, AlarmStatus>(StringComparer.Ordinal);
        foreach (var chunk in names.Chunk(DescribeAlarmsInput.MaxAlarmNames))
        {
            var found = await cloudWatch.DescribeAllAlarmsAsync(scope, new DescribeAlarmsInput(
                AlarmNames: chunk, AlarmTypes: BothAlarmTypes, MaxRecords: DescribeAlarmsInput.MaxAlarmNames), cancellationToken);
            var all = (found.MetricAlarms ?? []).Select(a => (a.AlarmName, a.StateValue, a.StateReason))
                .Concat((found.CompositeAlarms ?? []).Select(a => (a.AlarmName, a.StateValue, a.StateReason)));
            foreach (var (name, value, reason) in all)
            {
                if (name is null)
                    continue;
                if (StateOf(value) is { } state)
                    states[name] = new AlarmStatus(name, state, reason);
                else
                    logger.LogWarning("Alarm {Alarm} in region {Region} has state {State}, which OpsBot does not know; leaving it out of the answer", name, scope.Region ?? "(default)", value);
            }
        }
        return states;
    }

    private static AlarmState? StateOf(string? value) => value switch
    {
        AlarmStateValue.Ok => AlarmState.Ok,
        AlarmStateValue.Alarm => AlarmState.Alarm,
        AlarmStateValue.InsufficientData => AlarmState.InsufficientData,
        _ => null,
    };
}
