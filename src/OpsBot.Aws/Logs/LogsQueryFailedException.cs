namespace OpsBot.Aws.Logs;

/// <summary>A Logs Insights query could not give its results; the message says which query, on which log group, and why.</summary>
internal sealed class LogsQueryFailedException(string message, Exception? inner = null) : Exception(message, inner);
