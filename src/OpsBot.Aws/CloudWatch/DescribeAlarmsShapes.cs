namespace OpsBot.Aws.CloudWatch;

/// <summary>
/// <c>DescribeAlarms</c> input (botocore shape <c>DescribeAlarmsInput</c>). <see cref="AlarmNames"/>: at most 100.
/// Without <see cref="AlarmTypes"/> CloudWatch returns metric alarms only; <see cref="MaxRecords"/>: 1..100.
/// </summary>
internal sealed record DescribeAlarmsInput(
    IReadOnlyList<string>? AlarmNames = null,
    string? AlarmNamePrefix = null,
    IReadOnlyList<string>? AlarmTypes = null,
    string? StateValue = null,
    int? MaxRecords = null,
    string? NextToken = null)
{
    /// <summary>The model's limit on <see cref="AlarmNames"/> (and on <see cref="MaxRecords"/>).</summary>
    public const int MaxAlarmNames = 100;
}

/// <summary><c>DescribeAlarms</c> output; log alarms are not read by OpsBot.</summary>
internal sealed record DescribeAlarmsOutput(
    IReadOnlyList<MetricAlarm>? MetricAlarms = null,
    IReadOnlyList<CompositeAlarm>? CompositeAlarms = null,
    string? NextToken = null);

/// <summary>A metric alarm: the members OpsBot reads (the model has many more). <see cref="StateValue"/>: see <see cref="AlarmStateValue"/>.</summary>
internal sealed record MetricAlarm(
    string? AlarmName = null,
    string? AlarmArn = null,
    string? StateValue = null,
    string? StateReason = null,
    DateTimeOffset? StateUpdatedTimestamp = null,
    string? Namespace = null,
    string? MetricName = null);

/// <summary>A composite alarm: the members OpsBot reads.</summary>
internal sealed record CompositeAlarm(
    string? AlarmName = null,
    string? AlarmArn = null,
    string? AlarmRule = null,
    string? StateValue = null,
    string? StateReason = null,
    DateTimeOffset? StateUpdatedTimestamp = null);

/// <summary>The values of <see cref="DescribeAlarmsInput.AlarmTypes"/>.</summary>
internal static class AlarmType
{
    public const string MetricAlarm = "MetricAlarm";
    public const string CompositeAlarm = "CompositeAlarm";
    public const string LogAlarm = "LogAlarm";
}

/// <summary>The values of an alarm's <c>StateValue</c>.</summary>
internal static class AlarmStateValue
{
    public const string Ok = "OK";
    public const string Alarm = "ALARM";
    public const string InsufficientData = "INSUFFICIENT_DATA";
}
