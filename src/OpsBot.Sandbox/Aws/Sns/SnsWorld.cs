using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.Sns;

/// <summary>
/// The sandbox's SNS: topics <see cref="SandboxSeed.OpsTopic"/> (OpsBot's pages) and <see cref="SandboxSeed.AlarmTopic"/>
/// (what the seeded alarms notify), every message published through the API (the pages), and HTTP/HTTPS subscriptions:
/// a new one is sent a SubscriptionConfirmation and is delivered nothing else until confirmed; a confirmed one is sent
/// every message published to its topic, by the API or by CloudWatch's alarm actions (<see cref="ITopicPublisher"/>).
/// Deliveries go through <see cref="SnsDeliveries"/>, never on the caller's thread.
/// </summary>
internal sealed class SnsWorld : ITopicPublisher
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SnsTopic> _topics = new(StringComparer.Ordinal);
    private readonly List<SandboxPage> _published = [];
    private readonly TimeProvider _time;
    private readonly SnsDeliveries _deliveries;
    private readonly string _accountId;

    public SnsWorld(IOptions<AwsEmulatorOptions> options, TimeProvider time, SnsDeliveries deliveries)
    {
        _time = time;
        _deliveries = deliveries;
        _accountId = options.Value.AccountId;
        OpsTopicArn = $"arn:aws:sns:{options.Value.Region}:{options.Value.AccountId}:{SandboxSeed.OpsTopic}";
        AlarmTopicArn = SandboxSeed.AlarmTopicArn(options.Value.Region, options.Value.AccountId);
        foreach (var arn in new[] { OpsTopicArn, AlarmTopicArn })
            _topics[arn] = new SnsTopic(arn);
    }

    public string OpsTopicArn { get; }

    public string AlarmTopicArn { get; }

    /// <summary>
    /// Keeps a message published to <paramref name="topic"/>, delivers it to the topic's confirmed subscriptions, and
    /// answers it with its MessageId; NotFound when there is no such topic.
    /// </summary>
    public SandboxPage Publish(string topic, string? subject, string message, IReadOnlyDictionary<string, (string Type, string Value)> attributes)
    {
        List<SnsMessage> deliveries;
        SandboxPage page;
        lock (_lock)
        {
            var t = Topic(topic);
            page = new SandboxPage(Guid.NewGuid().ToString(), topic, subject, message, attributes.ToDictionary(a => a.Key, a => a.Value.Value, StringComparer.Ordinal), _time.GetUtcNow());
            _published.Add(page);
            deliveries = Notifications(t, page.MessageId, subject, message, page.At, attributes);
        }
        _deliveries.EnqueueAll(deliveries);
        return page;
    }

    /// <summary>CloudWatch's alarm actions: delivered to the subscriptions like any publish, not kept as a page.</summary>
    bool ITopicPublisher.Publish(string topicArn, string subject, string message)
    {
        List<SnsMessage> deliveries;
        lock (_lock)
        {
            if (!_topics.TryGetValue(topicArn, out var topic))
                return false;
            deliveries = Notifications(topic, Guid.NewGuid().ToString(), subject, message, _time.GetUtcNow(), null);
        }
        _deliveries.EnqueueAll(deliveries);
        return true;
    }

    public IReadOnlyList<SandboxPage> Published()
    {
        lock (_lock)
            return [.. _published];
    }

    /// <summary>
    /// Subscribes <paramref name="endpoint"/> (checked by the caller) to <paramref name="topicArn"/> and sends it a
    /// SubscriptionConfirmation. Subscribing again while it is pending sends the confirmation again (SNS does, and that is
    /// how an endpoint that missed it gets another); a confirmed one is answered as it is.
    /// </summary>
    public SnsSubscription Subscribe(string topicArn, string protocol, string endpoint)
    {
        SnsSubscription subscription;
        SnsMessage? confirmation = null;
        lock (_lock)
        {
            var topic = Topic(topicArn);
            var existing = topic.Subscriptions.FirstOrDefault(s => s.Protocol == protocol && s.Endpoint == endpoint && s.State != SnsSubscriptionState.Deleted);
            if (existing is null)
            {
                existing = new SnsSubscription($"{topicArn}:{Guid.NewGuid()}", topicArn, protocol, endpoint, _accountId, NewToken());
                topic.Subscriptions.Add(existing);
            }
            subscription = existing;
            if (subscription.State == SnsSubscriptionState.Pending)
            {
                confirmation = new SnsMessage(SnsMessage.SubscriptionConfirmation, Guid.NewGuid().ToString(), topicArn, subscription.Arn, endpoint,
                    null, SnsMessage.ConfirmationText(topicArn), subscription.Token, _time.GetUtcNow(), topic.SignatureVersion);
            }
        }
        if (confirmation is not null)
            _deliveries.EnqueueAll([confirmation]);
        return subscription;
    }

    /// <summary>Confirms the subscription <paramref name="token"/> was sent for; InvalidParameter for a token this topic did not send.</summary>
    public SnsSubscription Confirm(string topicArn, string token)
    {
        lock (_lock)
        {
            var subscription = Topic(topicArn).Subscriptions.FirstOrDefault(s => CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(s.Token), System.Text.Encoding.UTF8.GetBytes(token)))
                ?? throw SnsFault.InvalidParameter("Invalid token");
            subscription.State = SnsSubscriptionState.Confirmed;
            return subscription;
        }
    }

    /// <summary>Deletes a subscription and sends its endpoint an UnsubscribeConfirmation; NotFound when there is none.</summary>
    public void Unsubscribe(string subscriptionArn)
    {
        SnsMessage goodbye;
        lock (_lock)
        {
            var (topic, subscription) = _topics.Values.SelectMany(t => t.Subscriptions.Select(s => (t, s)))
                .FirstOrDefault(x => x.s.Arn == subscriptionArn && x.s.State != SnsSubscriptionState.Deleted);
            if (subscription is null)
                throw new SnsFault(System.Net.HttpStatusCode.NotFound, "NotFound", "Subscription does not exist");
            subscription.State = SnsSubscriptionState.Deleted;
            goodbye = new SnsMessage(SnsMessage.UnsubscribeConfirmation, Guid.NewGuid().ToString(), topic.Arn, subscription.Arn, subscription.Endpoint,
                null, SnsMessage.UnsubscribedText(subscription.Arn), subscription.Token, _time.GetUtcNow(), topic.SignatureVersion);
        }
        _deliveries.EnqueueAll([goodbye]);
    }

    /// <summary>The topic's live subscriptions with their states, oldest first; NotFound when there is no such topic.</summary>
    public IReadOnlyList<(SnsSubscription Subscription, SnsSubscriptionState State)> SubscriptionsOf(string topicArn)
    {
        lock (_lock)
            return [.. Topic(topicArn).Subscriptions.Where(s => s.State != SnsSubscriptionState.Deleted).Select(s => (s, s.State))];
    }

    /// <summary>Every topic's live subscriptions with their states.</summary>
    public IReadOnlyList<(SnsSubscription Subscription, SnsSubscriptionState State)> Subscriptions()
    {
        lock (_lock)
            return [.. _topics.Values.SelectMany(t => t.Subscriptions).Where(s => s.State != SnsSubscriptionState.Deleted).Select(s => (s, s.State))];
    }

    /// <summary>The topic attribute SignatureVersion ("1" or "2"); NotFound when there is no such topic.</summary>
    public string SignatureVersionOf(string topicArn)
    {
        lock (_lock)
            return Topic(topicArn).SignatureVersion;
    }

    /// <summary>Sets the topic attribute SignatureVersion ("1" or "2", checked by the caller).</summary>
    public void SetSignatureVersion(string topicArn, string version)
    {
        lock (_lock)
            Topic(topicArn).SignatureVersion = version;
    }

    private SnsTopic Topic(string arn) => _topics.TryGetValue(arn, out var topic) ? topic : throw SnsFault.TopicNotFound();

    private static List<SnsMessage> Notifications(SnsTopic topic, string messageId, string? subject, string message, DateTimeOffset at,
        IReadOnlyDictionary<string, (string Type, string Value)>? attributes) =>
        [.. topic.Subscriptions.Where(s => s.State == SnsSubscriptionState.Confirmed).Select(s =>
            new SnsMessage(SnsMessage.Notification, messageId, topic.Arn, s.Arn, s.Endpoint, subject, message, null, at, topic.SignatureVersion,
                attributes is { Count: > 0 } ? attributes : null))];

    /// <summary>A confirmation token: long and random, as SNS's are.</summary>
    private static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(64));
}
