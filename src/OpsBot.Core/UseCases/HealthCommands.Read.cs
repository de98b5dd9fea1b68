using OpsBot.Core.Deployments;
using OpsBot.Core.Health;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.Ports;

namespace OpsBot.Core.UseCases;

// /health: reading every function at once, and judging each against its thresholds.
public sealed partial class HealthCommands
{
    /// <summary>What /health read: each function judged, the per-minute samples of its versions (for charts), the environment's probes.</summary>
    private sealed record HealthReading(IReadOnlyList<FunctionHealth> Functions, IReadOnlyDictionary<string, IReadOnlyList<HealthSample>> Samples,
        IReadOnlyList<ProbeResult> EnvironmentProbes, DateTimeOffset Start, DateTimeOffset End);

    private async Task<HealthReading> ReadAsync(string env, IReadOnlyList<ResolvedFunction> functions, TimeSpan window, bool chart, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var end = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() / 60 * 60);
        var start = end - window;
        var period = (int)window.TotalSeconds;

        var aliasesTask = Task.WhenAll(functions.Select(f => ReadAliasAsync(f.Target, cancellationToken)));
        var activeTask = store.ListActiveAsync(cancellationToken);
        // Versions that left traffic within the window (a deployment or rollback that ended in it) served traffic too.
        var recentTask = store.ListAsync(new DeploymentQuery(env, null, 50), cancellationToken);
        var externalTask = Task.WhenAll(functions.Select(f => ExternalDeploymentAsync(f.Target, cancellationToken)));
        var alarmsTask = ReadAlarmsAsync(env, functions, cancellationToken);
        var envOptions = options.CurrentValue.Environments[env];
        var probeNames = probes.RunnableIn(env);
        var probesTask = probes.RunAsync(env, probeNames, ProbeFreshness, cancellationToken);
        var aliases = await aliasesTask;
        var active = (await activeTask).Where(d => d.Target.Environment == env).ToList();
        var recent = (await recentTask).Where(d => d.CompletedAt is { } done && done >= start).ToList();

        // One metrics call: every version each function routes to (and a deployment's two), the metric probes, and per-minute points for charts.
        var lambda = new List<MetricQuery>();
        var checks = new List<CheckQuery>();
        var versions = new List<List<(string Version, string Id, string? ChartId)>>();
        var metricProbes = new List<List<(string Name, ProbeOptions Options, string Id)>>();
        for (var i = 0; i < functions.Count; i++)
        {
            var target = functions[i].Target;
            var mine = new List<(string, string, string?)>();
            var deployment = active.FirstOrDefault(d => d.Target.Function == target.Function && d.Target.Alias == target.Alias);
            var ended = recent.Where(d => d.Target.Function == target.Function && d.Target.Alias == target.Alias)
                .SelectMany(d => new[] { d.StableVersion, d.TargetVersion });
            var wanted = new[] { aliases[i].Traffic?.PrimaryVersion, aliases[i].Traffic?.AdditionalVersion, deployment?.StableVersion, deployment?.TargetVersion }
                .Concat(ended).OfType<string>().Distinct(StringComparer.Ordinal);
            foreach (var version in wanted)
            {
                var id = $"f{i}v{mine.Count}";
                lambda.Add(new MetricQuery(id, target, version, start, end, period) { Detailed = true });
                string? chartId = null;
                if (chart && i < MaxCharts)
                    lambda.Add(new MetricQuery(chartId = id + "c", target, version, start, end, 60));
                mine.Add((version, id, chartId));
            }
            versions.Add(mine);
            var probeChecks = new List<(string, ProbeOptions, string)>();
            foreach (var name in functions[i].Options.Probes.Where(p => envOptions.Probes.TryGetValue(p, out var o) && o.Type == ProbeOptions.MetricType))
            {
                var id = $"f{i}p{probeChecks.Count}";
                var version = aliases[i].Traffic?.AdditionalVersion ?? aliases[i].Traffic?.PrimaryVersion ?? "$LATEST";
                checks.Add(MetricChecks.Query(id, envOptions.Probes[name], target, version, start, end, period));
                probeChecks.Add((name, envOptions.Probes[name], id));
            }
            metricProbes.Add(probeChecks);
        }
        MetricAnswers? answers = null;
        string? metricsError = null;
        try
        {
            answers = await metrics.ReadAsync(new MetricBatch(lambda, checks), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metricsError = e.Message;
        }
        var series = answers?.Lambda.ToDictionary(s => s.Id) ?? [];
        var checkSeries = answers?.Checks.ToDictionary(s => s.Id) ?? [];
        var external = await externalTask;
        var (alarmStates, alarmsError) = await alarmsTask;
        var probeResults = await probesTask;

        var result = new List<FunctionHealth>();
        var samples = new Dictionary<string, IReadOnlyList<HealthSample>>();
        for (var i = 0; i < functions.Count; i++)
        {
            var f = functions[i];
            var deployment = active.FirstOrDefault(d => d.Target.Function == f.Function && d.Target.Alias == f.Target.Alias);
            var traffic = aliases[i].Traffic;
            var figures = new List<VersionFigures>();
            var perMinute = new Dictionary<string, IReadOnlyList<MetricPoint>>(StringComparer.Ordinal);
            string? unreadable = aliases[i].Error is { } aliasError ? $"alias unreadable: {aliasError}" : null;
            foreach (var (version, id, chartId) in versions[i])
            {
                var s = series.GetValueOrDefault(id);
                if (s?.Error is { } e || s is null)
                {
                    unreadable ??= $"metrics unreadable: {metricsError ?? s?.Error ?? "no answer"}";
                    continue;
                }
                var percent = traffic?.PercentOf(version) ?? 0;
                var p = s.Points;
                var invocations = p.Sum(x => x.Invocations);
                if (invocations == 0 && percent == 0)
                    continue;
                figures.Add(new VersionFigures(version, percent, invocations, p.Sum(x => x.Errors),
                    Weighted(p, x => x.AverageDurationMs), p.Select(x => x.P99DurationMs).Max(), p.Sum(x => x.Throttles ?? 0)));
                if (chartId is not null && series.GetValueOrDefault(chartId) is { Error: null } minutes)
                    perMinute[version] = minutes.Points;
            }
            if (ChartSamples(f.Function, traffic?.PrimaryVersion, figures, perMinute) is { Count: > 0 } drawn)
                samples[f.Function] = drawn;
            var checksOf = FunctionChecks(f, alarmStates, alarmsError, probeResults, metricProbes[i], checkSeries, metricsError);
            checksOf.InsertRange(0, ThresholdChecks(f, figures));
            var problems = checksOf.Where(c => c.Status == CheckStatus.Fail).Select(c => c.Text).ToList();
            var what = deployment is not null
                ? $"{deployment.Id}: {deployment.StableVersion} → {deployment.TargetVersion}, {deployment.State.Describe()}" +
                  (deployment.Engine == DeploymentEngine.CodeDeploy && deployment.ExternalId is { } d ? $" (CodeDeploy {d})" : "")
                : external[i] is { } ext ? $"CodeDeploy {ext} in progress, started outside OpsBot" : null;
            result.Add(new FunctionHealth(f.Function, f.Target.Alias, traffic?.ToString() ?? "unknown", what, figures, checksOf)
            {
                Problem = problems.Count == 0 ? null : string.Join("; ", problems),
                Unreadable = unreadable ?? checksOf.Where(c => c.Status == CheckStatus.Error).Select(c => c.Text).FirstOrDefault(),
            });
        }
        return new HealthReading(result, samples, [.. probeNames.Where(probeResults.ContainsKey).Select(n => probeResults[n])], start, end);
    }

