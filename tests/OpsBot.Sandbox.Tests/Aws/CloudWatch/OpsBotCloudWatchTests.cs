using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;
using OpsBot.Sandbox.Aws.CloudWatch;
using OpsBot.Sandbox.Aws.Shared;
using OpsBot.Sandbox.Aws.Traffic;

namespace OpsBot.Sandbox.Tests.Aws.CloudWatch;

/// <summary>OpsBot's own CloudWatch adapter (CloudWatchMetricsSource, CloudWatchAlarmSource), unchanged, against the emulator.</summary>
public sealed class OpsBotCloudWatchTests : IAsyncLifetime
{
    private const string Fn = "lambda_router";
    private static readonly FunctionTarget Target = new() { Environment = "prod", Function = Fn, Alias = "live" };
    private EmulatorWorld _world = null!;

    public async Task InitializeAsync() => _world = await EmulatorWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task The_metrics_source_reads_the_error_rate_of_a_faulty_canary_as_the_simulation_produced_it()
    {
        _world.Routes.Canary(Fn, "5", 0.1);
        _world.Get<TrafficFaults>().Set(Fn, "5", 0.2);
        var start = _world.Time.GetUtcNow();
        _world.Run(TimeSpan.FromMinutes(3));

        var metrics = _world.OpsBot().GetRequiredService<IMetricsSource>();
        var series = await metrics.ReadAsync(
        [
            new MetricQuery("canary", Target, "5", start, start.AddMinutes(3), 60),
            new MetricQuery("stable", Target, "4", start, start.AddMinutes(3), 60),
            new MetricQuery("later", Target, "5", start.AddMinutes(1), start.AddMinutes(2), 60),
        ], default);

        var canary = series.Single(s => s.Id == "canary");
        Assert.Null(canary.Error);
        Assert.Equal([start, start.AddMinutes(1), start.AddMinutes(2)], canary.Points.Select(p => p.Start));
        Assert.All(canary.Points, p => Assert.Equal((1200, 240), (p.Invocations, p.Errors)));
        Assert.Equal(0.2, canary.Points.Sum(p => p.Errors) / canary.Points.Sum(p => p.Invocations), 9);
        var stable = series.Single(s => s.Id == "stable");
        Assert.All(stable.Points, p => Assert.Equal(10_800, p.Invocations));
        Assert.Equal(0.002, stable.Points.Sum(p => p.Errors) / stable.Points.Sum(p => p.Invocations), 4);
        Assert.Equal([start.AddMinutes(1)], series.Single(s => s.Id == "later").Points.Select(p => p.Start));

        // Exactly what the store holds, durations included.
        var store = _world.Get<MetricStore>();
        var key = MetricKey.Of(LambdaMetrics.Namespace, LambdaMetrics.Duration, LambdaMetrics.VersionDimensions(Fn, "live", "5"));
        var minutes = store.Aggregate(key, null, start.ToUnixTimeSeconds(), start.AddMinutes(3).ToUnixTimeSeconds(), 60);
        Assert.Equal(minutes.Select(m => m.Stats.Sum / m.Stats.SampleCount), canary.Points.Select(p => p.AverageDurationMs!.Value));
        Assert.All(canary.Points, p => Assert.InRange(p.AverageDurationMs!.Value, 114, 126));
    }

    [Fact]
    public async Task A_detailed_query_reads_p99_duration_and_throttles_over_one_period_of_the_whole_window()
    {
        _world.Routes.Canary(Fn, "5", 0.1);
        var start = _world.Time.GetUtcNow();
        _world.Run(TimeSpan.FromMinutes(3));

        var metrics = _world.OpsBot().GetRequiredService<IMetricsSource>();
        var series = await metrics.ReadAsync([new MetricQuery("stable", Target, "4", start, start.AddMinutes(3), 180) { Detailed = true }], default);

        var point = Assert.Single(Assert.Single(series).Points);
        Assert.Equal(10_800 * 3, point.Invocations);
        Assert.Equal(0, point.Throttles);
        // The emulator's durations jitter around 120 ms: the p99 lies above the average and within the largest second.
        var store = _world.Get<MetricStore>();
        var key = MetricKey.Of(LambdaMetrics.Namespace, LambdaMetrics.Duration, LambdaMetrics.VersionDimensions(Fn, "live", "4"));
        var whole = Assert.Single(store.Aggregate(key, null, start.ToUnixTimeSeconds(), start.AddMinutes(3).ToUnixTimeSeconds(), 180)).Stats;
        Assert.InRange(point.P99DurationMs!.Value, point.AverageDurationMs!.Value, whole.Maximum);
    }

