using Microsoft.Extensions.Options;

namespace OpsBot.Sandbox.Aws.Sns;

/// <summary>The sandbox's SNS: topic <see cref="SandboxSeed.OpsTopic"/>, and every message published to it (nobody is subscribed).</summary>
internal sealed class SnsWorld
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _topics = new(StringComparer.Ordinal);
    private readonly List<SandboxPage> _published = [];
    private readonly TimeProvider _time;

    public SnsWorld(IOptions<AwsEmulatorOptions> options, TimeProvider time)
    {
        _time = time;
        OpsTopicArn = $"arn:aws:sns:{options.Value.Region}:{options.Value.AccountId}:{SandboxSeed.OpsTopic}";
        _topics.Add(OpsTopicArn);
    }

    public string OpsTopicArn { get; }

    /// <summary>Keeps a message published to <paramref name="topic"/> and answers its MessageId; NotFound when there is no such topic.</summary>
    public SandboxPage Publish(string topic, string? subject, string message, IReadOnlyDictionary<string, string> attributes)
    {
        lock (_lock)
        {
            if (!_topics.Contains(topic))
                throw SnsFault.TopicNotFound();
            var page = new SandboxPage(Guid.NewGuid().ToString(), topic, subject, message, attributes, _time.GetUtcNow());
            _published.Add(page);
            return page;
        }
    }

    public IReadOnlyList<SandboxPage> Published()
    {
        lock (_lock)
            return [.. _published];
    }
}
