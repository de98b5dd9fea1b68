using System.Globalization;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Health;

/// <summary>
/// Judges one poll of a deployment's health: error rate and average duration of the new version per metric period,
/// the named alarms, and the health probes. A pure function: it reads the deployment and the inputs and returns the
/// verdict, the samples and the next consecutive-failure counters, which the workflow records. Every check says what
/// was measured against which threshold.
/// </summary>
public static class HealthAnalyzer
{
    public static HealthJudgement Evaluate(Deployment d, HealthInputs inputs, int periodSeconds, DateTimeOffset now)
    {
        var h = new Counters(d.Health);
        var t = d.Thresholds;
        var checks = new List<HealthCheck>();
        var samples = new List<HealthSample>();

        if (inputs.MetricsError is { } metricsError)
        {
            checks.Add(new("error rate", CheckStatus.Error, "unreadable", Pct(t.ErrorRatePercent), $"metrics unreadable: {metricsError}"));
        }
        else if (inputs.Metrics is { } window)
        {
            checks.AddRange(JudgeMetrics(d, h, window, periodSeconds));
            h.JudgedUntil = window.End;
            samples.AddRange(window.Canary.Select(p => Sample(d, p, SampleRoles.Canary, d.TargetVersion)));
            samples.AddRange(window.Stable.Select(p => Sample(d, p, SampleRoles.Stable, d.StableVersion)));
        }
        else if (d.Health.Last is { } previous)
        {
            // Nothing new to read this poll: the last metric checks still stand.
            checks.AddRange(previous.Checks.Where(c => c.Name is "error rate" or "duration" && c.Status != CheckStatus.Error));
        }

        if (inputs.Metrics is not null && inputs.MetricsError is null && d.Health.Last is { } last)
        {
            // A metric check this poll did not reach (a breach stops the reading, a quiet period has no duration) keeps
            // its last passing outcome, so every check stays on the card to the end.
            checks.AddRange(last.Checks.Where(c => c.Name is "error rate" or "duration" && c.Status is CheckStatus.Pass or CheckStatus.NoData &&
                                                   checks.All(n => n.Name != c.Name)));
        }
        checks.AddRange(JudgeAlarms(d, inputs));
        checks.AddRange(JudgeProbes(d, h, inputs.Probes));
        checks.AddRange(JudgeMetricProbes(d, h, inputs.Checks, periodSeconds));

        var failed = checks.Where(c => c.Status == CheckStatus.Fail).ToList();
        var errors = checks.Where(c => c.Status == CheckStatus.Error).ToList();
        var verdict = failed.Count > 0 ? HealthVerdict.Breach : errors.Count > 0 ? HealthVerdict.Unreadable : HealthVerdict.Healthy;
        var summary = verdict switch
        {
            HealthVerdict.Breach => string.Join("; ", failed.Select(c => c.Text)),
            HealthVerdict.Unreadable => string.Join("; ", errors.Select(c => c.Text)),
            _ => checks.Count == 0 ? "no checks yet" : string.Join(", ", checks.Select(c => c.Text)),
        };
        var report = new HealthReport(now, verdict, summary, checks);
        return new HealthJudgement(report, samples, h.ToTracking(report));
    }

    /// <summary>The counters while one poll is judged, starting from what the deployment carries.</summary>
    private sealed class Counters(HealthTracking start)
    {
        public int ErrorRateBreaches { get; set; } = start.ErrorRateBreaches;

        public int ProbeFailures { get; set; } = start.ProbeFailures;

        public DateTimeOffset? JudgedUntil { get; set; } = start.JudgedUntil;

        public int JudgedPeriods { get; set; } = start.JudgedPeriods;

        public double MostInvocations { get; set; } = start.MostInvocations;

        public Dictionary<string, int> CheckBreaches { get; } = new(start.CheckBreaches);

        public Dictionary<string, double> CheckBaselines { get; } = new(start.CheckBaselines);

        public HealthTracking ToTracking(HealthReport report) => start with
        {
            CheckBreaches = CheckBreaches.Count == 0 && start.CheckBreaches.Count == 0 ? start.CheckBreaches : CheckBreaches,
            CheckBaselines = CheckBaselines.Count == 0 && start.CheckBaselines.Count == 0 ? start.CheckBaselines : CheckBaselines,
            ErrorRateBreaches = ErrorRateBreaches,
            ProbeFailures = ProbeFailures,
            JudgedUntil = JudgedUntil,
            JudgedPeriods = JudgedPeriods,
            MostInvocations = MostInvocations,
            Last = report,
        };
    }

