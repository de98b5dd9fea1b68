namespace OpsBot.Sandbox.Aws.Logs;

/// <summary>One log event: its group and stream, its time and ingestion time (epoch milliseconds), its message, and an id unique in the world.</summary>
internal sealed record LogEvent(string Group, string Stream, long Timestamp, long IngestionTime, string Message, long Id);
