using Microsoft.Extensions.Options;
using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.Traffic;

/// <summary>
/// Simulated traffic: every second each alias of <see cref="ITrafficRoutes"/> receives
/// <see cref="AwsEmulatorOptions.InvocationsPerSecond"/> invocations, split among its versions by their shares
/// (<see cref="ShareSplitter"/>); each version fails at its error rate (what it owes carries over, so the rate is exact
/// over time) and runs for its average duration with a little deterministic jitter, both from its
/// <see cref="TrafficFaults">fault</see> when it has one. The resulting AWS/Lambda metrics go to the
/// <see cref="ILambdaMetricsSink"/> (CloudWatch's metric store), what the API in front of each function saw to the
/// <see cref="IApiGatewayMetricsSink"/>, and each version's failed invocations to the <see cref="ILambdaLogSink"/>
/// (CloudWatch Logs, which writes their error lines). A tick simulates every whole second since the last one, so a
/// clock that jumps (a test's fake clock, a paused host) is caught up, never further back than the store keeps.
/// </summary>
internal sealed class TrafficSimulation(ITrafficRoutes routes, TrafficFaults faults, ILambdaMetricsSink metrics, IApiGatewayMetricsSink api,
    ILambdaLogSink logs, IOptions<AwsEmulatorOptions> options) : ISandboxTicker
{
    /// <summary>How far each second's average duration may stray from the profile's, either way.</summary>
    private const double DurationJitter = 0.05;

    private readonly Lock _lock = new();
    private readonly Dictionary<(string Function, string Alias), ShareSplitter> _splitters = [];
    private readonly Dictionary<(string Function, string Version), double> _errorsOwed = [];
    private long? _next;

    /// <summary>Simulates every whole second before <paramref name="now"/> not simulated yet (the first tick starts the traffic).</summary>
    public void Tick(DateTimeOffset now)
    {
        var until = now.ToUnixTimeSeconds();
        lock (_lock)
        {
            _next ??= until;
            var current = routes.Routes();
            for (var second = Math.Max(_next.Value, until - metrics.RetentionSeconds); second < until; second++)
                Simulate(second, current);
            _next = Math.Max(_next.Value, until);
        }
        metrics.Trim(until);
    }

    private void Simulate(long second, IReadOnlyList<AliasRoute> current)
    {
        var perSecond = Math.Max(0, options.Value.InvocationsPerSecond);
        foreach (var byFunction in current.GroupBy(r => r.Function, StringComparer.Ordinal))
        {
            var function = default(LambdaMetrics.Second);
            foreach (var route in byFunction)
            {
                if (!_splitters.TryGetValue((route.Function, route.Alias), out var splitter))
                    _splitters[(route.Function, route.Alias)] = splitter = new ShareSplitter();
                var alias = default(LambdaMetrics.Second);
                foreach (var (version, count) in splitter.Split(perSecond, route.Versions))
                {
                    if (count == 0)
                        continue;
                    var figures = Run(route.Function, version, second, count);
                    metrics.Write(LambdaMetrics.VersionDimensions(route.Function, route.Alias, version), second, figures);
                    alias = alias.Add(figures);
                }
                metrics.Write(LambdaMetrics.AliasDimensions(route.Function, route.Alias), second, alias);
                function = function.Add(alias);
            }
            metrics.Write(LambdaMetrics.FunctionDimensions(byFunction.Key), second, function);
            api.Write(byFunction.Key, second, function);
        }
    }

    /// <summary>One version's <paramref name="count"/> invocations in one second.</summary>
    private LambdaMetrics.Second Run(string function, string version, long second, int count)
    {
        var fault = faults.Of(function, version);
        var profile = VersionProfile.Of(fault);
        var owed = _errorsOwed.GetValueOrDefault((function, version)) + count * profile.ErrorRate;
        var errors = Math.Min(count, (int)Math.Floor(owed + 1e-9));
        _errorsOwed[(function, version)] = Math.Max(0, owed - errors);

        var key = $"{function}:{version}";
        var average = profile.AverageDurationMs * (1 + DurationJitter * Jitter.Of(key, second, 0));
        if (errors > 0)
            logs.Write(new LambdaErrorSecond(function, version, second, errors, Timeouts(errors, average), fault is not null));
        // The fastest and slowest invocations of the second lie around half and twice the average.
        var min = average * (0.5 + 0.05 * Jitter.Of(key, second, 1));
        var max = average * (2.0 + 0.2 * Jitter.Of(key, second, 2));
        return new LambdaMetrics.Second(count, errors, average * count, count == 1 ? average : min, count == 1 ? average : max);
    }

    /// <summary>
    /// How many of a second's failed invocations ran out of time: the share of the second's invocations, spread from
    /// half to twice the average duration, that would run past the function's timeout (none for a quick version, all
    /// for one whose average is past it).
    /// </summary>
    private static int Timeouts(int errors, double averageMs)
    {
        var timeoutMs = SandboxSeed.FunctionTimeoutSeconds * 1000.0;
        var share = Math.Clamp(((2 * averageMs) - timeoutMs) / (1.5 * averageMs), 0, 1);
        return (int)Math.Round(errors * share, MidpointRounding.AwayFromZero);
    }
}
