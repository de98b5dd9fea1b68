using System.Collections.Concurrent;
using System.Diagnostics;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;
using OpsBot.Testing;

namespace OpsBot.Bench;

/// <summary>
/// The host's <see cref="ITrafficRouter"/> for the SNS bench: the in-memory <see cref="FakeLambda"/>, with the moment
/// (a <see cref="Stopwatch"/> timestamp) each armed function's rollback UpdateAlias is sent, taken before the call as
/// the fake's <c>BeforeRoute</c> hook would, but per function. A rollback is the route that puts all traffic back on
/// the stable version; the canary's own shifts are not recorded.
/// </summary>
internal sealed class RollbackClock(FakeLambda lambda, string stableVersion) : ITrafficRouter
{
    private readonly ConcurrentDictionary<string, long> _armed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _sent = new(StringComparer.Ordinal);

    /// <summary>Forgets the last round; rollbacks of these functions are timed from now on.</summary>
    public void Arm(IEnumerable<string> functions)
    {
        _sent.Clear();
        _armed.Clear();
        foreach (var fn in functions)
            _armed[fn] = 0;
    }

    /// <summary>When the first rollback UpdateAlias of <paramref name="function"/> was sent since it was armed.</summary>
    public bool TryGet(string function, out long timestamp) => _sent.TryGetValue(function, out timestamp);

    public int Count => _sent.Count;

    public Task<AliasTraffic> ReadAsync(FunctionTarget target, CancellationToken cancellationToken) => lambda.ReadAsync(target, cancellationToken);

    public Task<AliasTraffic> RouteAsync(FunctionTarget target, AliasRoute route, string expectedRevisionId, CancellationToken cancellationToken)
    {
        var now = Stopwatch.GetTimestamp();
        if (route.AdditionalVersion is null && route.PrimaryVersion == stableVersion && _armed.ContainsKey(target.Function))
            _sent.TryAdd(target.Function, now);
        return lambda.RouteAsync(target, route, expectedRevisionId, cancellationToken);
    }
}
