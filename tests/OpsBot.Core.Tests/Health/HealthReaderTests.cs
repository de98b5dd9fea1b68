using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Health;
using OpsBot.Core.Ports;
using OpsBot.Testing;

namespace OpsBot.Core.Tests.Health;

public sealed class HealthReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 8, 10, 30, TimeSpan.Zero);

    /// <summary>Answers every query with one point per period, unless told to leave one out, fail one, or fail the call.</summary>
    private sealed class RecordingMetrics : IMetricsSource
    {
        public List<IReadOnlyList<MetricQuery>> Calls { get; } = [];

        public List<IReadOnlyList<CheckQuery>> CheckCalls { get; } = [];

        public string? Outage { get; set; }

        public HashSet<string> Unanswered { get; } = [];

        public Dictionary<string, string> Failing { get; } = [];

        /// <summary>Each period's value of a metric probe, by its first metric's name.</summary>
        public Dictionary<string, double> CheckValues { get; } = [];

        public Task<MetricAnswers> ReadAsync(MetricBatch batch, CancellationToken cancellationToken)
        {
            var queries = batch.Lambda;
            Calls.Add(queries);
            CheckCalls.Add(batch.Checks);
            if (Outage is { } outage)
                throw new HttpRequestException(outage);
            return Task.FromResult(new MetricAnswers(
                [.. queries.Where(q => !Unanswered.Contains(q.Id)).Select(q =>
                    new MetricSeries(q.Id, [new MetricPoint(q.Start, q.Version == "5" ? 100 : 900, 1, 50)], Failing.GetValueOrDefault(q.Id)))],
                [.. batch.Checks.Where(c => !Unanswered.Contains(c.Id)).Select(c =>
                    new CheckSeries(c.Id, CheckValues.TryGetValue(c.Metrics[0].MetricName, out var v) ? [new CheckPoint(c.Start, v)] : [], Failing.GetValueOrDefault(c.Id)))]));
        }
    }

    private sealed class ThrowingProbe(string type) : IHealthProbe
    {
        public string Type => type;

        public IEnumerable<string> Validate(ProbeOptions options) => [];

        public Task<ProbeResult> CheckAsync(ProbeRequest request, CancellationToken cancellationToken) => throw new TimeoutException("probe timed out");
    }

    private readonly RecordingMetrics _metrics = new();
    private readonly ScriptedAlarms _alarms = new();
    private readonly FakeProbe _influx = new("influxdb");
    private readonly OpsBotOptions _options = TestOptions.Create();

    private HealthReader Reader(params IHealthProbe[] extra)
    {
        var monitor = TestMonitor.Of(_options);
        var probes = new ProbeRunner([_influx, .. extra], monitor, new FakeTimeProvider(Now), NullLogger<ProbeRunner>.Instance);
        return new(_metrics, _alarms, probes, monitor, NullLogger<HealthReader>.Instance);
    }

    private static Deployment Armed(string id, DeploymentState state = DeploymentState.Baking, string environment = "prod",
        string[]? alarms = null, string[]? probes = null, DateTimeOffset? bakeStarted = null, DateTimeOffset? judgedUntil = null)
    {
        var d = new Deployment
        {
            Id = id,
            Target = new FunctionTarget { Environment = environment, Function = "lambda_router", Alias = "live", Region = "us-east-1" },
            StableVersion = "4",
            TargetVersion = "5",
            Plan = DeploymentPlan.BuiltIn[DeploymentPlan.Canary],
            Thresholds = new HealthThresholds(),
            Gates = new GateSettings(),
            RequestedBy = "slack:U0ALICE",
            Alarms = alarms ?? [],
            Probes = probes ?? [],
            State = state,
            StepIndex = 0,
            StateSince = new DateTimeOffset(2026, 11, 27, 8, 0, 45, TimeSpan.Zero),
            BakeStartedAt = bakeStarted,
        };
        d.Health = d.Health with { JudgedUntil = judgedUntil };
        return d;
    }

    private static readonly DateTimeOffset Minute8 = new(2026, 11, 27, 8, 8, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Minute10 = new(2026, 11, 27, 8, 10, 0, TimeSpan.Zero);

    [Fact]
    public async Task Nothing_armed_reads_nothing()
    {
        var inputs = await Reader().ReadAsync([Armed("a", DeploymentState.Shifting, alarms: ["x"]), Armed("b", DeploymentState.RollingBack)], Now, default);
        Assert.Empty(inputs);
        Assert.Empty(_metrics.Calls);
        Assert.Equal(0, _alarms.Calls);
        Assert.Equal(0, _influx.Checks);
    }

    [Theory]
    [InlineData(DeploymentState.Baking)]
    [InlineData(DeploymentState.AwaitingPromotion)]
    [InlineData(DeploymentState.Paused)]
    public async Task Every_armed_state_is_read(DeploymentState state) =>
        Assert.NotNull((await Reader().ReadAsync([Armed("a", state)], Now, default))["a"].Metrics);

    [Fact]
    public async Task The_window_runs_from_the_bake_start_floored_to_a_period_to_now_minus_the_lag_floored()
    {
        _options.Runner.MetricLag = TimeSpan.FromSeconds(60);
        var inputs = await Reader().ReadAsync([Armed("a", bakeStarted: Minute8.AddSeconds(59))], Now, default);
        var query = Assert.Single(_metrics.Calls).First();
        Assert.Equal(Minute8, query.Start);
        Assert.Equal(Minute10.AddMinutes(-1), query.End); // 08:10:30 - 60 s = 08:09:30, floored
        Assert.Equal(60, query.PeriodSeconds);
        var window = inputs["a"].Metrics!;
        Assert.Equal(Minute8, window.Start);
        Assert.Equal(Minute10.AddMinutes(-1), window.End);
        Assert.Null(inputs["a"].MetricsError);
    }

    [Fact]
    public async Task Without_a_bake_the_window_starts_at_the_state_change_and_after_a_judgement_at_judged_until()
    {
        await Reader().ReadAsync([Armed("a"), Armed("b", bakeStarted: Minute8, judgedUntil: Minute8.AddMinutes(1))], Now, default);
        var queries = Assert.Single(_metrics.Calls);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero), queries[0].Start);
        Assert.Equal(Minute8.AddMinutes(1), queries[2].Start);
        Assert.All(queries, q => Assert.Equal(Minute10, q.End));
    }

    [Fact]
    public async Task A_window_with_no_whole_period_is_not_read_and_is_neither_metrics_nor_an_error()
    {
        var inputs = await Reader().ReadAsync([Armed("a", judgedUntil: Minute10)], Now, default);
        Assert.Empty(_metrics.Calls);
        Assert.Null(inputs["a"].Metrics);
        Assert.Null(inputs["a"].MetricsError);
    }

    [Fact]
    public async Task One_whole_period_is_read()
    {
        var inputs = await Reader().ReadAsync([Armed("a", judgedUntil: Minute10.AddMinutes(-1))], Now, default);
        Assert.Single(_metrics.Calls);
        Assert.Equal(Minute10.AddMinutes(-1), inputs["a"].Metrics!.Start);
    }

    [Fact]
    public async Task All_deployments_are_read_in_one_call_with_a_canary_and_a_stable_query_each()
    {
        var inputs = await Reader().ReadAsync([Armed("a"), Armed("b", environment: "dev")], Now, default);
        var queries = Assert.Single(_metrics.Calls);
        Assert.Equal(["q0", "q1", "q2", "q3"], queries.Select(q => q.Id));
        Assert.Equal(["5", "4", "5", "4"], queries.Select(q => q.Version));
        Assert.Equal(["prod", "prod", "dev", "dev"], queries.Select(q => q.Target.Environment));
        Assert.Equal(100, Assert.Single(inputs["a"].Metrics!.Canary).Invocations);
        Assert.Equal(900, Assert.Single(inputs["a"].Metrics!.Stable).Invocations);
        Assert.Equal(100, Assert.Single(inputs["b"].Metrics!.Canary).Invocations);
    }

    [Fact]
    public async Task A_failed_call_is_an_error_for_every_deployment_that_had_a_window_only()
    {
        _metrics.Outage = "CloudWatch: 503";
        var inputs = await Reader().ReadAsync([Armed("a"), Armed("b", judgedUntil: Minute10)], Now, default);
        Assert.Equal("CloudWatch: 503", inputs["a"].MetricsError);
        Assert.Null(inputs["a"].Metrics);
        Assert.Null(inputs["b"].MetricsError);
    }

    [Fact]
    public async Task An_error_on_one_series_or_a_missing_answer_is_an_error_for_that_deployment_only()
    {
        _metrics.Failing["q1"] = "throttled";
        _metrics.Unanswered.Add("q4");
        var inputs = await Reader().ReadAsync([Armed("a"), Armed("b"), Armed("c")], Now, default);
        Assert.Equal("throttled", inputs["a"].MetricsError);
        Assert.Null(inputs["a"].Metrics);
        Assert.Null(inputs["b"].MetricsError);
        Assert.NotNull(inputs["b"].Metrics);
        Assert.Equal("the metrics source did not answer every query", inputs["c"].MetricsError);
        Assert.Null(inputs["c"].Metrics);
    }

    [Fact]
    public async Task A_missing_stable_answer_is_an_error_too()
    {
        _metrics.Unanswered.Add("q1");
        Assert.Equal("the metrics source did not answer every query", (await Reader().ReadAsync([Armed("a")], Now, default))["a"].MetricsError);
    }

    [Fact]
    public async Task A_canary_error_is_named_before_a_stable_one()
    {
        _metrics.Failing["q0"] = "canary failed";
        _metrics.Failing["q1"] = "stable failed";
        Assert.Equal("canary failed", (await Reader().ReadAsync([Armed("a")], Now, default))["a"].MetricsError);
    }

    [Fact]
    public async Task Alarms_are_read_once_for_all_and_given_back_by_name_per_environment()
    {
        _alarms.Set("errors", AlarmState.Alarm, "Threshold crossed");
        _alarms.Missing.Add("gone");
        var inputs = await Reader().ReadAsync(
            [Armed("a", alarms: ["errors", "gone"]), Armed("b", alarms: ["errors"]), Armed("c", environment: "dev", alarms: ["errors"]), Armed("d")], Now, default);
        Assert.Equal(1, _alarms.Calls);
        var a = inputs["a"].Alarms!;
        Assert.Equal(["errors"], a.Keys);
        Assert.Equal(AlarmState.Alarm, a["errors"].State);
        Assert.Equal(["errors"], inputs["c"].Alarms!.Keys);
        Assert.Empty(inputs["d"].Alarms!);
        Assert.All(inputs.Values, i => Assert.Null(i.AlarmsError));
    }

    [Fact]
    public async Task With_no_alarm_anywhere_none_are_read()
    {
        var inputs = await Reader().ReadAsync([Armed("a")], Now, default);
        Assert.Equal(0, _alarms.Calls);
        Assert.Null(inputs["a"].Alarms);
        Assert.Null(inputs["a"].AlarmsError);
    }

    [Fact]
    public async Task An_alarm_outage_is_an_error_only_for_deployments_that_have_alarms()
    {
        _alarms.Outage = "DescribeAlarms: 500";
        var inputs = await Reader().ReadAsync([Armed("a", alarms: ["errors"]), Armed("b")], Now, default);
        Assert.Equal("DescribeAlarms: 500", inputs["a"].AlarmsError);
        Assert.Null(inputs["a"].Alarms);
        Assert.Null(inputs["b"].AlarmsError);
        Assert.Null(inputs["b"].Alarms);
    }

    [Fact]
    public async Task Each_probe_runs_once_for_every_deployment_that_names_it_and_failures_are_unhealthy_results()
    {
        _influx.Healthy = false;
        _options.Environments["prod"].Probes["slow"] = new ProbeOptions { Type = "slow" };
        var inputs = await Reader(new ThrowingProbe("slow")).ReadAsync(
            [Armed("a", probes: ["influxdb"]), Armed("b", probes: ["influxdb", "slow", "unknown"]), Armed("c")], Now, default);
        Assert.Equal(1, _influx.Checks);
        var refused = new ProbeResult("influxdb", false, "connection refused") { Measured = "connection refused", Threshold = "reachable" };
        Assert.Equal(refused, Assert.Single(inputs["a"].Probes));
        Assert.Equal(
            [refused, new ProbeResult("slow", false, "probe timed out"), new ProbeResult("unknown", false, "no probe named 'unknown' is configured in prod")],
            inputs["b"].Probes);
        Assert.Empty(inputs["c"].Probes);
    }

    [Fact]
    public async Task A_probe_of_the_same_name_runs_once_per_environment()
    {
        var inputs = await Reader().ReadAsync([Armed("a", probes: ["influxdb"]), Armed("b", environment: "dev", probes: ["influxdb"])], Now, default);
        Assert.Equal(2, _influx.Checks);
        Assert.True(Assert.Single(inputs["b"].Probes).Healthy);
    }

    [Fact]
    public async Task Metric_probes_are_read_in_the_same_call_as_the_lambda_metrics_with_the_version_filled_in()
    {
        _options.Environments["prod"].Probes["dlq"] = new ProbeOptions
        {
            Type = ProbeOptions.MetricType, Namespace = "AWS/SQS", MetricName = "ApproximateNumberOfMessagesVisible", Statistic = "Maximum",
            Dimensions = { ["QueueName"] = "{function}-dlq", ["Version"] = "{version}" }, RelativeToStart = true,
        };
        _metrics.CheckValues["ApproximateNumberOfMessagesVisible"] = 3;
        var inputs = await Reader().ReadAsync([Armed("a", probes: ["dlq"]), Armed("b")], Now, default);
        var check = Assert.Single(Assert.Single(_metrics.CheckCalls));
        Assert.Single(_metrics.Calls);
        var metric = Assert.Single(check.Metrics);
        Assert.Equal([KeyValuePair.Create("QueueName", "lambda_router-dlq"), KeyValuePair.Create("Version", "5")], metric.Dimensions);
        Assert.Equal("us-east-1", check.Region);
        Assert.Equal(_metrics.Calls[0][0].Start, check.Start);
        var reading = Assert.Single(inputs["a"].Checks);
        Assert.Equal("dlq", reading.Name);
        Assert.Equal(3, Assert.Single(reading.Points).Value);
        Assert.Empty(inputs["a"].Probes);
        Assert.Equal(0, _influx.Checks);
        Assert.Empty(inputs["b"].Checks);
    }

    [Fact]
    public async Task A_metrics_outage_makes_every_metric_probe_unreadable()
    {
        _options.Environments["prod"].Probes["dlq"] = new ProbeOptions { Type = ProbeOptions.MetricType, Namespace = "AWS/SQS", MetricName = "Depth" };
        _metrics.Outage = "CloudWatch: 503";
        var inputs = await Reader().ReadAsync([Armed("a", probes: ["dlq"])], Now, default);
        Assert.Equal("CloudWatch: 503", Assert.Single(inputs["a"].Checks).Error);
    }

    [Fact]
    public async Task Read_inputs_judge_as_healthy_when_all_is_well()
    {
        var d = Armed("a", alarms: ["errors"], probes: ["influxdb"]);
        var inputs = await Reader().ReadAsync([d], Now, default);
        var judgement = HealthAnalyzer.Evaluate(d, inputs["a"], 60, Now);
        Assert.Equal(HealthVerdict.Healthy, judgement.Report.Verdict);
        Assert.Equal(Minute10, judgement.Tracking.JudgedUntil);
    }
}
