using OpsBot.Core.Deployments;

namespace OpsBot.Core.Ports;

/// <summary>
/// Error lines of a function in [Start, End): its log group (<c>/aws/lambda/&lt;fn&gt;</c>, or the function's own
/// LoggingConfig.LogGroup), only the version's log streams when <see cref="Version"/> is set (<c>[5]</c> in the stream
/// name), lines with ERROR or "Task timed out", newest first, at most <see cref="Limit"/>.
/// </summary>
public sealed record LogQuery(FunctionTarget Target, string? Version, DateTimeOffset Start, DateTimeOffset End, int Limit = 500);

/// <summary>One log line as the log service has it.</summary>
public sealed record LogLine(DateTimeOffset Timestamp, string Message, string? Stream);

/// <summary>Searches a function's logs (CloudWatch Logs Insights).</summary>
public interface ILogSearch
{
    /// <summary>The error lines the query asks for; throws when the logs cannot be read (the message says why).</summary>
    Task<IReadOnlyList<LogLine>> ErrorsAsync(LogQuery query, CancellationToken cancellationToken);
}
