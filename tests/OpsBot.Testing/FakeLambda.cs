using System.Collections.Concurrent;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Testing;

/// <summary>
/// In-memory Lambda: published versions per function and aliases that hold weights and a revision id, with the
/// RevisionId guard of UpdateAlias. Faults can be injected per operation.
/// </summary>
public sealed class FakeLambda : ITrafficRouter, IFunctionVersions
{
    private readonly ConcurrentDictionary<string, AliasState> _aliases = new();
    private readonly ConcurrentDictionary<string, List<string>> _versions = new();
    private long _revision;

    /// <summary>Throws from the next N alias reads.</summary>
    public int FailReads { get; set; }

    /// <summary>Throws from the next N alias updates.</summary>
    public int FailRoutes { get; set; }

    /// <summary>
    /// The next N alias updates land and then answer a RevisionId conflict: what the AWS transport reports when a
    /// first attempt's 5xx answer hid a write that landed and its retry met the new revision.
    /// </summary>
    public int LandThenConflict { get; set; }

    /// <summary>Called before each alias update (a test can hold the runner inside its AWS call).</summary>
    public Func<Task>? BeforeRoute { get; set; }

    /// <summary>Called before each version listing (a test can hold a start inside its AWS call).</summary>
    public Func<Task>? BeforeList { get; set; }

    /// <summary>When true, every alias update "succeeds" but leaves the alias as it was (a broken API, for failed rollbacks).</summary>
    public bool IgnoreRoutes { get; set; }

    public int Reads;
    public int Routes;

    /// <summary>Creates a function with versions 1..<paramref name="versions"/> and an alias on <paramref name="live"/>.</summary>
    public void Seed(string environment, string function, int versions, string live, string alias = "live")
    {
        _versions[Key(environment, function)] = [.. Enumerable.Range(1, versions).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        _aliases[AliasKey(environment, function, alias)] = new AliasState(live, null, 0, NextRevision());
    }

    public AliasTraffic Alias(string environment, string function, string alias = "live") =>
        _aliases[AliasKey(environment, function, alias)].ToTraffic();

    /// <summary>Someone else changes the alias (a console rollback, another pipeline).</summary>
    public void ChangeBehindOpsBotsBack(string environment, string function, string primary, string? additional = null, double weight = 0, string alias = "live") =>
        _aliases[AliasKey(environment, function, alias)] = new AliasState(primary, additional, weight, NextRevision());

    public Task<AliasTraffic> ReadAsync(FunctionTarget target, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Reads);
        if (FailReads > 0)
        {
            FailReads--;
            throw new HttpRequestException("Lambda GetAlias: 503 Service Unavailable");
        }
        return Task.FromResult(Get(target).ToTraffic());
    }

    public async Task<AliasTraffic> RouteAsync(FunctionTarget target, AliasRoute route, string expectedRevisionId, CancellationToken cancellationToken)
    {
        if (BeforeRoute is { } before)
            await before();
        return Route(target, route, expectedRevisionId);
    }

    private AliasTraffic Route(FunctionTarget target, AliasRoute route, string expectedRevisionId)
    {
        Interlocked.Increment(ref Routes);
        if (FailRoutes > 0)
        {
            FailRoutes--;
            throw new HttpRequestException("Lambda UpdateAlias: 500 ServiceException");
        }
        var key = AliasKey(target.Environment, target.Function, target.Alias);
        lock (_aliases)
        {
            var current = Get(target);
            if (current.Revision != expectedRevisionId)
                throw new AliasConflictException($"UpdateAlias of {target.Function}:{target.Alias}: RevisionId {expectedRevisionId} is not the current one ({current.Revision})");
            if (IgnoreRoutes)
                return current.ToTraffic();
            var next = new AliasState(route.PrimaryVersion, route.AdditionalVersion, route.AdditionalPercent / 100.0, NextRevision());
            _aliases[key] = next;
            if (LandThenConflict > 0)
            {
                LandThenConflict--;
                throw new AliasConflictException($"UpdateAlias of {target.Function}:{target.Alias}: RevisionId {expectedRevisionId} is not the current one ({next.Revision})");
            }
            return next.ToTraffic();
        }
    }

    public async Task<IReadOnlyList<string>> ListAsync(FunctionTarget target, CancellationToken cancellationToken)
    {
        if (BeforeList is { } before)
            await before().WaitAsync(cancellationToken);
        return _versions.TryGetValue(Key(target.Environment, target.Function), out var list)
            ? [.. list]
            : throw new FunctionNotFoundException($"Function not found: {target.Function}");
    }

    /// <summary>As Lambda does when <c>$LATEST</c> holds no new code: publishing returns the latest version instead of a new one.</summary>
    public bool NoNewCode { get; set; }

    public Task<string> PublishAsync(FunctionTarget target, string description, CancellationToken cancellationToken)
    {
        var list = _versions[Key(target.Environment, target.Function)];
        lock (list)
        {
            if (NoNewCode && list.Count > 0)
                return Task.FromResult(list[^1]);
            var next = (list.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            list.Add(next);
            return Task.FromResult(next);
        }
    }

    private AliasState Get(FunctionTarget target) =>
        _aliases.TryGetValue(AliasKey(target.Environment, target.Function, target.Alias), out var state)
            ? state
            : throw new FunctionNotFoundException($"Alias not found: {target.Function}:{target.Alias}");

    private string NextRevision() => $"rev-{Interlocked.Increment(ref _revision)}";

    private static string Key(string environment, string function) => $"{environment}/{function}";

    private static string AliasKey(string environment, string function, string alias) => $"{environment}/{function}:{alias}";

    private sealed record AliasState(string Primary, string? Additional, double Weight, string Revision)
    {
        public AliasTraffic ToTraffic() => new(Primary, Additional, Weight, Revision);
    }
}
