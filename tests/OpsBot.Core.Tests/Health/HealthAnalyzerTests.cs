using OpsBot.Core.Deployments;
using OpsBot.Core.Health;
using OpsBot.Core.Ports;
using OpsBot.Core.Tests.Deployments;

namespace OpsBot.Core.Tests.Health;

public sealed class HealthAnalyzerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private static Deployment Baking() => TestDeployments.InState(DeploymentState.Baking);

    private static HealthInputs Periods(params (double Invocations, double Errors, double DurationMs)[] canary) => new()
    {
        Metrics = new MetricWindow(T0, T0.AddMinutes(canary.Length),
            [.. canary.Select((p, i) => new MetricPoint(T0.AddMinutes(i), p.Invocations, p.Errors, p.DurationMs))],
            [.. canary.Select((_, i) => new MetricPoint(T0.AddMinutes(i), 9000, 9, 100))]),
    };

    /// <summary>One poll, its counters recorded on the deployment as the workflow does, for the next poll to start from.</summary>
    private static HealthReport Evaluate(Deployment d, HealthInputs inputs)
    {
        var judgement = HealthAnalyzer.Evaluate(d, inputs, 60, T0.AddMinutes(5));
        new DeploymentWorkflow(d, TimeProvider.System).RecordHealth(judgement);
        return judgement.Report;
    }

    [Fact]
    public void Two_consecutive_bad_periods_breach_with_the_measured_value_threshold_and_window()
    {
        var d = Baking();
        var report = Evaluate(d, Periods((1000, 124, 200), (1000, 124, 200)));
        Assert.Equal(HealthVerdict.Breach, report.Verdict);
        Assert.Equal("error rate 12.4% > 5% for 2 periods of 60s (124 errors in 1000 invocations)", report.Summary);
        var check = Assert.Single(report.Checks, c => c.Name == "error rate");
        Assert.Equal("12.4% (124 of 1000)", check.Measured);
        Assert.Equal("5%", check.Threshold);
    }

    [Fact]
    public void One_bad_period_is_counted_but_not_yet_a_breach_and_a_good_one_resets_the_count()
    {
        var d = Baking();
        var first = Evaluate(d, Periods((1000, 124, 200)));
        Assert.Equal(HealthVerdict.Healthy, first.Verdict);
        Assert.Contains("error rate 12.4% > 5% (1 of 2 periods)", first.Summary, StringComparison.Ordinal);
        Assert.Equal(1, d.Health.ErrorRateBreaches);

        Evaluate(d, Periods((1000, 10, 200)));
        Assert.Equal(0, d.Health.ErrorRateBreaches);
        Assert.Equal(HealthVerdict.Healthy, Evaluate(d, Periods((1000, 124, 200))).Verdict);
    }

    [Fact]
    public void The_count_carries_across_polls()
    {
        var d = Baking();
        Evaluate(d, Periods((1000, 124, 200)));
        Assert.Equal(HealthVerdict.Breach, Evaluate(d, Periods((1000, 90, 200))).Verdict);
    }

    [Fact]
    public void A_period_below_the_minimum_invocations_is_not_judged_and_does_not_reset_the_count()
    {
        var d = Baking();
        Evaluate(d, Periods((1000, 124, 200)));
        var report = Evaluate(d, Periods((5, 5, 200)));
        Assert.Equal(HealthVerdict.Healthy, report.Verdict);
        Assert.Contains("error rate not judged: 5 invocations < 20", report.Summary, StringComparison.Ordinal);
        Assert.Equal(1, d.Health.ErrorRateBreaches);
    }

    [Fact]
    public void Average_duration_above_the_threshold_breaches_at_once()
    {
        var report = Evaluate(Baking(), Periods((1000, 0, 12_400)));
        Assert.Equal(HealthVerdict.Breach, report.Verdict);
        Assert.Equal("average duration 12,400 ms > 10,000 ms over 60s", report.Summary);
    }

    [Fact]
    public void The_per_deployment_rollback_threshold_is_used()
    {
        var d = TestDeployments.InState(DeploymentState.Baking, thresholds: new HealthThresholds { ErrorRatePercent = 1, ConsecutivePeriods = 1 });
        Assert.Equal(HealthVerdict.Breach, Evaluate(d, Periods((1000, 20, 100))).Verdict);
    }

    [Fact]
    public void An_alarm_in_alarm_breaches_at_once_and_says_why()
    {
        var d = TestDeployments.InState(DeploymentState.Baking, alarms: ["lambda_router-error-rate", "lambda_router-duration"]);
        var inputs = new HealthInputs
        {
            Alarms = new Dictionary<string, AlarmStatus>
            {
                ["lambda_router-error-rate"] = new("lambda_router-error-rate", AlarmState.Alarm, "Threshold Crossed: 1 datapoint [6.0] > 5.0"),
                ["lambda_router-duration"] = new("lambda_router-duration", AlarmState.Ok),
            },
        };
        var report = Evaluate(d, inputs);
        Assert.Equal(HealthVerdict.Breach, report.Verdict);
        Assert.Equal("alarm lambda_router-error-rate is in ALARM: Threshold Crossed: 1 datapoint [6.0] > 5.0", report.Summary);
    }

    [Fact]
    public void A_missing_alarm_or_an_unreadable_source_is_not_a_pass()
    {
        var d = TestDeployments.InState(DeploymentState.Baking, alarms: ["typo-alarm"]);
        Assert.Equal(HealthVerdict.Unreadable, Evaluate(d, new HealthInputs { Alarms = new Dictionary<string, AlarmStatus>() }).Verdict);
        var report = Evaluate(d, new HealthInputs { MetricsError = "Throttling: Rate exceeded", AlarmsError = "503" });
        Assert.Equal(HealthVerdict.Unreadable, report.Verdict);
        Assert.Equal("metrics unreadable: Throttling: Rate exceeded; alarms unreadable: 503", report.Summary);
    }

    [Fact]
    public void A_probe_failing_for_the_consecutive_count_breaches()
    {
        var d = Baking();
        var down = new HealthInputs { Probes = [new ProbeResult("influxdb", false, "connection refused")] };
        var first = Evaluate(d, down);
        Assert.Equal(HealthVerdict.Healthy, first.Verdict);
        Assert.Contains("influxdb: connection refused (1 of 2 polls)", first.Summary, StringComparison.Ordinal);
        var second = Evaluate(d, down);
        Assert.Equal(HealthVerdict.Breach, second.Verdict);
        Assert.Equal("influxdb: connection refused for 2 polls", second.Summary);
    }

    [Fact]
    public void Samples_of_both_versions_are_returned_and_the_window_is_marked_judged()
    {
        var d = Baking();
        var judgement = HealthAnalyzer.Evaluate(d, Periods((1000, 1, 100), (1000, 2, 100)), 60, T0.AddMinutes(5));
        var samples = judgement.Samples;
        Assert.Equal(4, samples.Count);
        Assert.Equal(2, samples.Count(s => s.Role == SampleRoles.Stable && s.Version == "4"));
        Assert.Equal(2, samples.Count(s => s.Role == SampleRoles.Canary && s.Version == "5"));
        Assert.Equal(T0.AddMinutes(2), judgement.Tracking.JudgedUntil);
    }

    [Fact]
    public void Judging_changes_nothing_on_the_deployment_the_workflow_records_the_new_counters()
    {
        var d = Baking();
        var before = d.Health;

        var judgement = HealthAnalyzer.Evaluate(d, Periods((1000, 124, 200), (1000, 124, 200)), 60, T0.AddMinutes(5));

        Assert.Same(before, d.Health);
        Assert.Equal(0, d.Health.ErrorRateBreaches);
        Assert.Equal(2, judgement.Tracking.ErrorRateBreaches);
        Assert.Same(judgement.Report, judgement.Tracking.Last);
        var w = new DeploymentWorkflow(d, TimeProvider.System);
        w.RecordHealth(judgement);
        Assert.Same(judgement.Tracking, d.Health);
        Assert.Equal(4, w.Changes.Samples.Count);
        Assert.Contains(w.Changes.Notices, n => n.Text == judgement.Report.Summary);
    }

    [Fact]
    public void With_nothing_new_to_read_the_last_metric_checks_still_stand()
    {
        var d = Baking();
        Evaluate(d, Periods((1000, 1, 100)));
        var report = Evaluate(d, new HealthInputs());
        Assert.Equal(HealthVerdict.Healthy, report.Verdict);
        Assert.Contains(report.Checks, c => c.Name == "error rate" && c.Measured == "0.1% (1 of 1000)");
    }
}
