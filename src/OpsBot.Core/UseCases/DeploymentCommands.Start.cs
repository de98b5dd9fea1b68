using Microsoft.Extensions.Logging;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;

namespace OpsBot.Core.UseCases;

// Starting a release: every check before anything is created, so a refused start changes nothing.
public sealed partial class DeploymentCommands
{
    public Task<CommandResult> StartAsync(RequestContext context, StartCommand request, CancellationToken cancellationToken) =>
        OnFunctionAsync(context, "deploy.start", request.Function, request.Environment,
            (fn, refuse) => StartAsync(context.Actor, request, fn, refuse, cancellationToken), cancellationToken);

    private async Task<CommandResult> StartAsync(Actor actor, StartCommand request, ResolvedFunction fn,
        Func<string, Task<CommandResult>> refuse, CancellationToken cancellationToken)
    {

        if (await policy.RefusalAsync(actor, fn.Environment, request.SkipApproval ? Role.Admin : Role.Deployer, cancellationToken) is { } denied)
            return await refuse(request.SkipApproval ? $"Only an admin may skip approval. {denied}" : denied);
        if (request.SkipApproval && string.IsNullOrWhiteSpace(request.Reason))
            return await refuse("Skipping approval needs a reason: --skip-approval --reason \"...\".");
        if (await freezes.GetAsync(fn.Environment, cancellationToken) is { } freeze)
            return await refuse($"{Frozen(freeze)} New deployments, approvals and promotions wait until it is lifted; rollbacks still work.");

        var (plan, planError) = Plan(request, fn);
        if (plan is null)
            return await refuse(planError!);
        var exceeded = ExceededLimits(request, fn);
        if (exceeded.Count > 0 && !request.SkipApproval)
            return await refuse($"{string.Join("; ", exceeded)}. An admin may go beyond the limits with --skip-approval --reason \"...\".");
        var engine = request.Engine ?? fn.Options.Engine;
        if (engine == DeploymentEngine.CodeDeploy)
        {
            if (fn.Options.CodeDeploy is null)
                return await refuse($"{fn.Function} has no CodeDeploy application and deployment group configured in {fn.Environment}; use --engine alias.");
            if (Delegated is null)
                return await refuse("The codedeploy engine is not available here (no CodeDeploy adapter is configured); use --engine alias.");
            if (Delegated.CannotRun(plan) is { } cannot)
                return await refuse(cannot);
        }
        if (request.Version is { } asked && !IsVersionNumber(asked))
            return await refuse($"'{CommandText.Echo(asked)}' is not a published version number (like 5); leave it out to publish $LATEST.");
        if (request.EnableFlags.Count > 0 && await UnknownFlagAsync(fn.Environment, request.EnableFlags, cancellationToken) is { } unknown)
            return await refuse(unknown);

        var target = fn.Target;

        using var _ = await locks.AcquireAsync(target.AliasKey, cancellationToken);
        if (await store.FindActiveAsync(target.AliasKey, cancellationToken) is { } active)
            return await refuse(InFlight(active));
        if (fn.Options.CodeDeploy is not null && Delegated is not null &&
            await Delegated.FindInProgressAsync(target, cancellationToken) is { } running)
            return await refuse($"CodeDeploy deployment {running} is in progress for {fn.Function}; wait for it to finish or stop it first.");

        var alias = await router.ReadAsync(target, cancellationToken);
        if (alias.AdditionalVersion is not null && alias.AdditionalWeight > 0)
            return await refuse($"Alias {target.Alias} of {fn.Function} already routes {alias}: someone else is shifting it. Finish or undo that first.");
        var stable = alias.PrimaryVersion;

        var published = await versions.ListAsync(target, cancellationToken);
        string version;
        string? unchanged = null;
        if (request.Version is { } given)
        {
            if (!published.Contains(given))
                return await refuse($"{fn.Function} has no version {given} (latest published: {published.LastOrDefault() ?? "none"}).");
            version = given;
        }
        else
        {
            version = await versions.PublishAsync(target, $"Published by OpsBot for {actor.Identity}", cancellationToken);
            if (published.Contains(version))
            {
                // Lambda publishes nothing when $LATEST matches a version: it returns that one.
                unchanged = version;
                await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), actor.Identity, "function.publish", fn.Environment, fn.Function,
                    actor.Channel, AuditOutcome.Succeeded, $"$LATEST of {fn.Function} has no new code since version {version}; nothing was published."), cancellationToken);
            }
            else
            {
                await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), actor.Identity, "function.publish", fn.Environment, fn.Function,
                    actor.Channel, AuditOutcome.Succeeded, $"Published $LATEST of {fn.Function} as version {version}."), cancellationToken);
            }
        }
        if (version == stable)
            return await refuse(unchanged is null
                ? $"Version {version} of {fn.Function} is already live on {target.Alias}; nothing to deploy."
                : $"No new code since version {version}, which is already live on {target.Alias} of {fn.Function}; nothing to deploy.");

        var thresholds = fn.Options.Thresholds.ToThresholds(fn.EnvironmentOptions) with
        {
            ErrorRatePercent = request.RollbackThreshold ?? fn.Options.Thresholds.ErrorRatePercent,
        };
        var d = NewDeployment.Release(target, stable, version, engine, plan, thresholds, fn.EnvironmentOptions.Gates.ToSettings(),
            fn.Options.Alarms, fn.Options.Probes, actor, fn.Options.Channel, alias.RevisionId, time.GetUtcNow(),
            gateSkipReason: request.SkipApproval ? request.Reason : null, exceededLimits: exceeded, requestReason: request.Reason,
            enableFlags: request.EnableFlags);
        var workflow = new DeploymentWorkflow(d, time);
        var submitted = workflow.Submit(actor);
        if (!submitted.IsApplied)
            return await refuse(submitted.Message);
        try
        {
            await store.CreateAsync(d, workflow.Changes, cancellationToken);
        }
        catch (ActiveDeploymentExistsException e)
        {
            return await refuse(InFlight(e.Existing));
        }
        logger.LogInformation("Started {Deployment}", d);
        signal.Wake(d.Id);
        var note = unchanged is null ? "" : $"no new code since version {unchanged}; deploying version {unchanged}. ";
        return CommandResult.Done($"Deployment {d.Id}: {note}{submitted.Message}", d);
    }

    private (DeploymentPlan? Plan, string? Error) Plan(StartCommand request, ResolvedFunction fn)
    {
        var name = request.Strategy ?? fn.Options.Plan;
        var plan = options.CurrentValue.FindPlan(name);
        if (plan is null)
            return (null, $"Unknown strategy '{CommandText.Echo(name)}' (known: {string.Join(", ", options.CurrentValue.PlanNames)}).");
        if (request.CanaryPercentage is { } pct && (pct is < 1 or > 99 || plan.Steps.Count < 2))
            return (null, plan.Steps.Count < 2
                ? $"--canary-percentage does not apply to {plan.Name}, which moves all traffic at once."
                : $"--canary-percentage must be within 1..99, not {pct}.");
        if (request.BakeMinutes is { } bake && bake is < 0 or > 1440)
            return (null, $"--bake-minutes must be within 0..1440, not {bake}.");
        if (request.RollbackThreshold is { } threshold && threshold is < 0 or > 100)
            return (null, $"--rollback-threshold is an error rate in percent, within 0..100, not {threshold}.");
        plan = plan.WithOverrides(request.CanaryPercentage, request.BakeMinutes);
        return plan.Problem() is { } problem ? (null, $"That plan cannot run: {problem}.") : (plan, null);
    }

    /// <summary>The overrides of <paramref name="request"/> that go beyond the environment's limits, each in a sentence.</summary>
    private static List<string> ExceededLimits(StartCommand request, ResolvedFunction fn)
    {
        var limits = fn.EnvironmentOptions.EffectiveLimits();
        var env = fn.Environment;
        var exceeded = new List<string>();
        if (request.CanaryPercentage is { } pct && limits.MaxFirstStepPercent is { } maxPct && pct > maxPct)
            exceeded.Add($"--canary-percentage {pct} is above {env}'s limit of {maxPct}% for the first step");
        if (request.BakeMinutes is { } bake && limits.MinBakeMinutes is { } minBake && bake < minBake)
            exceeded.Add($"--bake-minutes {bake} is below {env}'s limit of {minBake} minutes");
        if (request.RollbackThreshold is { } threshold && limits.MaxRollbackThresholdPercent is { } maxThreshold && threshold > maxThreshold)
            exceeded.Add($"--rollback-threshold {threshold:0.##}% is above {env}'s limit of {maxThreshold:0.##}%");
        return exceeded;
    }

    private static string InFlight(Deployment active) =>
        $"{active.Target} already has deployment {active.Id} in flight: {active.State.Describe()}, version {active.TargetVersion}, " +
        $"requested by {ChatRefs.Person(active.RequestedBy)}. Finish, roll back or wait for it first.";

    /// <summary>Why <c>--enable-flag</c> cannot be honoured in <paramref name="environment"/> (no flags there, or no such flag); null when it can.</summary>
    private async Task<string?> UnknownFlagAsync(string environment, IReadOnlyList<string> flags, CancellationToken cancellationToken)
    {
        if (Runner.FlagChangeReconciler.StoreOf(options.CurrentValue, environment) is not { } place || featureFlags.FirstOrDefault() is not { } reader)
            return $"--enable-flag needs feature flags in {environment} (OpsBot:Environments:{environment}:FeatureFlags and the AWS adapter).";
        return FlagCommands.UnknownFlag(flags, [.. (await reader.ReadAsync(place, cancellationToken)).Flags.Select(f => f.Name)], place);
    }

    private static bool IsVersionNumber(string version) => version.Length is > 0 and < 20 && version.All(char.IsAsciiDigit);
}
