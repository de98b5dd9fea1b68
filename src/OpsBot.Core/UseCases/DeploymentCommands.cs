using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Core.Access;
using OpsBot.Core.Commands;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;

namespace OpsBot.Core.UseCases;

/// <summary>
/// The use cases behind /deploy and /rollback: each checks access, applies once per request key, serializes on the
/// deployment, acts through <see cref="DeploymentWorkflow"/>, commits, then wakes the runner, which does the AWS work.
/// Every outcome, refusals included, is audited.
/// </summary>
public sealed partial class DeploymentCommands(
    IDeploymentStore store,
    IOutboxStore outbox,
    IEnvironmentFreezes freezes,
    RequestGuard guard,
    IAuditLog audit,
    AccessPolicy policy,
    EnvironmentResolver resolver,
    DeploymentLocks locks,
    ITrafficRouter router,
    IFunctionVersions versions,
    IEnumerable<IDelegatedRouter> delegatedRouters,
    IEnumerable<IFeatureFlags> featureFlags,
    IDeploymentSignal signal,
    IOptionsMonitor<OpsBotOptions> options,
    TimeProvider time,
    ILogger<DeploymentCommands> logger)
{
    private IDelegatedRouter? Delegated => delegatedRouters.FirstOrDefault();

    /// <summary>
    /// What acting on a deployment takes: the role (which may depend on the deployment). Whether the action moves
    /// traffic forward (refused while frozen, and never granted by a stale group membership) is the action's own
    /// <see cref="DeploymentActions.MakesSafer"/>.
    /// </summary>
    private sealed record ActionRule(DeploymentAction Action, Func<Deployment, Role> Role)
    {
        public string Name => "deploy." + Action.ToString().ToLowerInvariant();

        public bool Forward => !Action.MakesSafer();
    }

    private static readonly ActionRule ApproveRule = new(DeploymentAction.Approve, _ => Role.Approver);
    private static readonly ActionRule RejectRule = new(DeploymentAction.Reject, _ => Role.Approver);

    /// <summary>
    /// Promote passes a gate (approver); a step held only because its bake saw too little traffic, in an environment
    /// without gates, may be moved on by a deployer.
    /// </summary>
    private static readonly ActionRule PromoteRule = new(DeploymentAction.Promote,
        d => d.EvidenceShortfall is not null && !d.Gates.PromotionApproval && !d.Gates.StartApproval ? Role.Deployer : Role.Approver);

    private static readonly ActionRule PauseRule = new(DeploymentAction.Pause, _ => Role.Deployer);
    private static readonly ActionRule ResumeRule = new(DeploymentAction.Resume, _ => Role.Deployer);
    private static readonly ActionRule RollbackRule = new(DeploymentAction.Rollback, _ => Role.Deployer);

    /// <summary>
    /// Acts on one deployment: approve, reject, promote, pause, resume, or roll it back (for CodeDeploy: stop it with
    /// rollback; never blocked by four eyes or a freeze). A click carries the state version its card showed.
    /// </summary>
    public Task<CommandResult> ActAsync(RequestContext context, ActCommand command, CancellationToken cancellationToken)
    {
        var actor = context.Actor;
        var reason = command.Reason;
        return command.Action switch
        {
            DeploymentAction.Approve => ActAsync(context, command, ApproveRule, w => w.Approve(actor), cancellationToken),
            DeploymentAction.Reject => ActAsync(context, command, RejectRule, w => w.Reject(actor, reason), cancellationToken),
            DeploymentAction.Promote => ActAsync(context, command, PromoteRule, w => w.Promote(actor), cancellationToken),
            DeploymentAction.Pause => ActAsync(context, command, PauseRule, w => w.Pause(actor, reason ?? ""), cancellationToken),
            DeploymentAction.Resume => ActAsync(context, command, ResumeRule, w => w.Resume(actor), cancellationToken),
            DeploymentAction.Rollback => ActAsync(context, command, RollbackRule, w => w.RollBack(actor, reason), cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.Action, null),
        };
    }

    private Task<CommandResult> ActAsync(RequestContext context, ActCommand command, ActionRule rule,
        Func<DeploymentWorkflow, TransitionResult> intent, CancellationToken cancellationToken) =>
        OnceAsync(context.RequestKey, async () =>
        {
            var actor = context.Actor;
            var action = rule.Name;
            using var _ = await locks.AcquireAsync(command.DeploymentId, cancellationToken);
            var d = await store.GetAsync(command.DeploymentId, cancellationToken);
            if (d is null)
                return await RefuseAsync(actor, action, null, command.DeploymentId, $"There is no deployment {CommandText.Echo(command.DeploymentId)}.", cancellationToken);
            var env = d.Target.Environment;
            if (await policy.RefusalAsync(actor, env, rule.Role(d), cancellationToken, safe: !rule.Forward) is { } denied)
                return await RefuseAsync(actor, action, env, d.Id, denied, cancellationToken);
            if (command.ExpectedVersion is { } expected && expected != d.StateVersion)
                return await RefuseAsync(actor, action, env, d.Id,
                    $"That card was out of date: deployment {d.Id} is now {d.State.Describe()}. Nothing was changed.", cancellationToken);
            if (rule.Forward && await freezes.GetAsync(env, cancellationToken) is { } freeze)
                return await RefuseAsync(actor, action, env, d.Id,
                    $"{Frozen(freeze)} Deployment {d.Id} holds where it is until the freeze is lifted; rolling back, pausing and rejecting still work.",
                    cancellationToken);

            var workflow = new DeploymentWorkflow(d, time);
            var result = intent(workflow);
            if (!result.IsApplied)
                return await RefuseAsync(actor, action, env, d.Id, result.Message, cancellationToken);
            try
            {
                await store.SaveAsync(d, workflow.Changes, cancellationToken);
            }
            catch (ConcurrencyException)
            {
                return await RefuseAsync(actor, action, env, d.Id,
                    $"Deployment {d.Id} changed while this was being applied; nothing was changed. Look at its card and try again.", cancellationToken);
            }
            signal.Wake(d.Id);
            return CommandResult.Done(result.Message, d);
        }, cancellationToken);

    /// <summary>"prod is frozen by ⟦@slack:U0ERIN⟧ since 2026-12-03 10:00 UTC: end-of-year freeze."</summary>
    private static string Frozen(Freeze freeze) =>
        $"{freeze.Environment} is frozen by {ChatRefs.Person(freeze.By)} since {freeze.At:yyyy-MM-dd HH:mm} UTC: {freeze.Reason}.";

    /// <summary>
    /// A use case on one configured function, once per request key: resolves the function (an unknown one is refused,
    /// audited) and runs <paramref name="run"/> with it and a refusal that is audited against it.
    /// </summary>
    private Task<CommandResult> OnFunctionAsync(RequestContext context, string action, string function, string? environment,
        Func<ResolvedFunction, Func<string, Task<CommandResult>>, Task<CommandResult>> run, CancellationToken cancellationToken) =>
        OnceAsync(context.RequestKey, async () =>
        {
            var actor = context.Actor;
            var (fn, error) = resolver.Function(function, environment, actor);
            if (fn is null)
                return await RefuseAsync(actor, action, environment, function, error!, cancellationToken);
            return await run(fn, message => RefuseAsync(actor, action, fn.Environment, fn.Function, message, cancellationToken));
        }, cancellationToken);

    private Task<CommandResult> OnceAsync(string? key, Func<Task<CommandResult>> run, CancellationToken cancellationToken) =>
        guard.OnceAsync(key, run, cancellationToken);

    private Task<CommandResult> RefuseAsync(Actor actor, string action, string? environment, string? subject, string message,
        CancellationToken cancellationToken) =>
        guard.RefuseAsync(actor, action, environment, subject, message, cancellationToken);
}
