using Microsoft.Extensions.Logging;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Runner;

// The traffic half: shifting the alias, noticing drift, mirroring CodeDeploy, restoring the stable version.
public sealed partial class DeploymentReconciler
{
    /// <summary>Moves the alias to the current step's weight, unless someone else has changed it since OpsBot did.</summary>
    private async Task<bool> ShiftAliasAsync(DeploymentWorkflow w, CancellationToken cancellationToken)
    {
        var d = w.Deployment;
        var step = d.CurrentStep!;
        var route = AliasRoute.Step(d.StableVersion, d.TargetVersion, step.Weight);
        try
        {
            var alias = await router.ReadAsync(d.Target, cancellationToken);
            if (alias.Matches(route))
            {
                // Already there: the shift landed before a crash, or nothing changed while paused.
                w.MarkShifted(step.Weight, alias.RevisionId);
                return true;
            }
            if (d.AliasRevision is not null && alias.RevisionId != d.AliasRevision)
            {
                w.Pause(Actor.System, DriftText(d, alias));
                return true;
            }
            var updated = await router.RouteAsync(d.Target, route, alias.RevisionId, cancellationToken);
            if (!updated.Matches(route))
            {
                ProviderTrouble(w, $"alias {d.Target.Alias} answered {updated} after being set to {step.Weight}% on version {d.TargetVersion}");
                return true;
            }
            w.MarkShifted(step.Weight, updated.RevisionId);
        }
        catch (AliasConflictException e)
        {
            // A retried UpdateAlias whose first attempt landed meets its own revision: only a different routing is drift.
            if (await ReadBackAsync(d, cancellationToken) is { } landed && landed.Matches(route))
                w.MarkShifted(step.Weight, landed.RevisionId);
            else
                w.Pause(Actor.System, $"drift: {e.Message}; OpsBot will not write over someone else's change");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Shift of {Deployment} failed", d.Id);
            ProviderTrouble(w, $"shifting alias {d.Target.Alias} to {step.Weight}% failed: {e.Message}");
        }
        return true;
    }

