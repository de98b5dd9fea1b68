namespace OpsBot.Sns.Inbound;

/// <summary>The three kinds of message SNS posts to an HTTP(S) subscription.</summary>
internal enum SnsMessageType
{
    Notification,
    SubscriptionConfirmation,
    UnsubscribeConfirmation,
}

/// <summary>
/// An SNS HTTP(S) delivery's JSON document, as posted (not yet verified): the fields its signature covers, the
/// signature, and where its certificate is. <see cref="Subject"/> is null when absent; <see cref="SubscribeUrl"/> and
/// <see cref="Token"/> are set for the confirmations only.
/// </summary>
internal sealed record SnsEnvelope(
    SnsMessageType Type,
    string MessageId,
    string TopicArn,
    string Message,
    string? Subject,
    string Timestamp,
    string SignatureVersion,
    string Signature,
    string SigningCertUrl,
    string? SubscribeUrl,
    string? Token)
{
    public bool IsConfirmation => Type is SnsMessageType.SubscriptionConfirmation or SnsMessageType.UnsubscribeConfirmation;
}
