using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Core.Configuration;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Health;

/// <summary>
/// Runs an environment's probes through their adapters (each configured probe once per call, all at once) and keeps
/// the latest result of each, so <c>/health</c> can show what the runner last saw and run a probe again only when that
/// is older than it asks. Metric probes are not run here: they are read with the metrics (<see cref="HealthReader"/>).
/// </summary>
public sealed class ProbeRunner(
    IEnumerable<IHealthProbe> adapters,
    IOptionsMonitor<OpsBotOptions> options,
    TimeProvider time,
    ILogger<ProbeRunner> logger)
{
    private readonly ConcurrentDictionary<(string Environment, string Name), (DateTimeOffset At, ProbeResult Result)> _last = new();

    /// <summary>The probes of an environment this runner runs (every type but metric), by name.</summary>
    public IReadOnlyList<string> RunnableIn(string environment) =>
        options.CurrentValue.Environments.TryGetValue(environment, out var env)
            ? [.. env.Probes.Where(p => p.Value.Type != ProbeOptions.MetricType).Select(p => p.Key).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>The result of each named probe of the environment: one taken within <paramref name="maxAge"/>, else a new check.</summary>
    public async Task<IReadOnlyDictionary<string, ProbeResult>> RunAsync(
        string environment, IEnumerable<string> names, TimeSpan maxAge, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var results = await Task.WhenAll(names.Distinct(StringComparer.Ordinal).Select(async name =>
            _last.TryGetValue((environment, name), out var last) && now - last.At <= maxAge
                ? last.Result
                : await CheckAsync(environment, name, cancellationToken)));
        return results.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    private async Task<ProbeResult> CheckAsync(string environment, string name, CancellationToken cancellationToken)
    {
        var result = await CheckOnceAsync(environment, name, cancellationToken);
        _last[(environment, name)] = (time.GetUtcNow(), result);
        return result;
    }

    private async Task<ProbeResult> CheckOnceAsync(string environment, string name, CancellationToken cancellationToken)
    {
        if (!options.CurrentValue.Environments.TryGetValue(environment, out var env) || !env.Probes.TryGetValue(name, out var settings))
            return new ProbeResult(name, false, $"no probe named '{name}' is configured in {environment}");
        if (adapters.FirstOrDefault(a => a.Type == settings.Type) is not { } adapter)
            return new ProbeResult(name, false, $"no adapter runs probes of type '{settings.Type}'");
        try
        {
            var result = await adapter.CheckAsync(new ProbeRequest(environment, name, settings), cancellationToken);
            return result.Name == name ? result : result with { Name = name };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // An adapter should not throw; if it does, the probe failed (its message, not the settings, is shown).
            logger.LogWarning(e, "Probe {Name} in {Environment} threw", name, environment);
            return new ProbeResult(name, false, e.Message);
        }
    }
}