    /// <summary>The alias as it is now, or null when it cannot be read.</summary>
    private async Task<AliasTraffic?> ReadBackAsync(Deployment d, CancellationToken cancellationToken)
    {
        try
        {
            return await router.ReadAsync(d.Target, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Alias of {Deployment} unreadable after a RevisionId conflict", d.Id);
            return null;
        }
    }

    /// <summary>True (and paused) when the alias no longer routes what OpsBot set and someone else's revision is on it.</summary>
    private async Task<bool> DriftedAsync(DeploymentWorkflow w, CancellationToken cancellationToken)
    {
        var d = w.Deployment;
        AliasTraffic alias;
        try
        {
            alias = await router.ReadAsync(d.Target, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Alias of {Deployment} unreadable", d.Id);
            return false; // the health checks still run; an unreadable alias alone does not move anything
        }
        if (alias.RevisionId == d.AliasRevision)
            return false;
        if (alias.Matches(AliasRoute.Step(d.StableVersion, d.TargetVersion, d.Weight)))
        {
            w.AdoptAliasRevision(alias.RevisionId, alias.ToString());
            return false;
        }
        w.Pause(Actor.System, DriftText(d, alias));
        return true;
    }

    private static string DriftText(Deployment d, AliasTraffic alias) =>
        $"drift: alias {d.Target.Alias} was changed outside OpsBot and now routes {alias}, where OpsBot had set " +
        $"{d.Weight}% on version {d.TargetVersion}; OpsBot will not write over it";

    /// <summary>Restores the stable (or named) version with nothing on the new one, and verifies it by reading the alias back.</summary>
    private async Task<bool> RestoreAsync(DeploymentWorkflow w, CancellationToken cancellationToken)
    {
        var d = w.Deployment;
        var route = AliasRoute.Only(d.RestoreVersion);
        string failure;
        try
        {
            if (d.Engine == DeploymentEngine.CodeDeploy && d.ExternalId is { } id && !d.ExternalStopRequested && Delegated is { } delegated)
            {
                var status = await delegated.GetAsync(d.Target, id, cancellationToken);
                var inProgress = status.Status == DelegatedStatus.InProgress;
                if (inProgress)
                    await delegated.StopAsync(d.Target, id, rollback: true, cancellationToken);
                w.RecordExternalStop(asked: inProgress);
            }
            var alias = await router.ReadAsync(d.Target, cancellationToken);
            if (!alias.Matches(route))
            {
                try
                {
                    await router.RouteAsync(d.Target, route, alias.RevisionId, cancellationToken);
                }
                catch (AliasConflictException e)
                {
                    // Perhaps a retried write that landed, perhaps someone else: the read-back below decides.
                    logger.LogWarning("Rollback of {Deployment}: {Message}", d.Id, e.Message);
                }
            }
            var check = await router.ReadAsync(d.Target, cancellationToken);
            if (check.Matches(route))
            {
                w.ConfirmRolledBack(check.RevisionId);
                return true;
            }
            failure = $"alias {d.Target.Alias} read back as {check}, not all traffic on version {d.RestoreVersion}";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Rollback of {Deployment} failed", d.Id);
            failure = e.Message;
        }

        w.RollbackAttemptFailed(failure, Runner.MaxRollbackAttempts);
        return true;
    }

    /// <summary>
    /// The codedeploy engine: starts the CodeDeploy deployment once, then mirrors its status and the alias's weights
    /// onto the plan's steps. CodeDeploy failing or being stopped by someone is an automatic rollback (verified here).
    /// </summary>
    private async Task<bool> MirrorDelegatedAsync(DeploymentWorkflow w, CancellationToken cancellationToken)
    {
        var d = w.Deployment;
        if (Delegated is not { } delegated)
        {
            ProviderTrouble(w, "the codedeploy engine is not configured here");
            return true;
        }
        if (d.ExternalId is null)
        {
            try
            {
                w.RecordExternalStart(await delegated.StartAsync(d, cancellationToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "CodeDeploy start of {Deployment} failed", d.Id);
                ProviderTrouble(w, $"starting the CodeDeploy deployment failed: {e.Message}");
                return true;
            }
            // Mirror at once; should the commit be lost, StartAsync is idempotent per OpsBot deployment.
        }

        DelegatedDeployment status;
        AliasTraffic alias;
        try
        {
            status = await delegated.GetAsync(d.Target, d.ExternalId!, cancellationToken);
            alias = await router.ReadAsync(d.Target, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ProviderTrouble(w, $"reading CodeDeploy deployment {d.ExternalId} failed: {e.Message}");
            return true;
        }

        var weight = (int)Math.Round(alias.PercentOf(d.TargetVersion));
        switch (status.Status)
        {
            case DelegatedStatus.Failed or DelegatedStatus.Stopped:
                w.ExternalEnded($"CodeDeploy deployment {d.ExternalId} {status.Status.ToString().ToLowerInvariant()}{(status.Message is null ? "" : $": {status.Message}")}");
                return true;
            case DelegatedStatus.Succeeded:
                for (var i = 0; i < d.Plan.Steps.Count * 2 + 2 && d.State != DeploymentState.Succeeded; i++)
                {
                    if (d.State is DeploymentState.Shifting or DeploymentState.Promoting)
                        w.MarkShifted(d.CurrentStep!.Weight, alias.RevisionId);
                    else if (d.State == DeploymentState.Baking)
                        w.CompleteBake($"CodeDeploy deployment {d.ExternalId} succeeded");
                }
                return true;
        }

        if (d.State is DeploymentState.Shifting or DeploymentState.Promoting && weight > 0)
            w.MarkShifted(weight, alias.RevisionId);
        while (d.State == DeploymentState.Baking && d.StepIndex < d.Plan.LastIndex && weight >= d.Plan[d.StepIndex + 1].Weight)
        {
            w.CompleteBake($"CodeDeploy moved on to {weight}%");
            w.MarkShifted(weight, alias.RevisionId);
        }
        w.ObserveExternalWeight(weight);
        return true;
    }
}
