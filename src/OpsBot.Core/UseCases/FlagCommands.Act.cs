using OpsBot.Core.Access;
using OpsBot.Core.Commands;
using OpsBot.Core.Flags;
using OpsBot.Core.Identity;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.Ports;

namespace OpsBot.Core.UseCases;

public sealed partial class FlagCommands
{
    /// <summary>
    /// <c>/flags approve|reject|stop|revert &lt;id&gt;</c> or a card's button. What it takes follows its net effect: approving
    /// (it turns flags on) needs the approver role and no freeze; rejecting needs the approver role, or is the requester
    /// cancelling; stopping or reverting a change that turned flags on makes things safer (deployer), one that turned
    /// flags off turns them back on (approver, no freeze).
    /// </summary>
    public Task<CommandResult> ActAsync(RequestContext context, FlagsActCommand command, CancellationToken cancellationToken) =>
        guard.OnceAsync(context.RequestKey, async () =>
        {
            var actor = context.Actor;
            var action = $"flags.{command.Action.ToString().ToLowerInvariant()}";
            using var _ = await locks.AcquireAsync(command.ChangeId, cancellationToken);
            if (await store.GetAsync(command.ChangeId, cancellationToken) is not { } c)
                return await guard.RefuseAsync(actor, action, null, command.ChangeId, $"There is no flag change {CommandText.Echo(command.ChangeId)}.", cancellationToken);
            Task<CommandResult> Refuse(string message) => guard.RefuseAsync(actor, action, c.Environment, c.Id, message, cancellationToken);

            var forward = command.Action switch
            {
                FlagAction.Approve => true,
                FlagAction.Reject => false,
                _ => !c.TurnsOn, // undoing a change that turned flags off turns them back on
            };
            var role = command.Action switch
            {
                FlagAction.Approve => Role.Approver,
                FlagAction.Reject => actor.Is(c.RequestedBy) ? Role.Deployer : Role.Approver,
                _ => forward ? Role.Approver : Role.Deployer,
            };
            if (await policy.RefusalAsync(actor, c.Environment, role, cancellationToken, safe: !forward) is { } denied)
                return await Refuse(denied);
            if (command.ExpectedVersion is { } expected && expected != c.StateVersion)
                return await Refuse($"That card was out of date: flag change {c.Id} is now {FlagChangeWorkflow.Describe(c.State)}. Nothing was changed.");
            if (forward && await freezes.GetAsync(c.Environment, cancellationToken) is { } freeze)
                return await Refuse($"{c.Environment} is frozen by {ChatRefs.Person(freeze.By)}: {freeze.Reason}. Turning flags on waits until it is lifted.");
            if (command.Action == FlagAction.Revert && c.CompletedAt is { } completed && time.GetUtcNow() - completed > FlagCardBuilder.RevertWindow)
                return await Refuse($"Flag change {c.Id} completed {completed:yyyy-MM-dd HH:mm} UTC, more than 72 hours ago: AppConfig no longer reverts it. Use /flags enable|disable.");

            var workflow = new FlagChangeWorkflow(c, time);
            var result = command.Action switch
            {
                FlagAction.Approve => workflow.Approve(actor),
                FlagAction.Reject => workflow.Reject(actor, command.Reason),
                FlagAction.Stop => workflow.Stop(actor, command.Reason),
                _ => workflow.Revert(actor, command.Reason),
            };
            if (!result.IsApplied)
                return await Refuse(result.Message);
            try
            {
                await store.SaveAsync(c, workflow.Changes, cancellationToken);
            }
            catch (FlagChangeConcurrencyException)
            {
                return await Refuse($"Flag change {c.Id} changed while this was being applied; nothing was changed. Look at its card and try again.");
            }
            signal.Wake(c.Id);
            return CommandResult.Done(result.Message);
        }, cancellationToken);

