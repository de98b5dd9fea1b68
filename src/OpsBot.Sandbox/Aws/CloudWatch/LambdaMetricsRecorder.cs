using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>
/// Puts the simulated traffic's <see cref="LambdaMetrics"/> into the <see cref="MetricStore"/> the way Lambda publishes
/// them: each invocation is a sample (Invocations 1, Errors 0 or 1, Throttles 0, Duration its milliseconds).
/// </summary>
internal sealed class LambdaMetricsRecorder(MetricStore store) : ILambdaMetricsSink
{
    public long RetentionSeconds => MetricStore.RetentionSeconds;

    public void Write(IReadOnlyList<Dimension> dimensions, long second, LambdaMetrics.Second figures)
    {
        if (figures.Invocations <= 0)
            return;
        var n = figures.Invocations;
        store.Put(MetricKey.Of(LambdaMetrics.Namespace, LambdaMetrics.Invocations, dimensions), "Count", second, new SecondStats(n, n, 1, 1));
        store.Put(MetricKey.Of(LambdaMetrics.Namespace, LambdaMetrics.Errors, dimensions), "Count", second,
            new SecondStats(figures.Errors, n, figures.Errors == n ? 1 : 0, figures.Errors > 0 ? 1 : 0));
        store.Put(MetricKey.Of(LambdaMetrics.Namespace, LambdaMetrics.Throttles, dimensions), "Count", second, new SecondStats(0, n, 0, 0));
        store.Put(MetricKey.Of(LambdaMetrics.Namespace, LambdaMetrics.Duration, dimensions), "Milliseconds", second,
            new SecondStats(figures.DurationSum, n, figures.DurationMin, figures.DurationMax));
    }

    public void Trim(long now) => store.Trim(now);
}
