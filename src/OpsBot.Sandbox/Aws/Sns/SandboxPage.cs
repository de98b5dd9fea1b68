namespace OpsBot.Sandbox.Aws.Sns;

/// <summary>A message published to an SNS topic of the sandbox: a page OpsBot sent to the operators.</summary>
/// <param name="MessageId">The id SNS answered.</param>
/// <param name="Topic">The topic's ARN.</param>
/// <param name="Subject">The subject, when one was given.</param>
/// <param name="Message">The message text.</param>
/// <param name="Attributes">The message attributes: name → value (a Binary value as base64).</param>
/// <param name="At">When it was published, on the sandbox's clock.</param>
public sealed record SandboxPage(
    string MessageId,
    string Topic,
    string? Subject,
    string Message,
    IReadOnlyDictionary<string, string> Attributes,
    DateTimeOffset At);
