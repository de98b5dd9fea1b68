using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.Sqs;

/// <summary>
/// Publishes every queue's depth for each whole second since the last tick (<see cref="IQueueMetricsSink"/>), as SQS
/// publishes ApproximateNumberOfMessagesVisible; registered before CloudWatch's alarms, which judge it the same tick.
/// The first tick starts publishing, as the traffic starts with its first tick; a clock that jumps is caught up with
/// the depth as it is now, at most an hour back.
/// </summary>
internal sealed class QueueDepthTicker(SqsWorld queues, IQueueMetricsSink metrics) : ISandboxTicker
{
    private const long MaxCatchUpSeconds = 3600;

    private readonly Lock _lock = new();
    private long? _next;

    public void Tick(DateTimeOffset now)
    {
        var until = now.ToUnixTimeSeconds();
        lock (_lock)
        {
            _next ??= until;
            var depths = queues.Depths();
            for (var second = Math.Max(_next.Value, until - MaxCatchUpSeconds); second < until; second++)
            {
                foreach (var (queue, visible) in depths)
                    metrics.Write(queue, second, visible);
            }
            _next = Math.Max(_next.Value, until);
        }
    }
}
