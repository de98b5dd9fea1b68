using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;

namespace OpsBot.Core.UseCases;

// Status, history, and freezing an environment.
public sealed partial class DeploymentCommands
{
    /// <summary>
    /// <c>/deploy help</c>, <c>/rollback help</c>: where the caller is (the channel's environment, its gates, their role
    /// there), then how the command is written.
    /// </summary>
    public async Task<CommandResult> HelpAsync(RequestContext context, HelpCommand command, CancellationToken cancellationToken)
    {
        var actor = context.Actor;
        var o = options.CurrentValue;
        string where;
        if (o.BoundEnvironment(actor.Platform, actor.Channel) is { } env && o.Environments.TryGetValue(env, out var envOptions))
        {
            var role = await policy.RoleOfAsync(actor, env, cancellationToken);
            var roleText = role == Role.None ? "no role" : $"the {role.ToString().ToLowerInvariant()} role";
            var gates = command.Command == "/flags" ? FlagGates(env, envOptions) : Gates(env, envOptions.Gates.ToSettings());
            where = $"This channel works on {env}. {gates} {actor.Mention} has {roleText} in {env}.";
        }
        else
        {
            where = $"This channel is not bound to an environment: name one with --env ({string.Join(", ", o.Environments.Keys)}).";
        }
        return CommandResult.Done(where) with { Usage = CommandUsage.For(command.Command) };
    }

    /// <summary>"prod's gates: a person promotes after the first step, not the one who asked (four eyes)."</summary>
    internal static string Gates(string environment, GateSettings gates)
    {
        if (!gates.StartApproval && !gates.PromotionApproval)
            return $"{environment} has no gates: a deployment moves through its steps by itself, and rolls back on bad health.";
        var who = gates.RequiredApprovers > 1 ? $"{gates.RequiredApprovers} approvers" : "an approver";
        var parts = new List<string>();
        if (gates.StartApproval)
            parts.Add($"{who} approves before any traffic moves");
        if (gates.PromotionApproval)
            parts.Add($"{who} promotes after the first step has baked healthy");
        var fourEyes = gates.FourEyes ? ", never the person who asked for the deployment (four eyes)" : "";
        return $"{environment}'s gates: {string.Join("; ", parts)}{fourEyes}.";
    }

    /// <summary>"In prod, turning a flag on waits for an approver …": how flag changes pass the environment's gates.</summary>
    private static string FlagGates(string environment, Configuration.EnvironmentOptions options)
    {
        var gates = options.Gates.ToSettings();
        var strategy = options.FeatureFlags?.DefaultStrategy(options.IsGated) ?? "none: no feature flags configured";
        if (!options.IsGated)
            return $"In {environment} flag changes go at once (default strategy {strategy}).";
        var fourEyes = gates.FourEyes ? ", not the person who asked (four eyes)" : "";
        return $"In {environment} turning a flag on waits for an approver{fourEyes}; turning flags off, and /rollback flags, never wait (default strategy {strategy}).";
    }

    /// <summary>Active deployments (of one function, or all) in the environments the actor may view.</summary>
    public async Task<CommandResult> StatusAsync(RequestContext context, StatusCommand command, CancellationToken cancellationToken)
    {
        var (actor, function, environment) = (context.Actor, command.Function, command.Environment);
        var (envs, error) = await ViewableAsync(actor, function, environment, cancellationToken);
        if (envs is null)
            return await RefuseAsync(actor, "deploy.status", environment, function, error!, cancellationToken);
        var active = (await store.ListActiveAsync(cancellationToken))
            .Where(d => envs.Contains(d.Target.Environment) && (function is null || d.Target.Function == function))
            .OrderBy(d => d.CreatedAt)
            .ToArray();
        var scope = function ?? "any function";
        var frozen = new List<string>();
        foreach (var env in envs)
        {
            if (await freezes.GetAsync(env, cancellationToken) is { } freeze)
                frozen.Add($"❄️ {Frozen(freeze)}");
        }
        var message = active.Length == 0
            ? $"No deployment in flight for {scope} in {string.Join(", ", envs)}."
            : string.Join("\n", active.Select(DeploymentText.Line));
        var lines = frozen.Append(message);
        var failed = await outbox.FailedSinceAsync(time.GetUtcNow() - FailedNoticeWindow, envs, function, cancellationToken);
        if (failed is { Count: > 0, Last: { } last })
            lines = lines.Append($"⚠️ {failed.Count} {(failed.Count == 1 ? "notice" : "notices")} could not be delivered in the last 24 h " +
                                 $"(last: {last.Kind.ToString().ToLowerInvariant()} of {last.DeploymentId} at {last.FailedAt:yyyy-MM-dd HH:mm} UTC: {last.Error}).");
        return CommandResult.Done(string.Join("\n", lines), active);
    }

    /// <summary>How far back <c>/deploy status</c> reports notices that could not be delivered.</summary>
    private static readonly TimeSpan FailedNoticeWindow = TimeSpan.FromDays(1);

    /// <summary>Recent deployments, newest first.</summary>
    public async Task<CommandResult> HistoryAsync(RequestContext context, HistoryCommand command, CancellationToken cancellationToken)
    {
        var (actor, function, environment, limit) = (context.Actor, command.Function, command.Environment, command.Limit);
        var (envs, error) = await ViewableAsync(actor, function, environment, cancellationToken);
        if (envs is null)
            return await RefuseAsync(actor, "deploy.history", environment, function, error!, cancellationToken);
        var found = new List<Deployment>();
        foreach (var env in envs)
            found.AddRange(await store.ListAsync(new DeploymentQuery(env, function, limit), cancellationToken));
        var recent = found.OrderByDescending(d => d.CreatedAt).Take(limit).ToArray();
        var message = recent.Length == 0
            ? $"No deployments of {function ?? "any function"} yet."
            : string.Join("\n", recent.Select(DeploymentText.Line));
        return CommandResult.Done(message, recent);
    }

