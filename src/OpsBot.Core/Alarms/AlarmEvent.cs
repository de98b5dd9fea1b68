using System.Globalization;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Alarms;

/// <summary>A dimension of an alarm's metric, as CloudWatch's alarm message names it (<c>name</c>, <c>value</c>).</summary>
public sealed record AlarmDimension(string Name, string Value);

/// <summary>
/// What an alarm watches, from the alarm message's <c>Trigger</c>: one metric (namespace, name, statistic,
/// dimensions) or a metric-math alarm's metrics (<see cref="Expressions"/> says what it computes), and its threshold.
/// A composite alarm has none.
/// </summary>
public sealed record AlarmTrigger
{
    public string? Namespace { get; init; }

    public string? MetricName { get; init; }

    /// <summary>Statistic or extended statistic (p99).</summary>
    public string? Statistic { get; init; }

    /// <summary>The metric's dimensions; for a metric-math alarm, those of all its metrics.</summary>
    public IReadOnlyList<AlarmDimension> Dimensions { get; init; } = [];

    /// <summary>A metric-math alarm's expressions (empty for a single metric).</summary>
    public IReadOnlyList<string> Expressions { get; init; } = [];

    public double? Threshold { get; init; }

    /// <summary>GreaterThanThreshold, LessThanThreshold, …</summary>
    public string? ComparisonOperator { get; init; }

    public int? PeriodSeconds { get; init; }

    public int? EvaluationPeriods { get; init; }

    /// <summary>"AWS/Lambda Errors (Sum) > 5 over 60 s, FunctionName=lambda_router".</summary>
    public string Describe()
    {
        var metric = Expressions.Count > 0 ? string.Join(", ", Expressions) : $"{Namespace} {MetricName} ({Statistic})";
        var comparison = ComparisonOperator switch
        {
            "GreaterThanOrEqualToThreshold" => "≥",
            "LessThanThreshold" => "<",
            "LessThanOrEqualToThreshold" => "≤",
            "GreaterThanThreshold" => ">",
            _ => ComparisonOperator,
        };
        var threshold = Threshold is { } value ? $" {comparison} {value.ToString("0.####", CultureInfo.InvariantCulture)}" : "";
        var period = PeriodSeconds is { } p ? $" over {p} s" : "";
        var dimensions = Dimensions.Count == 0 ? "" : ", " + string.Join(", ", Dimensions.Select(d => $"{d.Name}={d.Value}"));
        return metric + threshold + period + dimensions;
    }
}

/// <summary>
/// A CloudWatch alarm's state change as SNS delivered it (verified by the adapter): which alarm (by ARN: alarm names
/// repeat across accounts and regions), from which state to which, why, when, and what it watches. The topic it came
/// by says the environment.
/// </summary>
public sealed record AlarmEvent
{
    /// <summary>SNS's MessageId: a delivery seen twice is acted on once.</summary>
    public required string MessageId { get; init; }

    public required string TopicArn { get; init; }

    public required string AlarmName { get; init; }

    /// <summary><c>arn:aws:cloudwatch:us-east-1:123456789012:alarm:lambda_router-error-rate</c>.</summary>
    public required string AlarmArn { get; init; }

    public required AlarmState NewState { get; init; }

    public AlarmState? OldState { get; init; }

    /// <summary>CloudWatch's sentence: "Threshold Crossed: 1 datapoint [12.0 (03/12/26 10:14:00)] was greater than the threshold (5.0)."</summary>
    public string? Reason { get; init; }

    public required DateTimeOffset StateChangeTime { get; init; }

    public string? Description { get; init; }

    /// <summary>Null for a composite alarm.</summary>
    public AlarmTrigger? Trigger { get; init; }

    /// <summary>The account and region, from the alarm's ARN.</summary>
    public string? AccountId => ArnPart(4);

    public string? Region => ArnPart(3);

    /// <summary>The value a dimension of the trigger has (<c>FunctionName</c>), or null.</summary>
    public string? Dimension(string name) =>
        Trigger?.Dimensions.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal))?.Value;

    private string? ArnPart(int index)
    {
        var parts = AlarmArn.Split(':');
        return parts.Length > index && parts[index].Length > 0 ? parts[index] : null;
    }
}

/// <summary>What OpsBot did with an alarm event; the adapter answers SNS 200 for every one of them.</summary>
public enum AlarmOutcome
{
    /// <summary>The same MessageId was handled before.</summary>
    Duplicate,

    /// <summary>A deployment it guards is rolling back.</summary>
    RolledBack,

    /// <summary>An incident was opened for it.</summary>
    IncidentOpened,

    /// <summary>It joined (or recovered, or updated) an open incident.</summary>
    IncidentUpdated,

    /// <summary>Nothing to do (an OK with no incident, a state that changes nothing).</summary>
    Ignored,
}

/// <summary>
/// Where verified alarm events enter Core. It commits what it decides (a rollback started, an incident opened) before
/// it returns, so the adapter may answer SNS 200 only after it; it throws when the store cannot be written (the
/// adapter answers 5xx, and SNS retries).
/// </summary>
public interface IAlarmIntake
{
    /// <summary>The environment whose alarms come by <paramref name="topicArn"/>, or null for a topic OpsBot does not know.</summary>
    string? EnvironmentOf(string topicArn);

    Task<AlarmOutcome> ReceiveAsync(AlarmEvent alarm, CancellationToken cancellationToken);
}
