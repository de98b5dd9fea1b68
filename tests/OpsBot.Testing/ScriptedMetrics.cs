using System.Collections.Concurrent;
using OpsBot.Core.Ports;

namespace OpsBot.Testing;

/// <summary>
/// Lambda metrics from a script: each (function, version) receives a steady number of invocations per period with an
/// error rate and an average duration. Counts calls, and can fail like a CloudWatch outage.
/// </summary>
public sealed class ScriptedMetrics : IMetricsSource
{
    private readonly ConcurrentDictionary<(string Function, string Version), Behaviour> _behaviour = new();

    public int Calls;

    public int LastQueryCount { get; private set; }

    /// <summary>Invocations per period a version gets when nothing else is scripted.</summary>
    public double DefaultInvocations { get; set; } = 1000;

    /// <summary>When set, every call throws this message (provider outage).</summary>
    public string? Outage { get; set; }

    public void Set(string function, string version, double errorRate, double durationMs = 120, double? invocations = null) =>
        _behaviour[(function, version)] = new Behaviour(errorRate, durationMs, invocations);

    /// <summary>Each metric probe's value per period, by the first metric's name (or the expression), when scripted.</summary>
    private readonly ConcurrentDictionary<string, double> _checks = new(StringComparer.Ordinal);

    public int LastCheckCount { get; private set; }

    /// <summary>Every period of a metric probe reading <paramref name="metricOrExpression"/> answers <paramref name="value"/>.</summary>
    public void SetCheck(string metricOrExpression, double value) => _checks[metricOrExpression] = value;

    public Task<MetricAnswers> ReadAsync(MetricBatch batch, CancellationToken cancellationToken)
    {
        var queries = batch.Lambda;
        Interlocked.Increment(ref Calls);
        LastQueryCount = queries.Count;
        LastCheckCount = batch.Checks.Count;
        if (Outage is { } outage)
            throw new HttpRequestException(outage);
        var answer = queries.Select(q =>
        {
            var b = _behaviour.GetValueOrDefault((q.Target.Function, q.Version)) ?? new Behaviour(0, 120, null);
            var invocations = b.Invocations ?? DefaultInvocations;
            var points = new List<MetricPoint>();
            for (var t = q.Start; t < q.End; t = t.AddSeconds(q.PeriodSeconds))
            {
                if (invocations > 0)
                    points.Add(new MetricPoint(t, invocations, Math.Round(invocations * b.ErrorRate), b.DurationMs));
            }
            return new MetricSeries(q.Id, points);
        }).ToList();
        var checks = batch.Checks.Select(c =>
        {
            var points = new List<CheckPoint>();
            if (_checks.TryGetValue(c.Expression ?? c.Metrics[0].MetricName, out var value))
            {
                for (var t = c.Start; t < c.End; t = t.AddSeconds(c.PeriodSeconds))
                    points.Add(new CheckPoint(t, value));
            }
            return new CheckSeries(c.Id, points);
        }).ToList();
        return Task.FromResult(new MetricAnswers(answer, checks));
    }

    private sealed record Behaviour(double ErrorRate, double DurationMs, double? Invocations);
}
