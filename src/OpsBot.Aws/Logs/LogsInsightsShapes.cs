namespace OpsBot.Aws.Logs;

// CloudWatch Logs Insights shapes (botocore logs 2014-03-28), only the members OpsBot uses. Members are camelCase on
// the wire; timestamps of StartQuery are epoch seconds (the model's Timestamp is a long).

/// <summary>
/// <c>StartQuery</c> input: the window [<see cref="StartTime"/>, <see cref="EndTime"/>] in epoch seconds, both ends
/// included, and exactly one of <see cref="LogGroupName"/>, <see cref="LogGroupNames"/> or <see cref="LogGroupIdentifiers"/>.
/// </summary>
internal sealed record StartQueryInput(long StartTime, long EndTime, string QueryString)
{
    public string? LogGroupName { get; init; }

    public IReadOnlyList<string>? LogGroupNames { get; init; }

    public IReadOnlyList<string>? LogGroupIdentifiers { get; init; }

    /// <summary>1..10000 results; a <c>limit</c> command in the query string does the same.</summary>
    public int? Limit { get; init; }
}

internal sealed record StartQueryOutput(string? QueryId = null);

internal sealed record GetQueryResultsInput(string QueryId);

/// <summary>
/// <c>GetQueryResults</c> output: the rows found so far (each a list of <c>{field, value}</c>, <c>@ptr</c> among them),
/// and the query's <see cref="Status"/> (see <see cref="QueryStatus"/>).
/// </summary>
internal sealed record GetQueryResultsOutput(
    IReadOnlyList<IReadOnlyList<ResultField>>? Results = null,
    QueryStatistics? Statistics = null,
    string? Status = null,
    string? EncryptionKey = null);

internal sealed record ResultField(string? Field = null, string? Value = null);

internal sealed record QueryStatistics(double? RecordsMatched = null, double? RecordsScanned = null, double? BytesScanned = null);

internal sealed record StopQueryInput(string QueryId);

internal sealed record StopQueryOutput(bool? Success = null);

/// <summary>The values of <see cref="GetQueryResultsOutput.Status"/>.</summary>
internal static class QueryStatus
{
    public const string Scheduled = "Scheduled";
    public const string Running = "Running";
    public const string Complete = "Complete";
    public const string Failed = "Failed";
    public const string Cancelled = "Cancelled";
    public const string Timeout = "Timeout";
    public const string Unknown = "Unknown";

    /// <summary>The query ended without its results: they will not come.</summary>
    public static bool IsFailure(string? status) => status is Failed or Cancelled or Timeout;
}
