using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.Sqs;

/// <summary>
/// The functions' dead-letter queues (<c>{function}-dlq</c>, one per seed function) and how many messages each holds
/// visible. Nothing consumes them: messages stay until purged, as in a dead-letter queue nobody redrives. The SQS API
/// itself is not emulated; the queues exist for their CloudWatch metric (<see cref="QueueDepthTicker"/>), which a
/// metric probe or the seeded alarm reads, and are filled with <c>POST /sandbox/faults {"dlq": …}</c>.
/// </summary>
public sealed class SqsWorld
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, int> _visible = new(StringComparer.Ordinal);

    /// <summary>The seed's queues, each empty.</summary>
    public SqsWorld()
    {
        foreach (var function in SandboxSeed.Functions)
            _visible[SqsMetrics.DeadLetterQueue(function)] = 0;
    }

    /// <summary>Adds <paramref name="messages"/> to the dead-letter queue of <paramref name="function"/>; answers its depth.</summary>
    /// <param name="function">A seed function.</param>
    /// <param name="messages">How many messages arrive (positive).</param>
    /// <exception cref="ArgumentException">The function has no dead-letter queue, or the count is not positive.</exception>
    public int SendToDeadLetterQueue(string function, int messages)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(messages);
        var queue = SqsMetrics.DeadLetterQueue(function);
        lock (_lock)
        {
            if (!_visible.TryGetValue(queue, out var depth))
                throw new ArgumentException($"{function} has no dead-letter queue.", nameof(function));
            return _visible[queue] = checked(depth + messages);
        }
    }

    /// <summary>Empties the dead-letter queue of <paramref name="function"/>; answers how many messages it held.</summary>
    /// <param name="function">A seed function.</param>
    public int PurgeDeadLetterQueue(string function)
    {
        var queue = SqsMetrics.DeadLetterQueue(function);
        lock (_lock)
        {
            if (!_visible.TryGetValue(queue, out var depth))
                throw new ArgumentException($"{function} has no dead-letter queue.", nameof(function));
            _visible[queue] = 0;
            return depth;
        }
    }

    /// <summary>Every queue's visible messages, by queue name.</summary>
    public IReadOnlyDictionary<string, int> Depths()
    {
        lock (_lock)
            return new Dictionary<string, int>(_visible, StringComparer.Ordinal);
    }
}
