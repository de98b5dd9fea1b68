using OpsBot.Sandbox.Aws.CloudWatch;
using OpsBot.Sandbox.Aws.Shared;
using OpsBot.Sandbox.Aws.Traffic;

namespace OpsBot.Sandbox.Tests.Aws.Traffic;

public sealed class TrafficSimulationTests : IAsyncLifetime
{
    private const string Fn = "lambda_router";
    private EmulatorWorld _world = null!;

    private MetricStore Store => _world.Get<MetricStore>();

    public async Task InitializeAsync() => _world = await EmulatorWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public void Each_alias_gets_the_configured_invocations_split_by_shares_and_published_per_dimension_set()
    {
        _world.Routes.Canary(Fn, "5", 0.1);
        var start = _world.Time.GetUtcNow().ToUnixTimeSeconds();
        _world.Run(TimeSpan.FromSeconds(10));

        for (var second = start; second < start + 10; second++)
        {
            Assert.Equal(180, Sum("Invocations", LambdaMetrics.VersionDimensions(Fn, "live", "4"), second));
            Assert.Equal(20, Sum("Invocations", LambdaMetrics.VersionDimensions(Fn, "live", "5"), second));
            Assert.Equal(200, Sum("Invocations", LambdaMetrics.AliasDimensions(Fn, "live"), second));
            Assert.Equal(200, Sum("Invocations", LambdaMetrics.FunctionDimensions(Fn), second));
            Assert.Equal(0, Sum("Throttles", LambdaMetrics.AliasDimensions(Fn, "live"), second));
        }
        // Untouched functions run on version 4 alone.
        Assert.Equal(200, Sum("Invocations", LambdaMetrics.VersionDimensions("influxdb_loader", "live", "4"), start));
        Assert.Null(Store.At(Key("Invocations", LambdaMetrics.VersionDimensions("influxdb_loader", "live", "5")), start));
        // Nothing is published for the second being lived now.
        Assert.Null(Store.At(Key("Invocations", LambdaMetrics.AliasDimensions(Fn, "live")), start + 10));
    }

    [Fact]
    public void A_fault_sets_a_versions_error_rate_and_duration_exactly_over_time_and_clearing_it_restores_the_profile()
    {
        _world.Routes.Canary(Fn, "5", 0.1);
        _world.Get<TrafficFaults>().Set(Fn, "5", 0.2, 1200);
        var start = _world.Time.GetUtcNow().ToUnixTimeSeconds();
        _world.Run(TimeSpan.FromSeconds(100));

        var canary = LambdaMetrics.VersionDimensions(Fn, "live", "5");
        var stable = LambdaMetrics.VersionDimensions(Fn, "live", "4");
        Assert.Equal(2000, Total("Invocations", canary, start, 100));
        Assert.Equal(400, Total("Errors", canary, start, 100)); // 20% of 20 a second: 4 a second, exactly
        Assert.Equal(18000, Total("Invocations", stable, start, 100));
        Assert.InRange(Total("Errors", stable, start, 100), 35, 36); // 0.2% of 18,000 = 36, the last carried over
        var duration = Store.At(Key("Duration", canary), start)!.Value;
        Assert.InRange(duration.Sum / duration.SampleCount, 1200 * 0.95, 1200 * 1.05);
        Assert.True(duration.Minimum < duration.Sum / duration.SampleCount && duration.Maximum > duration.Sum / duration.SampleCount);
        var normal = Store.At(Key("Duration", stable), start)!.Value;
        Assert.InRange(normal.Sum / normal.SampleCount, 120 * 0.95, 120 * 1.05);
        // The alias is the sum of its versions.
        for (var second = start; second < start + 100; second += 7)
            Assert.Equal(Sum("Errors", canary, second) + Math.Max(0, Sum("Errors", stable, second)), Sum("Errors", LambdaMetrics.AliasDimensions(Fn, "live"), second));

        Assert.Equal(1, _world.Get<TrafficFaults>().Clear(Fn));
        var after = _world.Time.GetUtcNow().ToUnixTimeSeconds();
        _world.Run(TimeSpan.FromSeconds(10));
        Assert.InRange(Total("Errors", canary, after, 10), 0, 1);
        Assert.InRange(Store.At(Key("Duration", canary), after)!.Value.Sum / 20, 120 * 0.95, 120 * 1.05);
    }

    [Fact]
    public void A_jump_of_the_clock_is_caught_up_but_never_beyond_what_the_store_keeps_seconds_for_3_hours_minutes_for_6()
    {
        var start = _world.Time.GetUtcNow().ToUnixTimeSeconds();
        _world.Time.Advance(TimeSpan.FromHours(7));
        _world.Tick();
        var now = _world.Time.GetUtcNow().ToUnixTimeSeconds();
        var alias = Key("Invocations", LambdaMetrics.AliasDimensions(Fn, "live"));
        Assert.Null(Store.At(alias, start));
        Assert.Equal(200, Store.At(alias, now - 1)?.Sum);
        Assert.Equal(200, Store.At(alias, now - MetricStore.SecondRetentionSeconds)?.Sum);
        Assert.Null(Store.At(alias, now - MetricStore.SecondRetentionSeconds - 601));

        // Five hours back, minutes are still there (a minute period reads them), seconds are not (a 10 s period finds nothing).
        var fiveHoursAgo = now - (5 * 3600);
        fiveHoursAgo -= fiveHoursAgo % 60;
        Assert.Equal([(fiveHoursAgo, 12_000.0), (fiveHoursAgo + 60, 12_000.0)],
            Store.Aggregate(alias, null, fiveHoursAgo, fiveHoursAgo + 120, 60).Select(p => (p.Start, p.Stats.Sum)));
        Assert.Empty(Store.Aggregate(alias, null, fiveHoursAgo, fiveHoursAgo + 120, 10));
        Assert.Empty(Store.Aggregate(alias, null, now - (7 * 3600), now - (6 * 3600) - 60, 60));
        // A unit other than the metric's finds nothing, as in CloudWatch.
        Assert.Empty(Store.Aggregate(alias, "Milliseconds", now - 60, now, 60));
        Assert.Single(Store.Aggregate(alias, "Count", now - 60, now, 60));
    }

    private double Sum(string metric, IReadOnlyList<Dimension> dimensions, long second) => Store.At(Key(metric, dimensions), second)?.Sum ?? -1;

    private double Total(string metric, IReadOnlyList<Dimension> dimensions, long start, int seconds) =>
        Enumerable.Range(0, seconds).Sum(i => Store.At(Key(metric, dimensions), start + i)?.Sum ?? 0);

    private static MetricKey Key(string metric, IReadOnlyList<Dimension> dimensions) => MetricKey.Of(LambdaMetrics.Namespace, metric, dimensions);
}
