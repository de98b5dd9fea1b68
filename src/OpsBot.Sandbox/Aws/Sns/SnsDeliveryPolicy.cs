namespace OpsBot.Sandbox.Aws.Sns;

/// <summary>
/// How SNS delivers a message to an HTTP/HTTPS endpoint: an attempt that gets 2xx delivers it, 4xx drops it (a client
/// error is not retried), and 5xx, a timeout or no connection is retried <see cref="Retries"/> times, the first after
/// <see cref="FirstRetryDelay"/>, each later one twice as late, up to <see cref="MaxRetryDelay"/>. SNS's default policy
/// retries 3 times 20 s apart; the sandbox's waits are short so that a person sees the outcome. The waits and timeouts
/// run on the wall clock: they are real network I/O, whatever the simulated world's clock says.
/// </summary>
public sealed class SnsDeliveryPolicy
{
    /// <summary>Retries after the first attempt.</summary>
    public int Retries { get; set; } = 3;

    /// <summary>The wait before the first retry.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one attempt may take (SNS gives an endpoint 15 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the <paramref name="retry"/>-th retry (from 1) waits.</summary>
    public TimeSpan DelayBefore(int retry) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks * (1L << Math.Min(retry - 1, 20))));
}
