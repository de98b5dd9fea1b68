using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Health;

/// <summary>
/// Reads the health of every armed deployment of a poll cycle in as few calls as possible: one metrics call with all
/// their Lambda queries and metric probes (the adapter batches further), one alarm call with the union of their
/// alarms, each other probe once per environment.
/// </summary>
public sealed class HealthReader(
    IMetricsSource metrics,
    IAlarmSource alarms,
    ProbeRunner probes,
    IOptionsMonitor<OpsBotOptions> options,
    ILogger<HealthReader> logger)
{
    public async Task<IReadOnlyDictionary<string, HealthInputs>> ReadAsync(
        IReadOnlyCollection<Deployment> deployments, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var armed = deployments.Where(d => d.State.IsHealthArmed()).ToList();
        if (armed.Count == 0)
            return new Dictionary<string, HealthInputs>();

        var (windows, series, checks, metricsError) = await ReadMetricsAsync(armed, now, cancellationToken);
        var (alarmStates, alarmsError) = await ReadAlarmsAsync(armed, cancellationToken);
        var probeResults = await RunProbesAsync(armed, cancellationToken);

        var inputs = new Dictionary<string, HealthInputs>(armed.Count);
        foreach (var d in armed)
        {
            MetricWindow? window = null;
            string? error = null;
            if (windows.TryGetValue(d.Id, out var w))
            {
                error = metricsError;
                if (error is null)
                {
                    var canary = series.GetValueOrDefault(w.CanaryId);
                    var stable = series.GetValueOrDefault(w.StableId);
                    error = canary?.Error ?? stable?.Error ?? (canary is null || stable is null ? "the metrics source did not answer every query" : null);
                    if (error is null)
                        window = new MetricWindow(w.Start, w.End, canary!.Points, stable!.Points);
                }
            }
            inputs[d.Id] = new HealthInputs
            {
                Metrics = window,
                MetricsError = error,
                Alarms = alarmStates is null ? null : d.Alarms
                    .Where(name => alarmStates.ContainsKey(AlarmOf(d, name)))
                    .ToDictionary(name => name, name => alarmStates[AlarmOf(d, name)]),
                AlarmsError = d.Alarms.Count > 0 ? alarmsError : null,
                Probes = [.. d.Probes.Where(p => probeResults.ContainsKey((d.Target.Environment, p))).Select(p => probeResults[(d.Target.Environment, p)])],
                Checks = checks.GetValueOrDefault(d.Id) is { } mine
                    ? [.. mine.Select(c => c with { Error = metricsError ?? c.Error })]
                    : [],
            };
        }
        return inputs;
    }

    private async Task<(Dictionary<string, (string CanaryId, string StableId, DateTimeOffset Start, DateTimeOffset End)> Windows,
        Dictionary<string, MetricSeries> Series, Dictionary<string, List<CheckReading>> Checks, string? Error)> ReadMetricsAsync(
        List<Deployment> armed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var opsbot = options.CurrentValue;
        var period = opsbot.Runner.MetricPeriodSeconds;
        var end = Floor(now - opsbot.Runner.MetricLag, period);
        var windows = new Dictionary<string, (string, string, DateTimeOffset, DateTimeOffset)>();
        var queries = new List<MetricQuery>();
        var checkQueries = new List<(string Deployment, string Name, ProbeOptions Options, CheckQuery Query)>();
        foreach (var d in armed)
        {
            var start = d.Health.JudgedUntil ?? Floor(d.BakeStartedAt ?? d.StateSince, period);
            if (end <= start)
                continue;
            var canaryId = $"q{queries.Count}";
            var stableId = $"q{queries.Count + 1}";
            queries.Add(new MetricQuery(canaryId, d.Target, d.TargetVersion, start, end, period));
            queries.Add(new MetricQuery(stableId, d.Target, d.StableVersion, start, end, period));
            windows[d.Id] = (canaryId, stableId, start, end);
            foreach (var (name, probe) in MetricProbesOf(opsbot, d))
                checkQueries.Add((d.Id, name, probe, MetricChecks.Query($"c{checkQueries.Count}", probe, d.Target, d.TargetVersion, start, end, period)));
        }
        if (queries.Count == 0)
            return (windows, [], [], null);

        Dictionary<string, List<CheckReading>> Readings(Func<string, CheckSeries?> answer) => checkQueries
            .GroupBy(c => c.Deployment)
            .ToDictionary(g => g.Key, g => g.Select(c => answer(c.Query.Id) is { } a
                    ? new CheckReading(c.Name, c.Options, a.Points, a.Error)
                    : new CheckReading(c.Name, c.Options, [], "the metrics source did not answer every query"))
                .ToList());
        try
        {
            var answered = await metrics.ReadAsync(new MetricBatch(queries, [.. checkQueries.Select(c => c.Query)]), cancellationToken);
            var checks = answered.Checks.ToDictionary(c => c.Id);
            return (windows, answered.Lambda.ToDictionary(s => s.Id), Readings(checks.GetValueOrDefault), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Metrics unreadable for {Count} deployments", windows.Count);
            return (windows, [], Readings(_ => null), e.Message);
        }
    }

    /// <summary>The metric probes among a deployment's probes, with their settings in its environment.</summary>
    private static IEnumerable<(string Name, ProbeOptions Options)> MetricProbesOf(OpsBotOptions opsbot, Deployment d) =>
        opsbot.Environments.TryGetValue(d.Target.Environment, out var env)
            ? d.Probes.Where(p => env.Probes.TryGetValue(p, out var o) && o.Type == ProbeOptions.MetricType).Select(p => (p, env.Probes[p]))
            : [];

    private async Task<(IReadOnlyDictionary<AlarmQuery, AlarmStatus>? States, string? Error)> ReadAlarmsAsync(
        List<Deployment> armed, CancellationToken cancellationToken)
    {
        var queries = armed.SelectMany(d => d.Alarms.Select(name => AlarmOf(d, name))).ToHashSet();
        if (queries.Count == 0)
            return (null, null);
        try
        {
            return (await alarms.GetAsync(queries, cancellationToken), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Alarms unreadable");
            return (null, e.Message);
        }
    }

    private static AlarmQuery AlarmOf(Deployment d, string name) =>
        new(d.Target.Environment, name, d.Target.Region, d.Target.RoleArn);

    /// <summary>Every other probe the armed deployments name, once per environment, fresh this poll.</summary>
    private async Task<Dictionary<(string Environment, string Name), ProbeResult>> RunProbesAsync(List<Deployment> armed, CancellationToken cancellationToken)
    {
        var opsbot = options.CurrentValue;
        var results = new Dictionary<(string, string), ProbeResult>();
        foreach (var env in armed.GroupBy(d => d.Target.Environment))
        {
            var metricProbes = env.SelectMany(d => MetricProbesOf(opsbot, d).Select(p => p.Name)).ToHashSet(StringComparer.Ordinal);
            var wanted = env.SelectMany(d => d.Probes).Where(p => !metricProbes.Contains(p)).Distinct(StringComparer.Ordinal).ToList();
            if (wanted.Count == 0)
                continue;
            foreach (var (name, result) in await probes.RunAsync(env.Key, wanted, TimeSpan.Zero, cancellationToken))
                results[(env.Key, name)] = result;
        }
        return results;
    }

    private static DateTimeOffset Floor(DateTimeOffset at, int periodSeconds)
    {
        var seconds = at.ToUnixTimeSeconds();
        return DateTimeOffset.FromUnixTimeSeconds(seconds - (seconds % periodSeconds));
    }
}
