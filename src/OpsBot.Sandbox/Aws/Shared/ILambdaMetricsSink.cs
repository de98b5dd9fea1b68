namespace OpsBot.Sandbox.Aws.Shared;

/// <summary>Where the simulated traffic puts its <see cref="LambdaMetrics"/>: CloudWatch's metric store, in the emulator.</summary>
internal interface ILambdaMetricsSink
{
    /// <summary>How far back (seconds) metrics are kept; the traffic simulates nothing older.</summary>
    long RetentionSeconds { get; }

    /// <summary>Records what one second did, for one dimension set (nothing when there were no invocations).</summary>
    void Write(IReadOnlyList<Dimension> dimensions, long second, LambdaMetrics.Second figures);

    /// <summary>Drops what is older than the retention before <paramref name="now"/> (epoch seconds).</summary>
    void Trim(long now);
}
