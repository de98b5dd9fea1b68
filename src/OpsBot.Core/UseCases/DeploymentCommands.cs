using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Core.Access;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Core.UseCases;

/// <summary>Asks the runner to act on a deployment now rather than at its next poll (after a committed change).</summary>
public interface IDeploymentSignal
{
    void Wake(string deploymentId);
}

/// <summary>
/// The use cases behind /deploy and /rollback: each checks access, applies once per request key, serializes on the
/// deployment, acts through <see cref="DeploymentWorkflow"/>, commits, then wakes the runner, which does the AWS work.
/// Every outcome, refusals included, is audited.
/// </summary>
public sealed partial class DeploymentCommands(
    IDeploymentStore store,
    IEnvironmentFreezes freezes,
    IIdempotencyStore idempotency,
    IAuditLog audit,
    AccessPolicy policy,
    EnvironmentResolver resolver,
    DeploymentLocks locks,
    ITrafficRouter router,
    IFunctionVersions versions,
    IEnumerable<IDelegatedRouter> delegatedRouters,
    IDeploymentSignal signal,
    IOptionsMonitor<OpsBotOptions> options,
    TimeProvider time,
    ILogger<DeploymentCommands> logger)
{
    private IDelegatedRouter? Delegated => delegatedRouters.FirstOrDefault();

    public Task<CommandResult> ApproveAsync(DeploymentRequest request, CancellationToken cancellationToken) =>
        ActAsync(request, Role.Approver, "deploy.approve", w => w.Approve(request.Actor), cancellationToken);

    public Task<CommandResult> RejectAsync(DeploymentRequest request, CancellationToken cancellationToken) =>
        ActAsync(request, Role.Approver, "deploy.reject", w => w.Reject(request.Actor, request.Reason), cancellationToken);

    public Task<CommandResult> PromoteAsync(DeploymentRequest request, CancellationToken cancellationToken) =>
        ActAsync(request, Role.Approver, "deploy.promote", w => w.Promote(request.Actor), cancellationToken);

    public Task<CommandResult> PauseAsync(DeploymentRequest request, CancellationToken cancellationToken) =>
        ActAsync(request, Role.Deployer, "deploy.pause", w => w.Pause(request.Actor, request.Reason ?? ""), cancellationToken);

    public Task<CommandResult> ResumeAsync(DeploymentRequest request, CancellationToken cancellationToken) =>
        ActAsync(request, Role.Deployer, "deploy.resume", w => w.Resume(request.Actor), cancellationToken);

    /// <summary>Rolls one deployment back (for CodeDeploy: stops it with rollback). Never blocked by four eyes.</summary>
    public Task<CommandResult> RollbackDeploymentAsync(DeploymentRequest request, CancellationToken cancellationToken) =>
        ActAsync(request, Role.Deployer, "deploy.rollback", w => w.RollBack(request.Actor, request.Reason), cancellationToken);

    private Task<CommandResult> ActAsync(DeploymentRequest request, Role required, string action,
        Func<DeploymentWorkflow, TransitionResult> intent, CancellationToken cancellationToken) =>
        OnceAsync(request.RequestKey, async () =>
        {
            var actor = request.Actor;
            using var _ = await locks.AcquireAsync(request.DeploymentId, cancellationToken);
            var d = await store.GetAsync(request.DeploymentId, cancellationToken);
            if (d is null)
                return await RefuseAsync(actor, action, null, request.DeploymentId, $"There is no deployment {request.DeploymentId}.", cancellationToken);
            if (await policy.RefusalAsync(actor, d.Target.Environment, required, cancellationToken) is { } denied)
                return await RefuseAsync(actor, action, d.Target.Environment, d.Id, denied, cancellationToken);
            if (request.ExpectedVersion is { } expected && expected != d.StateVersion)
                return await RefuseAsync(actor, action, d.Target.Environment, d.Id,
                    $"That card was out of date: deployment {d.Id} is now {d.State.Describe()}. Nothing was changed.", cancellationToken);

            var workflow = new DeploymentWorkflow(d, time);
            var result = intent(workflow);
            if (!result.IsApplied)
                return await RefuseAsync(actor, action, d.Target.Environment, d.Id, result.Message, cancellationToken);
            try
            {
                await store.SaveAsync(d, workflow.Changes, cancellationToken);
            }
            catch (ConcurrencyException)
            {
                return await RefuseAsync(actor, action, d.Target.Environment, d.Id,
                    $"Deployment {d.Id} changed while this was being applied; nothing was changed. Look at its card and try again.", cancellationToken);
            }
            signal.Wake(d.Id);
            return CommandResult.Done(result.Message, d);
        }, cancellationToken);

    /// <summary>Runs <paramref name="run"/> once per request key; a repeat gets the first answer and changes nothing.</summary>
    private async Task<CommandResult> OnceAsync(string? key, Func<Task<CommandResult>> run, CancellationToken cancellationToken)
    {
        if (key is null)
            return await run();
        var claim = await idempotency.ClaimAsync(key, time.GetUtcNow(), cancellationToken);
        if (!claim.IsFirst)
            return new CommandResult(CommandStatus.Duplicate, claim.PreviousResult ?? "That request is already being handled.", []);
        try
        {
            var result = await run();
            await idempotency.CompleteAsync(key, result.Message, cancellationToken);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await idempotency.CompleteAsync(key, $"That request failed: {e.Message}", CancellationToken.None);
            throw;
        }
    }

    private async Task<CommandResult> RefuseAsync(Actor actor, string action, string? environment, string? subject, string message,
        CancellationToken cancellationToken)
    {
        logger.LogInformation("Refused {Action} on {Subject} for {Actor}: {Message}", action, subject, actor.Identity, message);
        await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), actor.Identity, action, environment, subject, actor.Channel,
            AuditOutcome.Refused, message), cancellationToken);
        return CommandResult.Refused(message);
    }

    private static string NewId()
    {
        const string alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
        return "dep-" + RandomNumberGenerator.GetString(alphabet, 6);
    }
}
