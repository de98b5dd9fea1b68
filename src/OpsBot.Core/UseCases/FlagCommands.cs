using Microsoft.Extensions.Options;
using OpsBot.Core.Access;
using OpsBot.Core.Commands;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Flags;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;
using OpsBot.Core.Runner;

namespace OpsBot.Core.UseCases;

/// <summary>
/// The use cases behind <c>/flags</c> and <c>/rollback flags</c>. A flag change is a change like a deployment: what
/// turns a flag on passes the environment's gates (an approver, a second person where four eyes apply) and its
/// freeze; what turns flags off never waits, needs only the deployer role, and is refused only while the same change
/// is already in flight. Each commits the change with its card and audit, then wakes the runner, which talks to
/// AppConfig. Every refusal is audited.
/// </summary>
public sealed partial class FlagCommands(
    IFlagChangeStore store,
    IEnumerable<IFeatureFlags> featureFlags,
    IEnvironmentFreezes freezes,
    RequestGuard guard,
    AccessPolicy policy,
    EnvironmentResolver resolver,
    DeploymentLocks locks,
    IDeploymentSignal signal,
    IOptionsMonitor<OpsBotOptions> options,
    TimeProvider time)
{
    /// <summary>The most changes <c>/flags history</c> lists.</summary>
    public const int MaxHistory = 50;

    /// <summary><c>/flags list</c>: the flags as deployed, a hosted version not deployed, and a deployment in progress.</summary>
    public Task<CommandResult> ListAsync(RequestContext context, FlagsListCommand command, CancellationToken cancellationToken) =>
        InEnvironmentAsync(context, "flags.list", command.Environment, Role.Viewer, async (env, place, flags, _) =>
        {
            var set = await flags.ReadAsync(place, cancellationToken);
            var lines = new List<string>
            {
                set.Version is { } v ? $"Feature flags in {env} (AppConfig version {v} deployed):" : $"Feature flags in {env} (never deployed):",
            };
            lines.AddRange(set.Flags.Select(f => $"• {f.Name}: {(f.Enabled ? "on" : "off")}" +
                (string.IsNullOrWhiteSpace(f.Description) ? "" : $" — {f.Description}")));
            if (set.LatestVersion is { } latest)
            {
                var pending = set.LatestFlags.Where(l => set.Flags.FirstOrDefault(f => f.Name == l.Name)?.Enabled != l.Enabled)
                    .Select(l => $"{l.Name} {(l.Enabled ? "on" : "off")}").ToList();
                lines.Add($"Hosted version {latest} is not deployed" + (pending.Count == 0 ? "." : $": {string.Join(", ", pending)}."));
            }
            if (set.InProgress is { } d)
                lines.Add($"AppConfig deployment {d.Number} is in progress ({d.State}, {d.PercentageComplete:0.#}%" +
                          (d.Strategy is null ? ")" : $", strategy {d.Strategy})") +
                          (d.IsFlags ? "" : " of another configuration profile") +
                          (d.Description?.Contains("OpsBot flg-", StringComparison.Ordinal) == true ? $": {d.Description}." : "."));
            return CommandResult.Done(string.Join('\n', lines));
        }, cancellationToken);

    /// <summary><c>/flags history</c>: OpsBot's recent flag changes in the environment, newest first.</summary>
    public Task<CommandResult> HistoryAsync(RequestContext context, FlagsHistoryCommand command, CancellationToken cancellationToken) =>
        InEnvironmentAsync(context, "flags.history", command.Environment, Role.Viewer, async (env, _, _, _) =>
        {
            var changes = await store.ListAsync(env, Math.Clamp(command.Limit, 1, MaxHistory), cancellationToken);
            if (changes.Count == 0)
                return CommandResult.Done($"No flag changes by OpsBot in {env} yet.");
            return CommandResult.Done($"Flag changes in {env}, newest first:\n" + string.Join('\n', changes.Select(c =>
                $"• {c.Id} {c.CreatedAt:yyyy-MM-dd HH:mm} UTC: {c.Describe()} — {FlagChangeWorkflow.Describe(c.State)}, by {ChatRefs.Person(c.RequestedBy)}" +
                (c.Reason is null || c.State is FlagChangeState.Completed ? "" : $" ({c.Reason})"))));
        }, cancellationToken);

    /// <summary><c>/flags enable|disable</c>: one change of all the named flags.</summary>
    public Task<CommandResult> ChangeAsync(RequestContext context, FlagsChangeCommand command, CancellationToken cancellationToken)
    {
        var action = command.Enable ? "flags.enable" : "flags.disable";
        return InEnvironmentAsync(context, action, command.Environment, Role.Deployer, async (env, place, flags, refuse) =>
        {
            var actor = context.Actor;
            if (command.Enable && await freezes.GetAsync(env, cancellationToken) is { } freeze)
                return await refuse($"{env} is frozen by {ChatRefs.Person(freeze.By)} since {freeze.At:yyyy-MM-dd HH:mm} UTC: {freeze.Reason}. " +
                                    "Turning flags on waits until it is lifted; turning them off still works.");
            var environment = options.CurrentValue.Environments[env];
            using var _ = await locks.AcquireAsync(LockKey(env), cancellationToken);
            var (settings, problem) = await SettingsAsync(flags, place, command.Flags, command.Enable, cancellationToken);
            if (settings is null)
                return await refuse(problem!);
            if (await SameInFlightAsync(env, settings, cancellationToken) is { } same)
                return await refuse($"Flag change {same.Id} already does that ({FlagChangeWorkflow.Describe(same.State)}).");
            var strategy = command.Strategy ?? environment.FeatureFlags!.DefaultStrategy(environment.IsGated);
            var (change, changes) = NewFlagChange.Create(env, settings, strategy, environment.Gates.ToSettings(), actor, command.Reason, time);
            await store.CreateAsync(change, changes, cancellationToken);
            signal.Wake(change.Id);
            var next = change.State == FlagChangeState.AwaitingApproval
                ? $"it waits for {(change.Gates.FourEyes ? "an approver other than you" : "an approver")}: /flags approve {change.Id}"
                : $"AppConfig deploys it with {strategy}";
            return CommandResult.Done($"Flag change {change.Id}: {change.Describe()} in {env}; {next}.");
        }, cancellationToken);
    }

    /// <summary>The settings that turn each named flag to <paramref name="enable"/> from its deployed value, or why not.</summary>
    private static async Task<(IReadOnlyList<FlagSetting>? Settings, string? Problem)> SettingsAsync(IFeatureFlags flags, FlagStore place,
        IReadOnlyList<string> names, bool enable, CancellationToken cancellationToken)
    {
        var deployed = (await flags.ReadAsync(place, cancellationToken)).Flags;
        if (UnknownFlag(names, [.. deployed.Select(f => f.Name)], place) is { } unknown)
            return (null, unknown);
        var settings = names.Select(n => new FlagSetting(n, deployed.First(f => f.Name == n).Enabled, enable)).ToList();
        if (settings.All(s => s.From == s.To))
            return (null, $"{string.Join(", ", names)} {(names.Count == 1 ? "is" : "are")} already {(enable ? "on" : "off")}; nothing to change.");
        return ([.. settings.Where(s => s.From != s.To)], null);
    }

    /// <summary>"No flag X in prod's feature-flags: did you mean Y?" for the first of <paramref name="names"/> not defined; null when all are.</summary>
    internal static string? UnknownFlag(IReadOnlyList<string> names, IReadOnlyList<string> defined, FlagStore place)
    {
        if (names.FirstOrDefault(n => !defined.Contains(n)) is not { } unknown)
            return null;
        var close = EnvironmentResolver.Closest(unknown, defined);
        return $"No flag {CommandText.Echo(unknown)} in {place.Environment}'s {place.Profile}" +
               (close is null ? $" (flags: {string.Join(", ", defined)})." : $": did you mean {close}?");
    }

    private async Task<FlagChange?> SameInFlightAsync(string env, IReadOnlyList<FlagSetting> settings, CancellationToken cancellationToken) =>
        (await store.ListActiveAsync(cancellationToken)).FirstOrDefault(c => c.Environment == env &&
            c.Settings.Select(s => (s.Name, s.To)).OrderBy(s => s.Name).SequenceEqual(settings.Select(s => (s.Name, s.To)).OrderBy(s => s.Name)));

    /// <summary>Flag changes in one environment are requested one at a time (reading the deployed flags, then creating).</summary>
    private static string LockKey(string environment) => $"flags:{environment}";

    /// <summary>
    /// A use case in one environment that has feature flags, once per request key: resolves the environment (from
    /// <c>--env</c> or the channel), checks the role, and runs <paramref name="run"/> with a refusal audited against it.
    /// </summary>
    private Task<CommandResult> InEnvironmentAsync(RequestContext context, string action, string? environment, Role role,
        Func<string, FlagStore, IFeatureFlags, Func<string, Task<CommandResult>>, Task<CommandResult>> run, CancellationToken cancellationToken) =>
        guard.OnceAsync(context.RequestKey, async () =>
        {
            var actor = context.Actor;
            var (env, error) = resolver.Environment(environment, actor);
            if (env is null)
                return await guard.RefuseAsync(actor, action, environment, null, error!, cancellationToken);
            Task<CommandResult> Refuse(string message) => guard.RefuseAsync(actor, action, env, null, message, cancellationToken);
            if (FlagChangeReconciler.StoreOf(options.CurrentValue, env) is not { } place)
                return await Refuse($"{env} has no feature flags configured (OpsBot:Environments:{env}:FeatureFlags).");
            if (featureFlags.FirstOrDefault() is not { } flags)
                return await Refuse("Feature flags need the AWS adapter (OpsBot:Aws), which is not configured.");
            if (await policy.RefusalAsync(actor, env, role, cancellationToken, safe: role <= Role.Viewer) is { } denied)
                return await Refuse(denied);
            return await run(env, place, flags, Refuse);
        }, cancellationToken);
}