    /// <summary>
    /// A chart draws two versions: the one the alias routes to (else the busiest) as the stable one, and the busiest
    /// other version that served traffic as the new one.
    /// </summary>
    private static List<HealthSample> ChartSamples(string function, string? primary, List<VersionFigures> figures,
        Dictionary<string, IReadOnlyList<MetricPoint>> perMinute)
    {
        var byTraffic = figures.Where(v => perMinute.ContainsKey(v.Version)).OrderByDescending(v => v.Invocations).Select(v => v.Version).ToList();
        var stable = primary is not null && byTraffic.Contains(primary) ? primary : byTraffic.FirstOrDefault();
        var other = byTraffic.FirstOrDefault(v => v != stable);
        return [.. new[] { (stable, SampleRoles.Stable), (other, SampleRoles.Canary) }
            .Where(x => x.Item1 is not null)
            .SelectMany(x => perMinute[x.Item1!].Select(m => new HealthSample(function, m.Start, x.Item2, x.Item1!, m.Invocations, m.Errors, m.AverageDurationMs)))];
    }

    private sealed record AliasReading(AliasTraffic? Traffic, string? Error);

    private async Task<AliasReading> ReadAliasAsync(FunctionTarget target, CancellationToken cancellationToken)
    {
        try
        {
            return new AliasReading(await router.ReadAsync(target, cancellationToken), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new AliasReading(null, e.Message);
        }
    }

    /// <summary>A CodeDeploy deployment of the function in progress (whoever started it), when the function names a deployment group.</summary>
    private async Task<string?> ExternalDeploymentAsync(FunctionTarget target, CancellationToken cancellationToken)
    {
        if (target.CodeDeployApplication is null || target.CodeDeployGroup is null || delegated.FirstOrDefault() is not { } codeDeploy)
            return null;
        try
        {
            return await codeDeploy.FindInProgressAsync(target, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    private async Task<(IReadOnlyDictionary<AlarmQuery, AlarmStatus>? States, string? Error)> ReadAlarmsAsync(
        string env, IReadOnlyList<ResolvedFunction> functions, CancellationToken cancellationToken)
    {
        var queries = functions.SelectMany(f => f.Options.Alarms.Select(a => new AlarmQuery(env, a, f.Target.Region, f.Target.RoleArn))).ToHashSet();
        if (queries.Count == 0)
            return (null, null);
        try
        {
            return (await alarms.GetAsync(queries, cancellationToken), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, e.Message);
        }
    }

    /// <summary>The average of a per-period average, weighted by each period's invocations.</summary>
    private static double? Weighted(IReadOnlyList<MetricPoint> points, Func<MetricPoint, double?> value)
    {
        var known = points.Where(p => value(p) is not null && p.Invocations > 0).ToList();
        var total = known.Sum(p => p.Invocations);
        return total == 0 ? null : known.Sum(p => value(p)!.Value * p.Invocations) / total;
    }
}
