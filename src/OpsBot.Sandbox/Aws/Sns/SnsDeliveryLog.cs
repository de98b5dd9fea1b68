namespace OpsBot.Sandbox.Aws.Sns;

/// <summary>One delivery of a message to one HTTP/HTTPS endpoint, as it stands.</summary>
/// <param name="At">When it was queued, on the world's clock.</param>
/// <param name="Topic">The topic's ARN.</param>
/// <param name="Endpoint">The subscription's endpoint.</param>
/// <param name="Type">SubscriptionConfirmation, Notification or UnsubscribeConfirmation.</param>
/// <param name="MessageId">The message's id (the same in every attempt).</param>
/// <param name="Subject">A notification's subject, when it has one.</param>
/// <param name="Status"><c>pending</c> (first attempt under way), <c>retrying</c> (waiting for the next one), <c>delivered</c>
/// (2xx), <c>dropped</c> (4xx: SNS does not retry a client error) or <c>failed</c> (every attempt ended in 5xx, a timeout or no connection).</param>
/// <param name="Attempts">How many attempts were made.</param>
/// <param name="HttpStatus">The last attempt's HTTP status, if it got one.</param>
/// <param name="Error">Why the last attempt failed, if it did.</param>
public sealed record SnsDelivery(
    DateTimeOffset At,
    string Topic,
    string Endpoint,
    string Type,
    string MessageId,
    string? Subject,
    string Status,
    int Attempts,
    int? HttpStatus,
    string? Error);

/// <summary>The world's most recent deliveries (<see cref="Capacity"/>), for <c>GET /sandbox/sns/deliveries</c> and tests.</summary>
public sealed class SnsDeliveryLog
{
    /// <summary>How many deliveries are kept.</summary>
    public const int Capacity = 200;

    private readonly Lock _lock = new();
    private readonly LinkedList<SnsDelivery> _entries = new();
    private readonly TimeProvider _time;

    internal SnsDeliveryLog(TimeProvider time) => _time = time;

    /// <summary>The deliveries kept, newest first.</summary>
    public IReadOnlyList<SnsDelivery> Recent()
    {
        lock (_lock)
            return [.. _entries];
    }

    /// <summary>Records a new delivery; <see cref="Update"/> moves it on.</summary>
    internal LinkedListNode<SnsDelivery> Add(SnsMessage message)
    {
        lock (_lock)
        {
            var node = _entries.AddFirst(new SnsDelivery(_time.GetUtcNow(), message.TopicArn, message.Endpoint, message.Type,
                message.MessageId, message.Subject, "pending", 0, null, null));
            while (_entries.Count > Capacity)
                _entries.RemoveLast();
            return node;
        }
    }

    internal void Update(LinkedListNode<SnsDelivery> entry, Func<SnsDelivery, SnsDelivery> change)
    {
        lock (_lock)
            entry.Value = change(entry.Value);
    }
}
