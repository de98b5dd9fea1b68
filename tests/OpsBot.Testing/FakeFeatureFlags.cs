using OpsBot.Core.Ports;

namespace OpsBot.Testing;

/// <summary>
/// AppConfig's feature flags in memory, per AppConfig environment, following its documented rules: the flags as
/// deployed (the newest COMPLETE deployment's version), one deployment at a time per environment, a change built on
/// the deployed version and refused when a named flag is not what it expected, a stop only while DEPLOYING without
/// Allow-Revert, a revert of a COMPLETE one back to the flags before it. A test moves deployments on with
/// <see cref="Progress"/> and <see cref="Complete"/>, or changes flags behind OpsBot's back with <see cref="ChangeOutside"/>.
/// </summary>
public sealed class FakeFeatureFlags : IFeatureFlags
{
    public static readonly string[] Guide = ["enable_new_api_endpoint", "enable_enhanced_processing", "enable_advanced_monitoring"];

    private readonly object _gate = new();
    private readonly Dictionary<string, Dictionary<string, bool>> _deployed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Rollout>> _deployments = new(StringComparer.Ordinal);
    private int _versions = 1;

    /// <summary>The next change reports that it kept this version's changes (someone wrote meanwhile), once.</summary>
    public int? KeepNext { get; set; }

    /// <summary>Calls made, in order ("set prod enable_new_api_endpoint=True", "stop prod 2 revert=False").</summary>
    public List<string> Calls { get; } = [];

    private sealed class Rollout(int number, int version, Dictionary<string, bool> flags, Dictionary<string, bool> before, string strategy, string description)
    {
        public int Number { get; } = number;
        public int Version { get; } = version;
        public Dictionary<string, bool> Flags { get; } = flags;
        public Dictionary<string, bool> Before { get; } = before;
        public string Strategy { get; } = strategy;
        public string Description { get; } = description;
        public string State { get; set; } = "DEPLOYING";
        public double Percent { get; set; }
        public string? LastEvent { get; set; }

        public FlagDeployment ToDeployment() => new(Number, State, Percent, Version.ToString(System.Globalization.CultureInfo.InvariantCulture), Strategy, null, null, LastEvent)
        {
            Description = Description,
        };
    }

    private Dictionary<string, bool> Deployed(string environment)
    {
        if (!_deployed.TryGetValue(environment, out var flags))
            _deployed[environment] = flags = Guide.ToDictionary(f => f, _ => false, StringComparer.Ordinal);
        return flags;
    }

    private List<Rollout> Deployments(string environment)
    {
        if (!_deployments.TryGetValue(environment, out var list))
            _deployments[environment] = list = [];
        return list;
    }

    /// <summary>Whether <paramref name="flag"/> is on as deployed in AppConfig environment <paramref name="environment"/>.</summary>
    public bool IsOn(string environment, string flag)
    {
        lock (_gate)
            return Deployed(environment)[flag];
    }

    /// <summary>Someone changes and deploys a flag outside OpsBot.</summary>
    public void ChangeOutside(string environment, string flag, bool enabled)
    {
        lock (_gate)
            Deployed(environment)[flag] = enabled;
    }

    /// <summary>Moves deployment <paramref name="number"/> to <paramref name="state"/> at <paramref name="percent"/>.</summary>
    public void Progress(string environment, int number, string state, double percent, string? lastEvent = null)
    {
        lock (_gate)
        {
            var d = Deployments(environment).Single(x => x.Number == number);
            (d.State, d.Percent, d.LastEvent) = (state, percent, lastEvent ?? d.LastEvent);
        }
    }

    /// <summary>Deployment <paramref name="number"/> completes: its flags are the deployed ones.</summary>
    public void Complete(string environment, int number)
    {
        lock (_gate)
        {
            var d = Deployments(environment).Single(x => x.Number == number);
            (d.State, d.Percent, d.LastEvent) = ("COMPLETE", 100, "Deployment completed");
            _deployed[environment] = new Dictionary<string, bool>(d.Flags, StringComparer.Ordinal);
        }
    }

