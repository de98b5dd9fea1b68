namespace OpsBot.Sandbox.Aws.Shared;

/// <summary>
/// The AWS/SQS metric of the functions' dead-letter queues: <c>ApproximateNumberOfMessagesVisible</c> with dimension
/// QueueName, one sample per second (SQS publishes a queue's depth whether or not it changed). The SQS world writes it
/// (through <see cref="IQueueMetricsSink"/>), CloudWatch keeps it and the guide's "messages present" alarm watches it.
/// </summary>
internal static class SqsMetrics
{
    public const string Namespace = "AWS/SQS";
    public const string MessagesVisible = "ApproximateNumberOfMessagesVisible";

    /// <summary>The dead-letter queue of <paramref name="function"/>.</summary>
    public static string DeadLetterQueue(string function) => $"{function}-dlq";

    public static IReadOnlyList<Dimension> Dimensions(string queue) => [new("QueueName", queue)];
}

/// <summary>Where the SQS world puts each queue's depth every second: CloudWatch's metric store.</summary>
internal interface IQueueMetricsSink
{
    void Write(string queue, long second, int visible);
}
