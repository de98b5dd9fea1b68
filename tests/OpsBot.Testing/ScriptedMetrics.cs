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

    public Task<IReadOnlyList<MetricSeries>> ReadAsync(IReadOnlyList<MetricQuery> queries, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        LastQueryCount = queries.Count;
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
        return Task.FromResult<IReadOnlyList<MetricSeries>>(answer);
    }

    private sealed record Behaviour(double ErrorRate, double DurationMs, double? Invocations);
}
