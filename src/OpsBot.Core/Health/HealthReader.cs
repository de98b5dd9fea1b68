using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Health;

/// <summary>
/// Reads the health of every armed deployment of a poll cycle in as few calls as possible: one metrics call with all
/// their queries (the adapter batches further), one alarm call with the union of their alarms, each probe once.
/// </summary>
public sealed class HealthReader(
    IMetricsSource metrics,
    IAlarmSource alarms,
    IEnumerable<IHealthProbe> probes,
    IOptionsMonitor<OpsBotOptions> options,
    ILogger<HealthReader> logger)
{
    public async Task<IReadOnlyDictionary<string, HealthInputs>> ReadAsync(
        IReadOnlyCollection<Deployment> deployments, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var armed = deployments.Where(d => d.State.IsHealthArmed()).ToList();
        if (armed.Count == 0)
            return new Dictionary<string, HealthInputs>();

        var (windows, series, metricsError) = await ReadMetricsAsync(armed, now, cancellationToken);
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
                Probes = [.. d.Probes.Select(p => probeResults[p])],
            };
        }
        return inputs;
    }

    private async Task<(Dictionary<string, (string CanaryId, string StableId, DateTimeOffset Start, DateTimeOffset End)> Windows,
        Dictionary<string, MetricSeries> Series, string? Error)> ReadMetricsAsync(
        List<Deployment> armed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var runner = options.CurrentValue.Runner;
        var period = runner.MetricPeriodSeconds;
        var end = Floor(now - runner.MetricLag, period);
        var windows = new Dictionary<string, (string, string, DateTimeOffset, DateTimeOffset)>();
        var queries = new List<MetricQuery>();
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
        }
        if (queries.Count == 0)
            return (windows, [], null);
        try
        {
            var answered = await metrics.ReadAsync(queries, cancellationToken);
            return (windows, answered.ToDictionary(s => s.Id), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Metrics unreadable for {Count} deployments", windows.Count);
            return (windows, [], e.Message);
        }
    }

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

    private async Task<Dictionary<string, ProbeResult>> RunProbesAsync(List<Deployment> armed, CancellationToken cancellationToken)
    {
        var wanted = armed.SelectMany(d => d.Probes).ToHashSet(StringComparer.Ordinal);
        var results = await Task.WhenAll(wanted.Select(async name =>
        {
            var probe = probes.FirstOrDefault(p => p.Name == name);
            if (probe is null)
                return new ProbeResult(name, false, $"no health probe named '{name}' is configured");
            try
            {
                return await probe.CheckAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return new ProbeResult(name, false, e.Message);
            }
        }));
        return results.ToDictionary(r => r.Name);
    }

    private static DateTimeOffset Floor(DateTimeOffset at, int periodSeconds)
    {
        var seconds = at.ToUnixTimeSeconds();
        return DateTimeOffset.FromUnixTimeSeconds(seconds - (seconds % periodSeconds));
    }
}
