using OpsBot.Core.Deployments;
using OpsBot.Core.Health;
using OpsBot.Core.Ports;
using OpsBot.Core.Tests.Deployments;

namespace OpsBot.Core.Tests.Health;

/// <summary>The analyzer's edges: thresholds met exactly, periods out of order, what a bake's evidence counts.</summary>
public sealed class HealthAnalyzerBoundaryTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private static Deployment Baking(HealthThresholds? thresholds = null, string[]? alarms = null) =>
        TestDeployments.InState(DeploymentState.Baking, thresholds: thresholds, alarms: alarms);

    private static HealthInputs At(params (int Minute, double Invocations, double Errors, double? DurationMs)[] canary) => new()
    {
        Metrics = new MetricWindow(T0, T0.AddMinutes(canary.Length == 0 ? 2 : canary.Max(p => p.Minute) + 1),
            [.. canary.Select(p => new MetricPoint(T0.AddMinutes(p.Minute), p.Invocations, p.Errors, p.DurationMs))],
            [.. canary.Select(p => new MetricPoint(T0.AddMinutes(p.Minute), 900, 9, 80))]),
    };

    private static HealthJudgement Judge(Deployment d, HealthInputs inputs) => HealthAnalyzer.Evaluate(d, inputs, 60, T0.AddMinutes(10));

    private static HealthCheck Check(HealthJudgement j, string name) => Assert.Single(j.Report.Checks, c => c.Name == name);

    [Fact]
    public void A_period_with_exactly_the_minimum_invocations_is_judged_and_one_fewer_is_not()
    {
        var judged = Judge(Baking(), At((0, 20, 2, 100)));
        Assert.Equal(CheckStatus.Pass, Check(judged, "error rate").Status);
        Assert.Equal("10% (2 of 20)", Check(judged, "error rate").Measured);
        Assert.Equal(1, judged.Tracking.ErrorRateBreaches);

        var notJudged = Judge(Baking(), At((0, 19, 2, 100)));
        Assert.Equal(CheckStatus.NoData, Check(notJudged, "error rate").Status);
        Assert.Equal(0, notJudged.Tracking.ErrorRateBreaches);
    }

    [Fact]
    public void An_error_rate_exactly_at_the_threshold_is_not_a_bad_period()
    {
        var d = Baking();
        d.Health = d.Health with { ErrorRateBreaches = 1 };
        var j = Judge(d, At((0, 1000, 50, 100)));
        Assert.Equal(0, j.Tracking.ErrorRateBreaches);
        Assert.Equal("error rate 5% of 1,000 ≤ 5%", Check(j, "error rate").Text);
        Assert.Equal(HealthVerdict.Healthy, j.Report.Verdict);
    }

    [Fact]
    public void A_bad_period_just_above_the_threshold_counts()
    {
        var j = Judge(Baking(), At((0, 1000, 51, 100)));
        Assert.Equal(1, j.Tracking.ErrorRateBreaches);
        Assert.Equal(CheckStatus.Pass, Check(j, "error rate").Status);
    }

    [Fact]
    public void A_single_bad_period_breaches_when_one_period_is_enough()
    {
        var j = Judge(Baking(new HealthThresholds { ConsecutivePeriods = 1 }), At((0, 1000, 60, 100)));
        Assert.Equal(HealthVerdict.Breach, j.Report.Verdict);
        Assert.Equal(CheckStatus.Fail, Check(j, "error rate").Status);
    }

    [Fact]
    public void An_average_duration_exactly_at_the_threshold_passes_and_just_above_fails()
    {
        Assert.Equal(CheckStatus.Pass, Check(Judge(Baking(), At((0, 1000, 0, 10_000))), "duration").Status);
        Assert.Equal(CheckStatus.Fail, Check(Judge(Baking(), At((0, 1000, 0, 10_001))), "duration").Status);
    }

    [Fact]
    public void A_duration_without_invocations_or_without_a_value_is_not_judged()
    {
        var none = Judge(Baking(), At((0, 0, 0, 50_000)));
        Assert.DoesNotContain(none.Report.Checks, c => c.Name == "duration");
        Assert.Equal(HealthVerdict.Healthy, none.Report.Verdict);
        Assert.DoesNotContain(Judge(Baking(), At((0, 1000, 0, null))).Report.Checks, c => c.Name == "duration");
    }

    [Fact]
    public void A_few_invocations_are_enough_to_judge_the_duration()
    {
        var j = Judge(Baking(), At((0, 1, 0, 50_000)));
        Assert.Equal(CheckStatus.Fail, Check(j, "duration").Status);
        Assert.Equal(CheckStatus.NoData, Check(j, "error rate").Status);
    }

    [Fact]
    public void Periods_are_judged_oldest_first_whatever_order_they_come_in()
    {
        // Oldest bad, newest good would reset the count; oldest good, newest bad leaves one bad period counted.
        var j = Judge(Baking(), At((1, 1000, 124, 100), (0, 1000, 0, 100)));
        Assert.Equal(1, j.Tracking.ErrorRateBreaches);
        Assert.Equal("12.4% (124 of 1000)", Check(j, "error rate").Measured);
    }

    [Fact]
    public void A_breach_stops_the_reading_so_a_later_good_period_does_not_hide_it()
    {
        var j = Judge(Baking(), At((0, 1000, 124, 100), (1, 1000, 124, 100), (2, 1000, 0, 100)));
        Assert.Equal(HealthVerdict.Breach, j.Report.Verdict);
        Assert.Equal(2, j.Tracking.ErrorRateBreaches);
    }

    [Fact]
    public void A_slow_period_stops_the_reading_so_a_later_fast_one_does_not_hide_it()
    {
        var j = Judge(Baking(), At((0, 1000, 0, 20_000), (1, 1000, 0, 100)));
        Assert.Equal(HealthVerdict.Breach, j.Report.Verdict);
        Assert.Equal("20,000 ms", Check(j, "duration").Measured);
    }

    [Fact]
    public void The_last_judged_period_gives_the_checks()
    {
        var j = Judge(Baking(), At((0, 1000, 10, 300), (1, 1000, 20, 400)));
        Assert.Equal("2% (20 of 1000)", Check(j, "error rate").Measured);
        Assert.Equal("400 ms", Check(j, "duration").Measured);
        Assert.Equal("error rate 2% of 1,000 ≤ 5%, average duration 400 ms ≤ 10,000 ms", j.Report.Summary);
    }

    [Fact]
    public void A_bake_counts_the_periods_from_the_one_it_started_in_with_enough_invocations()
    {
        var d = Baking();
        d.BakeStartedAt = T0.AddSeconds(90); // inside the period that starts at 08:01
        var j = Judge(d, At((0, 500, 0, 100), (1, 40, 0, 100), (2, 20, 0, 100), (3, 19, 0, 100)));
        Assert.Equal(2, j.Tracking.JudgedPeriods);
        Assert.Equal(40, j.Tracking.MostInvocations);
    }

    [Fact]
    public void A_bake_adds_to_the_evidence_it_already_has_and_keeps_the_most_seen()
    {
        var d = Baking();
        d.BakeStartedAt = T0;
        d.Health = d.Health with { JudgedPeriods = 3, MostInvocations = 700 };
        var j = Judge(d, At((0, 30, 0, 100)));
        Assert.Equal(4, j.Tracking.JudgedPeriods);
        Assert.Equal(700, j.Tracking.MostInvocations);
    }

    [Fact]
    public void Without_a_bake_no_evidence_is_counted()
    {
        var d = Baking();
        d.BakeStartedAt = null;
        var j = Judge(d, At((0, 500, 0, 100)));
        Assert.Equal(0, j.Tracking.JudgedPeriods);
        Assert.Equal(0, j.Tracking.MostInvocations);
    }

    [Fact]
    public void A_window_without_canary_periods_is_no_data_naming_its_length()
    {
        var d = Baking();
        var inputs = new HealthInputs { Metrics = new MetricWindow(T0, T0.AddMinutes(3), [], []) };
        var j = Judge(d, inputs);
        var check = Check(j, "error rate");
        Assert.Equal(CheckStatus.NoData, check.Status);
        Assert.Equal("error rate not judged: no invocations of version 5 in the last 3m", check.Text);
        Assert.Equal(T0.AddMinutes(3), j.Tracking.JudgedUntil);
        Assert.Equal(HealthVerdict.Healthy, j.Report.Verdict);
    }

    [Fact]
    public void Samples_carry_each_period_of_each_version()
    {
        var d = Baking();
        var j = Judge(d, At((0, 100, 3, 250)));
        Assert.Equal(
            [new HealthSample("dep-test01", T0, SampleRoles.Canary, "5", 100, 3, 250), new HealthSample("dep-test01", T0, SampleRoles.Stable, "4", 900, 9, 80)],
            j.Samples);
        Assert.Equal(3, j.Samples[0].ErrorRatePercent);
    }

    [Fact]
    public void A_sample_without_invocations_has_no_error_rate() =>
        Assert.Null(new HealthSample("d", T0, SampleRoles.Canary, "5", 0, 0, null).ErrorRatePercent);

    [Fact]
    public void An_unreadable_metrics_source_keeps_the_counters_and_the_window()
    {
        var d = Baking();
        d.Health = d.Health with { ErrorRateBreaches = 1, JudgedUntil = T0, JudgedPeriods = 2 };
        var j = Judge(d, new HealthInputs { MetricsError = "503" });
        Assert.Equal(HealthVerdict.Unreadable, j.Report.Verdict);
        Assert.Equal(1, j.Tracking.ErrorRateBreaches);
        Assert.Equal(T0, j.Tracking.JudgedUntil);
        Assert.Equal(2, j.Tracking.JudgedPeriods);
        Assert.Empty(j.Samples);
        Assert.Equal(new HealthCheck("error rate", CheckStatus.Error, "unreadable", "5%", "metrics unreadable: 503"), Assert.Single(j.Report.Checks));
    }

    [Fact]
    public void Only_the_last_metric_checks_that_were_read_stand_when_nothing_new_came()
    {
        var d = Baking();
        var last = new HealthReport(T0, HealthVerdict.Unreadable, "x",
        [
            new HealthCheck("error rate", CheckStatus.Error, "unreadable", "5%", "metrics unreadable"),
            new HealthCheck("duration", CheckStatus.Pass, "100 ms", "10,000 ms", "average duration 100 ms ≤ 10,000 ms"),
            new HealthCheck("alarm x", CheckStatus.Fail, "ALARM", "OK", "alarm x is in ALARM"),
        ]);
        d.Health = d.Health with { Last = last };
        var j = Judge(d, new HealthInputs());
        Assert.Equal([last.Checks[1]], j.Report.Checks);
        Assert.Equal(HealthVerdict.Healthy, j.Report.Verdict);
        Assert.Equal("average duration 100 ms ≤ 10,000 ms", j.Report.Summary);
    }

    [Fact]
    public void No_checks_at_all_is_healthy_and_says_so()
    {
        var j = Judge(Baking(), new HealthInputs());
        Assert.Equal(HealthVerdict.Healthy, j.Report.Verdict);
        Assert.Equal("no checks yet", j.Report.Summary);
        Assert.Equal(T0.AddMinutes(10), j.Report.At);
        Assert.Empty(j.Report.Checks);
        Assert.Same(j.Report, j.Tracking.Last);
    }

    [Fact]
    public void A_failure_outweighs_an_error_and_the_summary_names_only_the_failures()
    {
        var d = Baking(alarms: ["a", "b"]);
        var j = Judge(d, new HealthInputs
        {
            MetricsError = "503",
            Alarms = new Dictionary<string, AlarmStatus> { ["a"] = new("a", AlarmState.Alarm), ["b"] = new("b", AlarmState.Alarm, "high") },
        });
        Assert.Equal(HealthVerdict.Breach, j.Report.Verdict);
        Assert.Equal("alarm a is in ALARM; alarm b is in ALARM: high", j.Report.Summary);
    }

    [Fact]
    public void Alarms_are_only_judged_when_the_deployment_has_some_and_they_were_read()
    {
        var inAlarm = new HealthInputs { Alarms = new Dictionary<string, AlarmStatus> { ["a"] = new("a", AlarmState.Alarm) }, AlarmsError = "x" };
        Assert.Empty(Judge(Baking(), inAlarm).Report.Checks);
        Assert.Empty(Judge(Baking(alarms: ["a"]), new HealthInputs()).Report.Checks);
    }

    [Fact]
    public void An_alarm_with_insufficient_data_or_ok_passes_and_says_its_state()
    {
        var j = Judge(Baking(alarms: ["a", "b"]), new HealthInputs
        {
            Alarms = new Dictionary<string, AlarmStatus> { ["a"] = new("a", AlarmState.InsufficientData), ["b"] = new("b", AlarmState.Ok) },
        });
        Assert.Equal(HealthVerdict.Healthy, j.Report.Verdict);
        Assert.Equal(
            [new HealthCheck("alarm a", CheckStatus.Pass, "INSUFFICIENT_DATA", "OK", "alarm a INSUFFICIENT_DATA"), new HealthCheck("alarm b", CheckStatus.Pass, "OK", "OK", "alarm b OK")],
            j.Report.Checks);
    }

    [Fact]
    public void An_alarm_outage_is_one_error_check()
    {
        var j = Judge(Baking(alarms: ["a", "b"]), new HealthInputs { AlarmsError = "503", Alarms = new Dictionary<string, AlarmStatus>() });
        Assert.Equal(new HealthCheck("alarms", CheckStatus.Error, "unreadable", "OK", "alarms unreadable: 503"), Assert.Single(j.Report.Checks));
    }

    [Fact]
    public void Probe_failures_count_polls_not_probes_and_a_healthy_poll_resets_them()
    {
        var d = Baking(new HealthThresholds { ConsecutivePeriods = 3 });
        d.Health = d.Health with { ProbeFailures = 1 };
        var twoDown = new HealthInputs { Probes = [new ProbeResult("a", false, "down"), new ProbeResult("b", false, "down"), new ProbeResult("c", true, "ok")] };
        var j = Judge(d, twoDown);
        Assert.Equal(2, j.Tracking.ProbeFailures);
        Assert.Equal(HealthVerdict.Healthy, j.Report.Verdict);
        Assert.Equal(new HealthCheck("c", CheckStatus.Pass, "reachable", "reachable", "c: ok"), j.Report.Checks[2]);

        d.Health = j.Tracking;
        Assert.Equal(HealthVerdict.Breach, Judge(d, twoDown).Report.Verdict);

        var allUp = new HealthInputs { Probes = [new ProbeResult("a", true, "ok")] };
        Assert.Equal(0, Judge(d, allUp).Tracking.ProbeFailures);
        Assert.Equal(2, Judge(d, new HealthInputs()).Tracking.ProbeFailures); // no probes: the count stands
    }

    [Fact]
    public void The_measured_values_of_a_report_are_given_by_check()
    {
        var report = new HealthReport(T0, HealthVerdict.Breach, "s",
            [new HealthCheck("error rate", CheckStatus.Fail, "12%", "5%", "t"), new HealthCheck("alarm a", CheckStatus.Pass, "OK", "OK", "t")]);
        Assert.Equal(new Dictionary<string, string> { ["error rate"] = "Fail: 12% (threshold 5%)", ["alarm a"] = "Pass: OK (threshold OK)" }, report.Data());
    }
}
