namespace OpsBot.Aws.Sns;

/// <summary>
/// SNS <c>Publish</c> input (botocore shape <c>PublishInput</c>) to a topic. <see cref="Subject"/>: ASCII-safe, no line
/// breaks or control characters, under 100 characters (see <see cref="SnsSubject"/>). <see cref="Message"/>: at most 256 KB.
/// </summary>
internal sealed record PublishInput(
    string TopicArn,
    string Message,
    string? Subject = null,
    IReadOnlyDictionary<string, MessageAttributeValue>? MessageAttributes = null);

/// <summary>A message attribute; OpsBot sends <c>String</c> ones only.</summary>
internal sealed record MessageAttributeValue(string DataType, string? StringValue = null)
{
    public static MessageAttributeValue String(string value) => new("String", value);
}

/// <summary>SNS <c>Publish</c> output (botocore shape <c>PublishResponse</c>); <see cref="SequenceNumber"/> only for FIFO topics.</summary>
internal sealed record PublishResponse(string MessageId, string? SequenceNumber = null);