    private static List<HealthCheck> JudgeMetrics(Deployment d, Counters h, MetricWindow window, int periodSeconds)
    {
        var t = d.Thresholds;
        var periods = window.Canary.OrderBy(p => p.Start).ToList();
        if (periods.Count == 0)
        {
            return [new("error rate", CheckStatus.NoData, "no invocations", Pct(t.ErrorRatePercent),
                $"error rate not judged: no invocations of version {d.TargetVersion} in the last {Span(window.End - window.Start)}")];
        }

        HealthCheck? rate = null;
        HealthCheck? duration = null;
        var bakeStart = d.BakeStartedAt is { } started
            ? DateTimeOffset.FromUnixTimeSeconds(started.ToUnixTimeSeconds() - started.ToUnixTimeSeconds() % periodSeconds)
            : DateTimeOffset.MaxValue;
        foreach (var p in periods)
        {
            if (p.Start >= bakeStart)
            {
                // The evidence the current step's bake has seen, for a bake that must judge some periods to pass.
                h.MostInvocations = Math.Max(h.MostInvocations, p.Invocations);
                if (p.Invocations >= t.MinInvocations)
                    h.JudgedPeriods++;
            }
            if (p.Invocations < t.MinInvocations)
            {
                rate = new("error rate", CheckStatus.NoData, $"{p.Invocations:0} invocations", Pct(t.ErrorRatePercent),
                    $"error rate not judged: {p.Invocations:0} invocations < {t.MinInvocations}");
            }
            else
            {
                var percent = p.Errors / p.Invocations * 100;
                h.ErrorRateBreaches = percent > t.ErrorRatePercent ? h.ErrorRateBreaches + 1 : 0;
                var measured = $"{Pct(percent)} ({p.Errors:0} of {p.Invocations:0})";
                rate = h.ErrorRateBreaches >= t.ConsecutivePeriods
                    ? new("error rate", CheckStatus.Fail, measured, Pct(t.ErrorRatePercent),
                        $"error rate {Pct(percent)} > {Pct(t.ErrorRatePercent)} for {h.ErrorRateBreaches} periods of {periodSeconds}s ({p.Errors:0} errors in {p.Invocations:0} invocations)")
                    : h.ErrorRateBreaches > 0
                        ? new("error rate", CheckStatus.Pass, measured, Pct(t.ErrorRatePercent),
                            $"error rate {Pct(percent)} > {Pct(t.ErrorRatePercent)} ({h.ErrorRateBreaches} of {t.ConsecutivePeriods} periods)")
                        : new("error rate", CheckStatus.Pass, measured, Pct(t.ErrorRatePercent),
                            $"error rate {Pct(percent)} of {Count(p.Invocations)} ≤ {Pct(t.ErrorRatePercent)}");
                if (rate.Status == CheckStatus.Fail)
                    break;
            }

            if (p.AverageDurationMs is { } ms && p.Invocations > 0)
            {
                duration = ms > t.AverageDurationMs
                    ? new("duration", CheckStatus.Fail, Ms(ms), Ms(t.AverageDurationMs), $"average duration {Ms(ms)} > {Ms(t.AverageDurationMs)} over {periodSeconds}s")
                    : new("duration", CheckStatus.Pass, Ms(ms), Ms(t.AverageDurationMs), $"average duration {Ms(ms)} ≤ {Ms(t.AverageDurationMs)}");
                if (duration.Status == CheckStatus.Fail)
                    break;
            }
        }
        return [.. new[] { rate, duration }.OfType<HealthCheck>()];
    }

    private static IEnumerable<HealthCheck> JudgeAlarms(Deployment d, HealthInputs inputs)
    {
        if (d.Alarms.Count == 0)
            yield break;
        if (inputs.AlarmsError is { } error)
        {
            yield return new("alarms", CheckStatus.Error, "unreadable", "OK", $"alarms unreadable: {error}");
            yield break;
        }
        if (inputs.Alarms is not { } alarms)
            yield break;
        foreach (var name in d.Alarms)
        {
            yield return alarms.TryGetValue(name, out var status)
                ? status.State == AlarmState.Alarm
                    ? new($"alarm {name}", CheckStatus.Fail, "ALARM", "OK", $"alarm {name} is in ALARM{(status.Reason is null ? "" : $": {status.Reason}")}")
                    : new($"alarm {name}", CheckStatus.Pass, StateName(status.State), "OK", $"alarm {name} {StateName(status.State)}")
                : new($"alarm {name}", CheckStatus.Error, "missing", "OK", $"alarm {name} does not exist");
        }
    }

