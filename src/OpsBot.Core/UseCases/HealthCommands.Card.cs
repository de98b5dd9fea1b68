using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Health;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.Ports;

namespace OpsBot.Core.UseCases;

// /health: each function's checks against its configured thresholds, the verdict, the card and the charts.
public sealed partial class HealthCommands
{
    /// <summary>Error rate and average duration of each version that served enough traffic, and its throttles, against the function's thresholds.</summary>
    private static IEnumerable<CardCheck> ThresholdChecks(ResolvedFunction f, IReadOnlyList<VersionFigures> figures)
    {
        var t = f.Options.Thresholds;
        foreach (var v in figures.Where(v => v.Invocations > 0))
        {
            var label = figures.Count > 1 ? $" of version {v.Version}" : "";
            var who = figures.Count > 1 ? $"{f.Function} version {v.Version}" : f.Function;
            if (v.Invocations < t.MinInvocations)
            {
                yield return new CardCheck($"error rate{label}", CheckStatus.NoData, $"{v.Invocations:0} invocations", HealthAnalyzer.Pct(t.ErrorRatePercent),
                    $"error rate{label} not judged: {v.Invocations:0} invocations < {t.MinInvocations}");
            }
            else
            {
                var rate = v.ErrorRatePercent!.Value;
                yield return rate > t.ErrorRatePercent
                    ? new CardCheck($"error rate{label}", CheckStatus.Fail, HealthAnalyzer.Pct(rate), HealthAnalyzer.Pct(t.ErrorRatePercent),
                        $"{who} error rate {HealthAnalyzer.Pct(rate)} > {HealthAnalyzer.Pct(t.ErrorRatePercent)}")
                    : new CardCheck($"error rate{label}", CheckStatus.Pass, HealthAnalyzer.Pct(rate), HealthAnalyzer.Pct(t.ErrorRatePercent),
                        $"error rate{label} {HealthAnalyzer.Pct(rate)} ≤ {HealthAnalyzer.Pct(t.ErrorRatePercent)}");
            }
            if (v.AverageDurationMs is { } ms)
            {
                yield return ms > t.AverageDurationMs
                    ? new CardCheck($"duration{label}", CheckStatus.Fail, HealthAnalyzer.Ms(ms), HealthAnalyzer.Ms(t.AverageDurationMs),
                        $"{who} average duration {HealthAnalyzer.Ms(ms)} > {HealthAnalyzer.Ms(t.AverageDurationMs)}")
                    : new CardCheck($"duration{label}", CheckStatus.Pass, HealthAnalyzer.Ms(ms), HealthAnalyzer.Ms(t.AverageDurationMs),
                        $"average duration{label} {HealthAnalyzer.Ms(ms)} ≤ {HealthAnalyzer.Ms(t.AverageDurationMs)}");
            }
            if (v.Throttles > 0)
                yield return new CardCheck($"throttles{label}", CheckStatus.Fail, $"{v.Throttles:0}", "0",
                    $"{who} throttled {v.Throttles:0} times");
        }
    }

    /// <summary>The function's alarms (those in ALARM fail), its probes and its metric probes over the window.</summary>
    private static List<CardCheck> FunctionChecks(ResolvedFunction f,
        IReadOnlyDictionary<AlarmQuery, AlarmStatus>? alarmStates, string? alarmsError,
        IReadOnlyDictionary<string, ProbeResult> probeResults,
        IReadOnlyList<(string Name, ProbeOptions Options, string Id)> metricProbes,
        IReadOnlyDictionary<string, CheckSeries> checkSeries, string? metricsError)
    {
        var checks = new List<CardCheck>();
        foreach (var alarm in f.Options.Alarms)
        {
            var query = new AlarmQuery(f.Environment, alarm, f.Target.Region, f.Target.RoleArn);
            checks.Add(alarmsError is not null
                ? new CardCheck($"alarm {alarm}", CheckStatus.Error, "unreadable", "OK", $"alarms unreadable: {alarmsError}")
                : alarmStates?.TryGetValue(query, out var status) != true
                    ? new CardCheck($"alarm {alarm}", CheckStatus.Error, "missing", "OK", $"alarm {alarm} does not exist")
                    : alarmStates[query].State == AlarmState.Alarm
                        ? new CardCheck($"alarm {alarm}", CheckStatus.Fail, "ALARM", "OK",
                            $"{f.Function} alarm {alarm} in ALARM{(alarmStates[query].Reason is { } r ? $": {r}" : "")}")
                        : new CardCheck($"alarm {alarm}", CheckStatus.Pass, alarmStates[query].State == AlarmState.Ok ? "OK" : "INSUFFICIENT_DATA", "OK", $"alarm {alarm} not in ALARM"));
        }
        foreach (var name in f.Options.Probes.Where(probeResults.ContainsKey))
            checks.Add(ProbeCheck(probeResults[name], f.Function));
        foreach (var (name, o, id) in metricProbes)
        {
            var s = checkSeries.GetValueOrDefault(id);
            if (metricsError is not null || s?.Error is not null || s is null)
            {
                checks.Add(new CardCheck(name, CheckStatus.Error, "unreadable", MetricChecks.Threshold(o), $"{name} unreadable: {metricsError ?? s?.Error ?? "no answer"}"));
                continue;
            }
            if (s.Points.Count == 0)
            {
                checks.Add(new CardCheck(name, CheckStatus.NoData, "no data", MetricChecks.Threshold(o), $"{name}: no data in the window"));
                continue;
            }
            var value = s.Points.OrderBy(p => p.Start).Last().Value;
            var shown = MetricChecks.Value(o, value);
            checks.Add(MetricChecks.Breaches(o, value)
                ? new CardCheck(name, CheckStatus.Fail, shown, MetricChecks.Threshold(o), $"{f.Function} {name} {shown} {MetricChecks.Threshold(o)}")
                : new CardCheck(name, CheckStatus.Pass, shown, MetricChecks.Threshold(o), $"{name} {shown} {MetricChecks.PassSide(o)}"));
        }
        return checks;
    }