    /// <summary>Closes an environment to new starts; rollbacks still work. Admins only.</summary>
    /// <summary>Freezes (or, for <c>unfreeze</c>, lifts the freeze of) an environment. Admins only.</summary>
    public Task<CommandResult> FreezeAsync(RequestContext context, FreezeCommand command, CancellationToken cancellationToken) => command.Freeze
        ? FreezeAsync(context.Actor, command.Environment, command.Reason, cancellationToken)
        : UnfreezeAsync(context.Actor, command.Environment, command.Reason, cancellationToken);

    private async Task<CommandResult> FreezeAsync(Actor actor, string environment, string? reason, CancellationToken cancellationToken)
    {
        var (env, error) = resolver.Environment(environment, null);
        if (env is null)
            return await RefuseAsync(actor, "env.freeze", environment, environment, error!, cancellationToken);
        if (await policy.RefusalAsync(actor, env, Role.Admin, cancellationToken) is { } denied)
            return await RefuseAsync(actor, "env.freeze", env, env, denied, cancellationToken);
        if (string.IsNullOrWhiteSpace(reason))
            return await RefuseAsync(actor, "env.freeze", env, env, "Freezing needs a reason: --reason \"...\".", cancellationToken);
        var freeze = new Freeze(env, reason, actor.Identity, time.GetUtcNow());
        await freezes.SetAsync(freeze, cancellationToken);
        var active = await WakeActiveAsync(env, cancellationToken);
        var held = active.Where(DeploymentWorkflow.CanBeHeld).ToList();
        var running = active.Where(d => d.Engine == DeploymentEngine.CodeDeploy && d.State is not DeploymentState.AwaitingApproval &&
                                        d.Kind == DeploymentKind.Release && d.State is not (DeploymentState.RollingBack or DeploymentState.RollbackFailed)).ToList();
        var message = $"{env} is frozen by {actor.Mention}: {reason}. New deployments, approvals, promotions and resumes are refused; rollbacks still work." +
                      (held.Count == 0 ? "" : $" Holding at their current step: {string.Join(", ", held.Select(d => $"{d.Id} ({d.Target.Function})"))}.") +
                      (running.Count == 0 ? "" : $" CodeDeploy cannot hold, so these keep running: {string.Join(", ", running.Select(d => $"{d.Id} ({d.Target.Function}, {d.ExternalId})"))}.");
        await audit.AppendAsync(new AuditEntry(freeze.At, actor.Identity, "env.freeze", env, env, actor.Channel, AuditOutcome.Succeeded, message), cancellationToken);
        return CommandResult.Done(message);
    }

    private async Task<CommandResult> UnfreezeAsync(Actor actor, string environment, string? reason, CancellationToken cancellationToken)
    {
        var (env, error) = resolver.Environment(environment, null);
        if (env is null)
            return await RefuseAsync(actor, "env.unfreeze", environment, environment, error!, cancellationToken);
        if (await policy.RefusalAsync(actor, env, Role.Admin, cancellationToken) is { } denied)
            return await RefuseAsync(actor, "env.unfreeze", env, env, denied, cancellationToken);
        if (await freezes.GetAsync(env, cancellationToken) is null)
            return await RefuseAsync(actor, "env.unfreeze", env, env, $"{env} is not frozen.", cancellationToken);
        await freezes.ClearAsync(env, cancellationToken);
        await WakeActiveAsync(env, cancellationToken);
        var message = $"{env} is open for deployments again ({actor.Mention}{(string.IsNullOrWhiteSpace(reason) ? "" : $": {reason}")}).";
        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), actor.Identity, "env.unfreeze", env, env, actor.Channel, AuditOutcome.Succeeded, message), cancellationToken);
        return CommandResult.Done(message);
    }

    /// <summary>Wakes the runner for every active deployment of <paramref name="environment"/>, so a freeze or its end shows at once.</summary>
    private async Task<IReadOnlyList<Deployment>> WakeActiveAsync(string environment, CancellationToken cancellationToken)
    {
        var active = (await store.ListActiveAsync(cancellationToken)).Where(d => d.Target.Environment == environment).ToList();
        foreach (var d in active)
            signal.Wake(d.Id);
        return active;
    }

    private async Task<(IReadOnlyList<string>? Environments, string? Error)> ViewableAsync(
        Actor actor, string? function, string? environment, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> candidates;
        if (environment is not null || options.CurrentValue.BoundEnvironment(actor.Platform, actor.Channel) is not null)
        {
            var (env, error) = resolver.Environment(environment, actor);
            if (env is null)
                return (null, error);
            candidates = [env];
        }
        else
        {
            candidates = [.. options.CurrentValue.Environments
                .Where(e => function is null || e.Value.Functions.ContainsKey(function))
                .Select(e => e.Key)];
            if (candidates.Count == 0)
                return (null, resolver.Function(function!, null, null).Error);
        }
        var viewable = new List<string>();
        foreach (var env in candidates)
        {
            if (await policy.RefusalAsync(actor, env, Role.Viewer, cancellationToken) is null)
                viewable.Add(env);
        }
        return viewable.Count > 0
            ? (viewable, null)
            : (null, await policy.RefusalAsync(actor, candidates[0], Role.Viewer, cancellationToken));
    }
}
