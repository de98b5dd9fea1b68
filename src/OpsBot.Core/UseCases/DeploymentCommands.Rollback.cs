using OpsBot.Core.Access;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Core.UseCases;

// /rollback <function>: abort the active deployment, or put the alias back on the previous (or a given) version.
public sealed partial class DeploymentCommands
{
    private const string RollbackAction = "deploy.rollback";

    /// <summary>The plan of a rollback deployment: everything back at once.</summary>
    private static readonly DeploymentPlan RollbackPlan = new("rollback", [new PlanStep(100, TimeSpan.Zero)]);

    public Task<CommandResult> RollbackAsync(RollbackRequest request, CancellationToken cancellationToken) =>
        OnceAsync(request.RequestKey, () => RollbackOnceAsync(request, cancellationToken), cancellationToken);

    private async Task<CommandResult> RollbackOnceAsync(RollbackRequest request, CancellationToken cancellationToken)
    {
        var actor = request.Actor;
        var (fn, error) = resolver.Function(request.Function, request.Environment, actor.Channel);
        if (fn is null)
            return await RefuseAsync(actor, RollbackAction, request.Environment, request.Function, error!, cancellationToken);
        Task<CommandResult> Refuse(string message) => RefuseAsync(actor, RollbackAction, fn.Environment, fn.Function, message, cancellationToken);

        if (await policy.RefusalAsync(actor, fn.Environment, Role.Deployer, cancellationToken) is { } denied)
            return await Refuse(denied);
        if (request.TargetVersion is { } asked && !IsVersionNumber(asked))
            return await Refuse($"'{asked}' is not a published version number (like 4).");

        var target = fn.Target;
        using var _ = await locks.AcquireAsync(target.AliasKey, cancellationToken);

        if (await store.FindActiveAsync(target.AliasKey, cancellationToken) is { } active)
        {
            if (request.TargetVersion is { } version && !(await versions.ListAsync(target, cancellationToken)).Contains(version))
                return await Refuse($"{fn.Function} has no version {version}.");
            return await ActAsync(new DeploymentRequest(actor, active.Id) { Reason = request.Reason }, Role.Deployer, RollbackAction,
                w => w.RollBack(actor, request.Reason, request.TargetVersion), cancellationToken);
        }

        var alias = await router.ReadAsync(target, cancellationToken);
        var current = alias.PrimaryVersion;
        var to = request.TargetVersion ?? await PreviousVersionAsync(target, current, cancellationToken);
        if (to is null)
            return await Refuse($"{fn.Function}:{target.Alias} is on version {current} and there is no earlier version to roll back to; name one with --target-version.");
        if (to == current && (alias.AdditionalVersion is null || alias.AdditionalWeight == 0))
            return await Refuse($"{fn.Function}:{target.Alias} is already on version {to} alone; nothing to roll back.");
        if (!(await versions.ListAsync(target, cancellationToken)).Contains(to))
            return await Refuse($"{fn.Function} has no version {to}.");

        var now = time.GetUtcNow();
        var d = new Deployment
        {
            Id = NewId(),
            Kind = DeploymentKind.Rollback,
            Target = target,
            StableVersion = to,
            TargetVersion = current,
            Engine = DeploymentEngine.Alias,
            Plan = RollbackPlan,
            Thresholds = fn.Options.Thresholds.ToThresholds(),
            Gates = fn.EnvironmentOptions.Gates.ToSettings(),
            RequestedBy = actor.Identity,
            Channel = actor.Channel ?? fn.Options.Channel,
            ChatPlatform = actor.Channel is null ? null : actor.Platform,
            AliasRevision = alias.RevisionId,
            CreatedAt = now,
            UpdatedAt = now,
            StateSince = now,
        };
        var workflow = new DeploymentWorkflow(d, time);
        var result = workflow.RollBack(actor, request.Reason ?? $"manual rollback of {fn.Function} from version {current}", to);
        try
        {
            await store.CreateAsync(d, workflow.Changes, cancellationToken);
        }
        catch (ActiveDeploymentExistsException e)
        {
            return await Refuse(InFlight(e.Existing));
        }
        signal.Wake(d.Id);
        return CommandResult.Done($"Rollback {d.Id}: {result.Message}", d);
    }

    /// <summary>
    /// The version before <paramref name="current"/>: the stable version of the last release that made it live, else the
    /// highest published version below it.
    /// </summary>
    private async Task<string?> PreviousVersionAsync(FunctionTarget target, string current, CancellationToken cancellationToken)
    {
        var recent = await store.ListAsync(new DeploymentQuery(target.Environment, target.Function, 50), cancellationToken);
        var release = recent.FirstOrDefault(d => d.Kind == DeploymentKind.Release && d.State == DeploymentState.Succeeded &&
                                                 d.Target.Alias == target.Alias && d.TargetVersion == current);
        if (release is not null)
            return release.StableVersion;
        if (!long.TryParse(current, out var number))
            return null;
        return (await versions.ListAsync(target, cancellationToken))
            .Select(v => long.TryParse(v, out var n) ? n : -1)
            .Where(n => n >= 0 && n < number)
            .Select(n => (long?)n)
            .Max()?.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
