namespace OpsBot.Sandbox.Aws.Sns;

/// <summary>An HTTP/HTTPS subscription to a topic: pending until its endpoint confirms it, then delivered to.</summary>
internal sealed class SnsSubscription(string arn, string topicArn, string protocol, string endpoint, string owner, string token)
{
    /// <summary>What ListSubscriptionsByTopic says instead of the ARN of a subscription not confirmed yet.</summary>
    public const string PendingArn = "PendingConfirmation";

    /// <summary><c>{topicArn}:{uuid}</c>.</summary>
    public string Arn { get; } = arn;

    public string TopicArn { get; } = topicArn;

    /// <summary><c>http</c> or <c>https</c>.</summary>
    public string Protocol { get; } = protocol;

    /// <summary>The URL messages are POSTed to.</summary>
    public string Endpoint { get; } = endpoint;

    /// <summary>The account that subscribed.</summary>
    public string Owner { get; } = owner;

    /// <summary>What the endpoint passes to ConfirmSubscription (in the SubscribeURL it was sent).</summary>
    public string Token { get; } = token;

    /// <summary>Pending, confirmed or deleted; changed under the world's lock.</summary>
    public SnsSubscriptionState State { get; set; } = SnsSubscriptionState.Pending;
}

/// <summary>Where a subscription is in its life.</summary>
internal enum SnsSubscriptionState
{
    /// <summary>Sent a SubscriptionConfirmation; nothing else is delivered until it is confirmed.</summary>
    Pending,

    /// <summary>Confirmed: every message published to the topic is delivered.</summary>
    Confirmed,

    /// <summary>Unsubscribed: its token can confirm it again (the SubscribeURL of the UnsubscribeConfirmation).</summary>
    Deleted,
}