    /// <summary>
    /// <c>/rollback flags</c>: the emergency path. The named flags (or every flag an OpsBot change turned on within the
    /// rollback window, with <c>--all-new</c>) go off with the emergency strategy; OpsBot's own flag changes in flight in
    /// the environment are stopped first. Deployer role; never gated, never frozen.
    /// </summary>
    public Task<CommandResult> RollbackAsync(RequestContext context, RollbackFlagsCommand command, CancellationToken cancellationToken) =>
        InEnvironmentAsync(context, "flags.rollback", command.Environment, Role.Deployer, async (env, place, flags, refuse) =>
        {
            var actor = context.Actor;
            var environment = options.CurrentValue.Environments[env];
            using var _ = await locks.AcquireAsync(LockKey(env), cancellationToken);
            var names = command.AllNew ? await TurnedOnRecentlyAsync(env, environment.FeatureFlags!.RollbackWindow, cancellationToken) : command.Flags;
            if (names.Count == 0)
                return await refuse($"No flag was turned on by OpsBot in {env} in the last {environment.FeatureFlags!.RollbackWindow.TotalHours:0.#} h; name the flags to turn off.");
            var (settings, problem) = await SettingsAsync(flags, place, names, enable: false, cancellationToken);
            if (settings is not null && await SameInFlightAsync(env, settings, cancellationToken) is { } same)
                return await refuse($"Flag change {same.Id} already turns {same.Describe()} ({FlagChangeWorkflow.Describe(same.State)}).");
            var turningOn = (await store.ListActiveAsync(cancellationToken))
                .Where(c => c.Environment == env && c.Settings.Any(s => s.To && names.Contains(s.Name))).ToList();
            if (settings is null && turningOn.Count == 0)
                return await refuse(problem!);
            if (settings is not null && turningOn.Count == 0 && await RevertableAsync(env, flags, place, names, cancellationToken) is { } latest)
            {
                // A revert of the latest deployment ignores the environment's alarm monitors, which may be firing now;
                // a new deployment would be rolled back by them.
                var workflow = new FlagChangeWorkflow(latest, time);
                var reverted = workflow.Revert(actor, command.Reason ?? "emergency flag rollback");
                if (reverted.IsApplied)
                {
                    await store.SaveAsync(latest, workflow.Changes, cancellationToken);
                    signal.Wake(latest.Id);
                    return CommandResult.Done($"Emergency flag rollback: reverting {latest.Id} (AppConfig deployment {latest.DeploymentNumber}, " +
                                              $"{latest.Describe()}) in {env}; a revert does not wait for the alarm monitors.");
                }
            }

            // AppConfig runs one deployment per environment: OpsBot's own changes in flight there stop first.
            var id = settings is null ? null : FlagChange.IdPrefix + Guid.NewGuid().ToString("N")[..10];
            var stopped = await StopInFlightAsync(env, actor, id is null ? "stopped by an emergency flag rollback" : $"stopped for emergency flag rollback {id}", cancellationToken);
            if (settings is null)
                return CommandResult.Done($"Stopped {string.Join(", ", stopped)}: {string.Join(", ", names)} stay{(names.Count == 1 ? "s" : "")} off in {env}, as deployed.");
            var (change, changes) = NewFlagChange.Create(env, settings, environment.FeatureFlags!.EmergencyStrategy, environment.Gates.ToSettings(),
                actor, command.Reason, time, emergency: true, force: command.Force, id: id);
            await store.CreateAsync(change, changes, cancellationToken);
            signal.Wake(change.Id);
            return CommandResult.Done($"Emergency flag rollback {change.Id}: {change.Describe()} in {env} with {change.Strategy}" +
                                      (stopped.Count == 0 ? "." : $", after stopping {string.Join(", ", stopped)}."));
        }, cancellationToken);

    /// <summary>
    /// The completed OpsBot change that turned the named flags on and only turned flags on, when it is still AppConfig's
    /// latest deployment of the flags and within its 72-hour revert window: reverting it is the quickest way back.
    /// </summary>
    private async Task<FlagChange?> RevertableAsync(string env, IFeatureFlags flags, FlagStore place, IReadOnlyList<string> names,
        CancellationToken cancellationToken)
    {
        var latest = (await store.ListAsync(env, MaxHistory, cancellationToken)).FirstOrDefault(c => c.DeploymentNumber is not null);
        if (latest is not { State: FlagChangeState.Completed, CompletedAt: { } completed } || time.GetUtcNow() - completed > FlagCardBuilder.RevertWindow ||
            !latest.Settings.All(s => s.To) || !names.All(n => latest.Settings.Any(s => s.Name == n)))
            return null;
        return (await flags.LatestDeploymentAsync(place, cancellationToken))?.Number == latest.DeploymentNumber ? latest : null;
    }

    /// <summary>Stops (or, awaiting approval, rejects) every OpsBot flag change in flight in <paramref name="env"/>; returns their ids.</summary>
    private async Task<IReadOnlyList<string>> StopInFlightAsync(string env, Actor actor, string reason, CancellationToken cancellationToken)
    {
        var stopped = new List<string>();
        foreach (var inFlight in (await store.ListActiveAsync(cancellationToken)).Where(c => c.Environment == env))
        {
            var workflow = new FlagChangeWorkflow(inFlight, time);
            var result = inFlight.State == FlagChangeState.AwaitingApproval ? workflow.Reject(actor, reason) : workflow.Stop(actor, reason);
            if (!result.IsApplied)
                continue;
            await store.SaveAsync(inFlight, workflow.Changes, cancellationToken);
            stopped.Add(inFlight.Id);
            signal.Wake(inFlight.Id);
        }
        return stopped;
    }

    /// <summary>The flags an OpsBot change turned on and completed within <paramref name="window"/>.</summary>
    private async Task<IReadOnlyList<string>> TurnedOnRecentlyAsync(string env, TimeSpan window, CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow() - window;
        return [.. (await store.ListAsync(env, MaxHistory, cancellationToken))
            .Where(c => c.State == FlagChangeState.Completed && c.CompletedAt >= since)
            .SelectMany(c => c.Settings.Where(s => s.To && !s.From).Select(s => s.Name))
            .Distinct(StringComparer.Ordinal)];
    }
}