    /// <summary>The newest deployment of the environment.</summary>
    public FlagDeployment? Latest(string environment)
    {
        lock (_gate)
            return Deployments(environment).LastOrDefault()?.ToDeployment();
    }

    /// <summary>Another tool starts a deployment in the environment.</summary>
    public int StartOutside(string environment, string description)
    {
        lock (_gate)
        {
            var list = Deployments(environment);
            var flags = new Dictionary<string, bool>(Deployed(environment), StringComparer.Ordinal);
            list.Add(new Rollout(list.Count + 1, ++_versions, flags, flags, "AppConfig.AllAtOnce", description));
            return list.Count;
        }
    }

    public Task<FlagSet> ReadAsync(FlagStore store, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var inProgress = Deployments(store.Environment).LastOrDefault(d => !d.ToDeployment().IsFinished)?.ToDeployment();
            return Task.FromResult(new FlagSet(_versions, [.. Deployed(store.Environment).Select(f => new FeatureFlag(f.Key, f.Value))])
            {
                InProgress = inProgress,
            });
        }
    }

    public Task<FlagRollout> SetAsync(FlagStore store, IReadOnlyList<FlagEdit> edits, string strategy, string description, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Calls.Add($"set {store.Environment} {string.Join(",", edits.Select(e => $"{e.Name}={e.To}"))} {strategy}");
            var deployed = Deployed(store.Environment);
            if (edits.FirstOrDefault(e => !deployed.ContainsKey(e.Name)) is { } unknown)
                throw new FlagNotFoundException($"No flag {unknown.Name}; there are: {string.Join(", ", deployed.Keys)}.");
            if (Deployments(store.Environment).LastOrDefault(d => !d.ToDeployment().IsFinished) is { } busy)
                throw new FlagDeploymentInProgressException($"deployment {busy.Number} is in progress", busy.ToDeployment());
            var changed = edits.Where(e => deployed[e.Name] != e.From).Select(e => e with { To = deployed[e.Name] }).ToList();
            if (changed.Count > 0)
                throw new FlagConflictException(
                    $"{changed[0].Name} was changed outside OpsBot (it is now {(changed[0].To ? "on" : "off")}); nothing was changed.", changed);
            var flags = new Dictionary<string, bool>(deployed, StringComparer.Ordinal);
            foreach (var e in edits)
                flags[e.Name] = e.To;
            var list = Deployments(store.Environment);
            var rollout = new Rollout(list.Count + 1, ++_versions, flags, new Dictionary<string, bool>(deployed, StringComparer.Ordinal), strategy, description);
            list.Add(rollout);
            var kept = KeepNext;
            KeepNext = null;
            return Task.FromResult(new FlagRollout(rollout.Version, rollout.ToDeployment()) { KeptVersion = kept });
        }
    }

    public Task<FlagDeployment?> LatestDeploymentAsync(FlagStore store, CancellationToken cancellationToken) => Task.FromResult(Latest(store.Environment));

    public Task<FlagDeployment> GetDeploymentAsync(FlagStore store, int number, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(Deployments(store.Environment).Single(d => d.Number == number).ToDeployment());
    }

    public Task<FlagDeployment> StopDeploymentAsync(FlagStore store, int number, bool revert, CancellationToken cancellationToken, bool anyProfile = false)
    {
        lock (_gate)
        {
            Calls.Add($"stop {store.Environment} {number} revert={revert}");
            var d = Deployments(store.Environment).Single(x => x.Number == number);
            switch (d.State)
            {
                case "DEPLOYING":
                case "BAKING" when revert:
                    (d.State, d.LastEvent) = ("ROLLED_BACK", "Rollback initiated by user");
                    break;
                case "COMPLETE" when revert:
                    (d.State, d.LastEvent) = ("REVERTED", "Reverted by user");
                    _deployed[store.Environment] = new Dictionary<string, bool>(d.Before, StringComparer.Ordinal);
                    break;
                default:
                    throw new InvalidOperationException($"Deployment {number} is {d.State}; AppConfig will not stop it{(revert ? "" : " without Allow-Revert")}.");
            }
            return Task.FromResult(d.ToDeployment());
        }
    }
}
