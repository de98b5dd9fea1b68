using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>Puts each queue's depth of a second into the <see cref="MetricStore"/> as SQS publishes it (<see cref="SqsMetrics"/>): one sample, its count.</summary>
internal sealed class QueueMetricsRecorder(MetricStore store) : IQueueMetricsSink
{
    public void Write(string queue, long second, int visible) =>
        store.Put(MetricKey.Of(SqsMetrics.Namespace, SqsMetrics.MessagesVisible, SqsMetrics.Dimensions(queue)), "Count", second,
            new SecondStats(visible, 1, visible, visible));
}