    [Fact]
    public void A_percentile_is_where_the_seconds_spread_between_their_minimum_and_maximum_reach_the_fraction()
    {
        var store = new MetricStore();
        var key = MetricKey.Of("Test", "Latency", []);
        store.Put(key, "Milliseconds", 100, new SecondStats(Sum: 5_000, SampleCount: 100, Minimum: 0, Maximum: 100));
        store.Put(key, "Milliseconds", 101, new SecondStats(Sum: 200, SampleCount: 100, Minimum: 2, Maximum: 2));
        // 200 samples: 100 at 2 ms, 100 evenly over 0..100 ms; the 99th percentile is the 198th sample, at 98 ms.
        var (_, p99) = Assert.Single(store.Percentiles(key, null, 100, 102, 2, 0.99));
        Assert.Equal(98, p99, 3);
        var (_, p50) = Assert.Single(store.Percentiles(key, null, 100, 102, 2, 0.5));
        Assert.Equal(2, p50, 3);
        Assert.Empty(store.Percentiles(key, null, 200, 260, 60, 0.99));
        Assert.Equal(0.999, Statistics.Percentile("p99.9")!.Value, 9);
        Assert.Null(Statistics.Percentile("p101"));
    }

    [Fact]
    public async Task The_alarm_source_reads_an_error_rate_alarm_that_went_into_ALARM_after_a_fault_and_back_after_it_cleared()
    {
        // The sandbox's own clockwork ticks too (a PeriodicTimer on the same fake clock), so a change may be announced on
        // its thread, after the evaluation that the test's tick found done: collect under a lock, and wait for the count.
        var changes = new List<AlarmChange>();
        _world.Get<SandboxAlarms>().Changed += c =>
        {
            lock (changes)
                changes.Add(c);
        };
        async Task<List<AlarmChange>> AnnouncedAsync(int count)
        {
            var safeguard = System.Diagnostics.Stopwatch.StartNew();
            while (safeguard.Elapsed < TimeSpan.FromSeconds(10))
            {
                lock (changes)
                {
                    if (changes.Count >= count)
                        return [.. changes];
                }
                await Task.Yield();
            }
            lock (changes)
                return [.. changes];
        }
        _world.Routes.Canary(Fn, "5", 0.5);
        _world.Get<TrafficFaults>().Set(Fn, "5", 0.5);
        _world.Run(TimeSpan.FromSeconds(20));

        var alarms = _world.OpsBot().GetRequiredService<IAlarmSource>();
        var errorRate = new AlarmQuery("prod", "lambda_router-error-rate");
        var duration = new AlarmQuery("prod", "lambda_router-duration");
        var states = await alarms.GetAsync([errorRate, duration, new AlarmQuery("prod", "no-such-alarm")], default);

        Assert.Equal(2, states.Count);
        Assert.Equal(AlarmState.Alarm, states[errorRate].State);
        Assert.Matches(@"^Threshold Crossed: 2 out of the last 2 datapoints \[25\.\d+ \(27/11/26 08:00:10\), 25\.\d+ \(27/11/26 08:00:00\)\] were greater than the threshold \(5\.0\) \(minimum 2 datapoints for OK -> ALARM transition\)\.$",
            states[errorRate].Reason);
        Assert.Equal(AlarmState.Ok, states[duration].State);
        Assert.StartsWith("Threshold Crossed: 1 datapoint [", states[duration].Reason, StringComparison.Ordinal);

        var announced = await AnnouncedAsync(21);
        var mine = announced.Where(c => c.AlarmName == "lambda_router-error-rate").ToList();
        Assert.Equal([("INSUFFICIENT_DATA", "OK"), ("OK", "ALARM")], mine.Select(c => (c.OldState, c.NewState)));
        Assert.Equal(EmulatorWorld.DefaultStart.AddSeconds(20), mine[1].At);
        Assert.Equal(["arn:aws:sns:us-east-1:000000000000:opsbot-alarms"], mine[1].Actions);
        Assert.Contains("\"Expression\":\"errors / invocations * 100\"", mine[1].Trigger, StringComparison.Ordinal);
        // Every seeded alarm saw data: this one went OK and on to ALARM, the API's 5XX alarm (a quarter of its requests
        // failed) straight to ALARM, the eighteen others OK.
        Assert.Equal(21, announced.Count);
        Assert.Equal(("INSUFFICIENT_DATA", "ALARM"), announced.Where(c => c.AlarmName == "lambda_router-api-5xx").Select(c => (c.OldState, c.NewState)).Single());

        _world.Get<TrafficFaults>().Clear(Fn);
        _world.Run(TimeSpan.FromSeconds(20));
        var after = await alarms.GetAsync([errorRate], default);
        Assert.Equal(AlarmState.Ok, after[errorRate].State);
        // It went OK as soon as fewer than 2 of the last 2 breached: one clean period after the fault was cleared.
        var recovered = (await AnnouncedAsync(23)).Last(c => c.AlarmName == "lambda_router-error-rate");
        Assert.Equal(("ALARM", "OK", EmulatorWorld.DefaultStart.AddSeconds(30)), (recovered.OldState, recovered.NewState, recovered.At));
        Assert.Matches(@"^Threshold Crossed: 1 out of the last 2 datapoints \[0\.\d+ \(27/11/26 08:00:20\), 25\.\d+ \(27/11/26 08:00:10\)\] was not greater than the threshold \(5\.0\) \(minimum 1 datapoint for ALARM -> OK transition\)\.$",
            recovered.Reason);
        // As in CloudWatch, the reason is the transition's: later OK evaluations do not rewrite it.
        Assert.Equal(recovered.Reason, after[errorRate].Reason);
    }