    /// <summary>A probe's result as a check ("influxdb: connection refused").</summary>
    private static CardCheck ProbeCheck(ProbeResult p, string? function = null) =>
        new(p.Name, p.Healthy ? CheckStatus.Pass : CheckStatus.Fail, p.Measured ?? (p.Healthy ? "reachable" : "unreachable"), p.Threshold ?? "reachable",
            p.Healthy ? $"{p.Name}: {p.Detail}" : $"{(function is null ? "" : function + " ")}{p.Name}: {p.Detail}");

    private HealthCard Card(string env, TimeSpan window, HealthReading reading, IReadOnlyList<ErrorGroup>? errors, string? errorsNote)
    {
        var envChecks = reading.EnvironmentProbes.Select(p => ProbeCheck(p)).ToList();
        var healthy = reading.Functions.Count(f => f.Problem is null && f.Unreadable is null);
        var degraded = reading.Functions.Where(f => f.Problem is not null).ToList();
        var unknown = reading.Functions.Where(f => f.Problem is null && f.Unreadable is not null).ToList();
        var envFailing = envChecks.Where(c => c.Status == CheckStatus.Fail).ToList();

        var counts = new List<string> { $"{healthy} healthy" };
        if (degraded.Count > 0)
            counts.Add($"{degraded.Count} degraded");
        if (unknown.Count > 0)
            counts.Add($"{unknown.Count} unknown");
        var problems = degraded.Select(f => f.Problem!).Concat(envFailing.Select(c => c.Text)).Concat(unknown.Select(f => $"{f.Function} {f.Unreadable}")).ToList();
        var verdict = string.Join(", ", counts) + (problems.Count == 0 ? "" : ": " + string.Join("; ", problems));
        var tone = degraded.Count > 0 || envFailing.Count > 0 ? CardTone.Danger : unknown.Count > 0 ? CardTone.Warning : CardTone.Success;

        var summary = new List<string> { verdict };
        summary.AddRange(reading.Functions.Select(f => $"• {f.Function}:{f.Alias} {f.Routing}" + (f.Deployment is null ? "" : $"; {f.Deployment}") +
            string.Concat(f.Versions.Select(v => $"; v{v.Version} {v.Invocations:0} inv, {v.Errors:0} err")) ));
        summary.AddRange(envChecks.Select(c => $"• {c.Text}"));
        if (errors is { Count: > 0 })
            summary.AddRange(errors.Select(ErrorLine));
        return new HealthCard
        {
            Title = $"Health of {env} — last {HealthWindows.Describe(window)}",
            Verdict = verdict,
            Tone = tone,
            Functions = reading.Functions,
            Environment = envChecks,
            Facts = reading.EnvironmentProbes.Where(p => p.Facts.Count > 0).ToDictionary(p => p.Name, p => p.Facts),
            Errors = errors,
            ErrorsNote = errorsNote,
            At = time.GetUtcNow(),
            WindowStart = reading.Start,
            WindowEnd = reading.End,
            Summary = string.Join('\n', summary),
        };
    }

    /// <summary>One PNG per function (at most <see cref="MaxCharts"/>) of its versions' error rate and duration per minute.</summary>
    private IReadOnlyList<ChatFile> Charts(string env, HealthReading reading)
    {
        if (charts.FirstOrDefault() is not { } chart)
            return [];
        var files = new List<ChatFile>();
        foreach (var f in reading.Functions.Take(MaxCharts))
        {
            if (!reading.Samples.TryGetValue(f.Function, out var samples) || samples.Count == 0)
                continue;
            var thresholds = options.CurrentValue.Environments[env].Functions[f.Function].Thresholds;
            var title = $"{f.Function}:{f.Alias} ({env}) — {reading.Start:yyyy-MM-dd HH:mm} to {reading.End:HH:mm} UTC";
            var png = chart.RenderWindowPng(new WindowChart(title, samples,
                thresholds.ErrorRatePercent, thresholds.AverageDurationMs));
            files.Add(new ChatFile($"{f.Function}-{env}-health.png", title, png));
        }
        return files;
    }
}
