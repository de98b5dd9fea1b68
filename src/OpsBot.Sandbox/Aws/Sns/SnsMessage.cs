namespace OpsBot.Sandbox.Aws.Sns;

/// <summary>
/// One message for one HTTP/HTTPS subscription, as SNS delivers it: a <c>SubscriptionConfirmation</c>, a
/// <c>Notification</c> or an <c>UnsubscribeConfirmation</c>, with what its signed body is made of.
/// </summary>
/// <param name="Type">SubscriptionConfirmation, Notification or UnsubscribeConfirmation.</param>
/// <param name="MessageId">Unique per message; the same in every retry.</param>
/// <param name="TopicArn">The topic.</param>
/// <param name="SubscriptionArn">The subscription (the <c>x-amz-sns-subscription-arn</c> header of a notification).</param>
/// <param name="Endpoint">Where it is POSTed.</param>
/// <param name="Subject">A notification's subject, when it has one.</param>
/// <param name="Message">The message text.</param>
/// <param name="Token">A confirmation's token.</param>
/// <param name="At">When it was published (its <c>Timestamp</c>).</param>
/// <param name="SignatureVersion">1 or 2, the topic's at the time.</param>
/// <param name="Attributes">A notification's message attributes: name → (type, value).</param>
internal sealed record SnsMessage(
    string Type,
    string MessageId,
    string TopicArn,
    string SubscriptionArn,
    string Endpoint,
    string? Subject,
    string Message,
    string? Token,
    DateTimeOffset At,
    string SignatureVersion,
    IReadOnlyDictionary<string, (string Type, string Value)>? Attributes = null)
{
    public const string SubscriptionConfirmation = "SubscriptionConfirmation";
    public const string Notification = "Notification";
    public const string UnsubscribeConfirmation = "UnsubscribeConfirmation";

    /// <summary>The message of a SubscriptionConfirmation, in SNS's words.</summary>
    public static string ConfirmationText(string topicArn) =>
        $"You have chosen to subscribe to the topic {topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.";

    /// <summary>The message of an UnsubscribeConfirmation, in SNS's words.</summary>
    public static string UnsubscribedText(string subscriptionArn) =>
        $"You have chosen to deactivate subscription {subscriptionArn}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.";
}