    private static List<HealthCheck> JudgeProbes(Deployment d, Counters h, IReadOnlyList<ProbeResult> probes)
    {
        if (probes.Count == 0)
            return [];
        var failing = probes.Where(p => !p.Healthy).ToList();
        h.ProbeFailures = failing.Count > 0 ? h.ProbeFailures + 1 : 0;
        var need = d.Thresholds.ConsecutivePeriods;
        var failures = h.ProbeFailures;
        return [.. probes.Select(p =>
        {
            var measured = p.Measured ?? (p.Healthy ? "reachable" : "unreachable");
            var threshold = p.Threshold ?? "reachable";
            return p.Healthy
                ? new HealthCheck(p.Name, CheckStatus.Pass, measured, threshold, $"{p.Name}: {p.Detail}")
                : failures >= need
                    ? new HealthCheck(p.Name, CheckStatus.Fail, measured, threshold, $"{p.Name}: {p.Detail} for {failures} polls")
                    : new HealthCheck(p.Name, CheckStatus.Pass, measured, threshold, $"{p.Name}: {p.Detail} ({failures} of {need} polls)");
        })];
    }

    /// <summary>
    /// Metric probes: each period of the new version judged against the probe's threshold (a level such as a queue's
    /// depth by how far it moved from its first value in this deployment); a breach for <c>ConsecutivePeriods</c>
    /// periods in a row fails, like the error rate.
    /// </summary>
    private static IEnumerable<HealthCheck> JudgeMetricProbes(Deployment d, Counters h, IReadOnlyList<CheckReading> readings, int periodSeconds)
    {
        var need = d.Thresholds.ConsecutivePeriods;
        foreach (var r in readings)
        {
            var o = r.Options;
            if (r.Error is { } error)
            {
                yield return new(r.Name, CheckStatus.Error, "unreadable", MetricChecks.Threshold(o), $"{r.Name} unreadable: {error}");
                continue;
            }
            var points = r.Points.OrderBy(p => p.Start).ToList();
            if (points.Count == 0)
            {
                if (d.Health.Last?.Checks.FirstOrDefault(c => c.Name == r.Name && c.Status != CheckStatus.Error) is { } kept)
                    yield return kept;
                else
                    yield return new(r.Name, CheckStatus.NoData, "no data", MetricChecks.Threshold(o), $"{r.Name} not judged: no data in the last periods");
                continue;
            }
            HealthCheck? check = null;
            foreach (var p in points)
            {
                var value = p.Value;
                var shown = MetricChecks.Value(o, value);
                if (o.RelativeToStart)
                {
                    if (!h.CheckBaselines.TryGetValue(r.Name, out var baseline))
                        h.CheckBaselines[r.Name] = baseline = value;
                    value -= baseline;
                    shown = $"{MetricChecks.Value(o, p.Value)} ({(value >= 0 ? "+" : "")}{MetricChecks.Value(o, value)} since the start)";
                }
                var breaches = MetricChecks.Breaches(o, value) ? h.CheckBreaches.GetValueOrDefault(r.Name) + 1 : 0;
                h.CheckBreaches[r.Name] = breaches;
                var threshold = MetricChecks.Threshold(o) + (o.RelativeToStart ? " since the start" : "");
                check = breaches >= need
                    ? new(r.Name, CheckStatus.Fail, shown, threshold, $"{r.Name} {shown} {threshold} for {breaches} periods of {periodSeconds}s")
                    : breaches > 0
                        ? new(r.Name, CheckStatus.Pass, shown, threshold, $"{r.Name} {shown} {threshold} ({breaches} of {need} periods)")
                        : new(r.Name, CheckStatus.Pass, shown, threshold, $"{r.Name} {shown} {MetricChecks.PassSide(o)}{(o.RelativeToStart ? " since the start" : "")}");
                if (check.Status == CheckStatus.Fail)
                    break;
            }
            yield return check!;
        }
    }

    private static HealthSample Sample(Deployment d, MetricPoint p, string role, string version) =>
        new(d.Id, p.Start, role, version, p.Invocations, p.Errors, p.AverageDurationMs);

    private static string StateName(AlarmState state) => state switch
    {
        AlarmState.Ok => "OK",
        AlarmState.Alarm => "ALARM",
        _ => "INSUFFICIENT_DATA",
    };

    /// <summary>"1,204".</summary>
    private static string Count(double n) => n.ToString("#,0", CultureInfo.InvariantCulture);

    public static string Pct(double percent) => percent.ToString("0.##", CultureInfo.InvariantCulture) + "%";

    public static string Ms(double ms) => ms.ToString("#,0", CultureInfo.InvariantCulture) + " ms";

    private static string Span(TimeSpan span) => DeploymentWorkflow.Format(span);
}
