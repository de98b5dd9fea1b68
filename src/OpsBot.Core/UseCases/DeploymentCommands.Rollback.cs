using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;

namespace OpsBot.Core.UseCases;

// /rollback <function>: abort the active deployment, or put the alias back on the previous (or a given) version.
public sealed partial class DeploymentCommands
{
    public Task<CommandResult> RollbackAsync(RequestContext context, RollbackCommand request, CancellationToken cancellationToken) =>
        OnFunctionAsync(context, "deploy.rollback", request.Function, request.Environment,
            (fn, refuse) => RollbackAsync(context.Actor, request, fn, refuse, cancellationToken), cancellationToken);

    private async Task<CommandResult> RollbackAsync(Actor actor, RollbackCommand request, ResolvedFunction fn,
        Func<string, Task<CommandResult>> refuse, CancellationToken cancellationToken)
    {
        if (await policy.RefusalAsync(actor, fn.Environment, Role.Deployer, cancellationToken, safe: true) is { } denied)
            return await refuse(denied);
        if (request.TargetVersion is { } asked && !IsVersionNumber(asked))
            return await refuse($"'{CommandText.Echo(asked)}' is not a published version number (like 4).");

        var target = fn.Target;
        using var _ = await locks.AcquireAsync(target.AliasKey, cancellationToken);
        var history = new AliasHistory(await store.AliasHistoryAsync(target, cancellationToken));

        if (await store.FindActiveAsync(target.AliasKey, cancellationToken) is { } active)
        {
            if (request.ConfirmedRevision is not null)
                return await refuse($"Deployment {active.Id} started on {fn.Function} since that confirmation was offered, so nothing was changed; " +
                                    $"/rollback {fn.Function} now rolls that deployment back.");
            if (request.TargetVersion is { } version)
            {
                if (!(await versions.ListAsync(target, cancellationToken)).Contains(version))
                    return await refuse($"{fn.Function} has no version {version}.");
                if (version != active.StableVersion && !history.MayRollBackTo(version, active.StableVersion))
                    return await refuse(NeverLive(fn, version, history));
            }
            return await ActAsync(new RequestContext(actor), new ActCommand(DeploymentAction.Rollback, active.Id, request.Reason), RollbackRule,
                w => w.RollBack(actor, request.Reason, request.TargetVersion), cancellationToken);
        }

        var alias = await router.ReadAsync(target, cancellationToken);
        var current = alias.PrimaryVersion;
        if (request.ConfirmedRevision is { } confirmed && confirmed != alias.RevisionId)
            return await refuse($"{fn.Function}:{target.Alias} in {fn.Environment} changed since that confirmation was offered (it now routes {alias}), " +
                                $"so nothing was changed. Run /rollback {fn.Function} again to see where it would go now.");
        var published = await versions.ListAsync(target, cancellationToken);
        var to = request.TargetVersion ?? Previous(history, current, published);
        if (to is null)
            return await refuse($"{fn.Function}:{target.Alias} is on version {current} and OpsBot knows no earlier version that was live there; name one with --target-version.");
        if (to == current && (alias.AdditionalVersion is null || alias.AdditionalWeight == 0))
            return await refuse($"{fn.Function}:{target.Alias} is already on version {to} alone; nothing to roll back.");
        if (!published.Contains(to))
            return await refuse($"{fn.Function} has no version {to}.");
        if (to != current && !history.MayRollBackTo(to, current))
            return await refuse(NeverLive(fn, to, history));

        if (fn.EnvironmentOptions.IsGated && request.ConfirmedRevision is null)
            return Confirmation(fn, alias, to, history, request.Reason);

        var d = NewDeployment.Rollback(target, current, to, fn.Options.Thresholds.ToThresholds(fn.EnvironmentOptions),
            fn.EnvironmentOptions.Gates.ToSettings(), actor, fn.Options.Channel, alias.RevisionId, time.GetUtcNow(), request.Reason);
        var workflow = new DeploymentWorkflow(d, time);
        var result = workflow.RollBack(actor, request.Reason ?? $"manual rollback of {fn.Function} from version {current}", to);
        try
        {
            await store.CreateAsync(d, workflow.Changes, cancellationToken);
        }
        catch (ActiveDeploymentExistsException e)
        {
            return await refuse(InFlight(e.Existing));
        }
        signal.Wake(d.Id);
        return CommandResult.Done($"Rollback {d.Id}: {result.Message}", d);
    }

    /// <summary>
    /// In an environment with gates, a rollback with nothing in flight is a change of its own: the person sees where
    /// it goes, and when that version was last live, and confirms with a button tied to the alias as it is now.
    /// </summary>
    private static CommandResult Confirmation(ResolvedFunction fn, AliasTraffic alias, string to, AliasHistory history, string? reason)
    {
        var when = history.Find(to) is { } seen
            ? $"live until {seen.LastLive:yyyy-MM-dd HH:mm} UTC by {seen.DeploymentId}"
            : "older than OpsBot's history of this alias";
        var move = to == alias.PrimaryVersion
            ? $"all traffic to version {to}, none on version {alias.AdditionalVersion}"
            : $"all traffic from version {alias.PrimaryVersion} to version {to} ({when})";
        var message = $"Roll back {fn.Function}:{fn.Target.Alias} in {fn.Environment}? This moves {move} at once, with no canary. " +
                      $"It now routes {alias}. Nothing has changed yet: confirm with the button.";
        return CommandResult.Confirm(message, RollbackConfirmation.Button(fn.Environment, fn.Function, to, alias.RevisionId, reason));
    }

    /// <summary>
    /// The version before <paramref name="current"/>: the one the release that made it live replaced, else the
    /// highest published version below it that a rollback may go to.
    /// </summary>
    private static string? Previous(AliasHistory history, string current, IReadOnlyList<string> published)
    {
        if (history.ReplacedBy(current) is { } replaced)
            return replaced;
        if (!long.TryParse(current, out var number))
            return null;
        return published
            .Select(v => long.TryParse(v, out var n) ? n : -1)
            .Where(n => n >= 0 && n < number)
            .OrderDescending()
            .Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault(v => history.MayRollBackTo(v, current));
    }

    private static string NeverLive(ResolvedFunction fn, string version, AliasHistory history)
    {
        var live = history.LiveVersions.Select(v => v.Version).Take(8).ToList();
        var known = live.Count == 0 ? "" : $" (versions live there before: {string.Join(", ", live)})";
        return $"Version {version} of {fn.Function} was never live on {fn.Target.Alias} in {fn.Environment}{known}, so moving traffic to it " +
               $"is a deployment, not a rollback: use /deploy {fn.Function} {version}.";
    }
}