    [Fact]
    public async Task A_slow_version_puts_the_duration_alarm_into_ALARM_after_one_period()
    {
        _world.Get<TrafficFaults>().Set("rag_query_processor", "4", 0.002, 12_000);
        _world.Run(TimeSpan.FromSeconds(10));

        var query = new AlarmQuery("prod", "rag_query_processor-duration");
        var state = (await _world.OpsBot().GetRequiredService<IAlarmSource>().GetAsync([query], default))[query];
        Assert.Equal(AlarmState.Alarm, state.State);
        Assert.Matches(@"^Threshold Crossed: 1 datapoint \[1\d{4}\.\d+ \(27/11/26 08:00:00\)\] was greater than the threshold \(10000\.0\)\.$", state.Reason);
        Assert.Equal("ALARM", _world.Get<SandboxAlarms>().States()["rag_query_processor-duration"]);
        Assert.Equal("OK", _world.Get<SandboxAlarms>().States()["rag_query_processor-error-rate"]);
    }

    [Fact]
    public async Task Without_data_an_alarm_stays_INSUFFICIENT_DATA_and_a_wrong_secret_is_refused()
    {
        var query = new AlarmQuery("prod", "lambda_router-error-rate");
        var state = (await _world.OpsBot().GetRequiredService<IAlarmSource>().GetAsync([query], default))[query];
        Assert.Equal((AlarmState.InsufficientData, "Unchecked: Initial alarm creation"), (state.State, state.Reason));

        var wrong = _world.OpsBot(secret: "wrong").GetRequiredService<IAlarmSource>();
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => wrong.GetAsync([query], default));
        Assert.Contains("SignatureDoesNotMatch", refused.Message, StringComparison.Ordinal);
    }
}
