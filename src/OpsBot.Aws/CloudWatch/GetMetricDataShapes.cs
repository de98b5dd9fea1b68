namespace OpsBot.Aws.CloudWatch;

/// <summary>
/// <c>GetMetricData</c> input (botocore shape <c>GetMetricDataInput</c>): up to 500 queries over [StartTime, EndTime),
/// StartTime inclusive, EndTime exclusive.
/// </summary>
internal sealed record GetMetricDataInput(
    IReadOnlyList<MetricDataQuery> MetricDataQueries,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    string? NextToken = null,
    string? ScanBy = null,
    int? MaxDatapoints = null)
{
    /// <summary>The model's limit on <see cref="MetricDataQueries"/> per call.</summary>
    public const int MaxQueries = 500;
}

/// <summary>
/// One query of a GetMetricData call: a metric (<see cref="MetricStat"/>) or a metric-math expression over the other
/// queries' ids (<see cref="Expression"/>), never both. <see cref="Id"/>: letters, digits and '_', first a lowercase
/// letter, unique per call. <see cref="ReturnData"/> false: an input of an expression whose own data is not wanted.
/// </summary>
internal sealed record MetricDataQuery(string Id, MetricStat? MetricStat = null, string? Label = null, bool? ReturnData = null,
    string? Expression = null, int? Period = null);

/// <summary>A metric, its period (seconds) and its statistic ("Sum", "Average", "p99", ...).</summary>
internal sealed record MetricStat(Metric Metric, int Period, string Stat, string? Unit = null);

/// <summary>A metric by namespace, name and dimensions (at most 30).</summary>
internal sealed record Metric(string? Namespace, string? MetricName, IReadOnlyList<Dimension>? Dimensions = null);

internal sealed record Dimension(string Name, string Value);

/// <summary><c>GetMetricData</c> output: a result per query with <c>ReturnData</c>, and messages about the whole call.</summary>
internal sealed record GetMetricDataOutput(
    IReadOnlyList<MetricDataResult>? MetricDataResults = null,
    string? NextToken = null,
    IReadOnlyList<MessageData>? Messages = null);

/// <summary>
/// The data of one query: <see cref="Timestamps"/> and <see cref="Values"/> pair up by position. <see cref="StatusCode"/>
/// is one of <see cref="MetricDataStatus"/>.
/// </summary>
internal sealed record MetricDataResult(
    string? Id = null,
    string? Label = null,
    IReadOnlyList<DateTimeOffset>? Timestamps = null,
    IReadOnlyList<double>? Values = null,
    string? StatusCode = null,
    IReadOnlyList<MessageData>? Messages = null);

/// <summary>A message CloudWatch attached to a result or to the call (e.g. Code "Forbidden").</summary>
internal sealed record MessageData(string? Code = null, string? Value = null);

/// <summary>The values of <see cref="MetricDataResult.StatusCode"/>.</summary>
internal static class MetricDataStatus
{
    public const string Complete = "Complete";
    public const string InternalError = "InternalError";
    public const string PartialData = "PartialData";
    public const string Forbidden = "Forbidden";

    /// <summary>The statuses that mean the data cannot be trusted, as opposed to "more pages follow".</summary>
    public static bool IsFailure(string? status) => status is InternalError or Forbidden;
}

/// <summary>The values of <see cref="GetMetricDataInput.ScanBy"/>.</summary>
internal static class ScanBy
{
    public const string TimestampAscending = "TimestampAscending";
    public const string TimestampDescending = "TimestampDescending";
}
