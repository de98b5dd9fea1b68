using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Health;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Runner;

/// <summary>
/// Advances one deployment from where AWS actually is: acts on the committed state (shift, mirror, watch, restore),
/// commits what it decided, and acts again at once when the new state asks for it. Persist, then act: every traffic
/// call follows a committed state that owns it. The caller holds the deployment's lock.
/// </summary>
public sealed partial class DeploymentReconciler(
    IDeploymentStore store,
    DeploymentLocks locks,
    ITrafficRouter router,
    IEnumerable<IDelegatedRouter> delegatedRouters,
    IOptionsMonitor<OpsBotOptions> options,
    TimeProvider time,
    ILogger<DeploymentReconciler> logger)
{
    private const int MaxRoundsPerAdvance = 8;

    private RunnerOptions Runner => options.CurrentValue.Runner;

    private IDelegatedRouter? Delegated => delegatedRouters.FirstOrDefault();

    /// <summary>
    /// Advances <paramref name="d"/>. <paramref name="inputs"/> is this poll's health reading; null when health is not
    /// judged this time (a wake-up after a person's action), in which case only traffic actions are taken.
    /// <paramref name="freeze"/> is the freeze of its environment, if any: it holds the deployment where it is.
    /// </summary>
    /// <remarks>
    /// Each round is one step (a few AWS calls) and its commit. A person waiting for this deployment's lock (a
    /// rollback, a pause) goes next: the rounds stop, and the next wake-up or poll continues from what they committed.
    /// </remarks>
    public async Task AdvanceAsync(Deployment d, HealthInputs? inputs, Freeze? freeze, CancellationToken cancellationToken)
    {
        for (var round = 0; round < MaxRoundsPerAdvance && d.IsActive; round++)
        {
            var workflow = new DeploymentWorkflow(d, time);
            var before = d.State;
            ApplyFreeze(workflow, freeze);
            var touched = await StepAsync(workflow, inputs, cancellationToken);
            inputs = null; // health is judged once per poll
            if (touched || !workflow.Changes.IsEmpty)
            {
                try
                {
                    await store.SaveAsync(d, workflow.Changes, cancellationToken);
                }
                catch (ConcurrencyException e)
                {
                    // Another process moved it on; the next poll starts from what it committed.
                    logger.LogWarning("{Message}", e.Message);
                    return;
                }
            }
            if (d.State == before || !ActsAtOnce(d) || locks.IsWanted(d.Id))
                return;
        }
    }

    /// <summary>Records a freeze's hold on a deployment it can hold, and lets it go when the freeze is lifted.</summary>
    private static void ApplyFreeze(DeploymentWorkflow w, Freeze? freeze)
    {
        if (freeze is not null && DeploymentWorkflow.CanBeHeld(w.Deployment))
            w.HoldForFreeze(freeze.By, freeze.Reason);
        else if (freeze is null)
            w.ReleaseFreezeHold();
    }

    /// <summary>An alarm that guards <paramref name="d"/> went into ALARM: roll back now, without waiting for a poll.</summary>
    /// <param name="guards">The caller found that the alarm guards this deployment (its dimensions name the new version); else only its configured alarms do.</param>
    public async Task RollBackForAlarmAsync(Deployment d, AlarmStatus alarm, CancellationToken cancellationToken, bool guards = false)
    {
        if (alarm.State != AlarmState.Alarm || (!guards && !d.Alarms.Contains(alarm.Name)))
            return;
        var workflow = new DeploymentWorkflow(d, time);
        var reason = $"alarm {alarm.Name} is in ALARM{(alarm.Reason is null ? "" : $": {alarm.Reason}")}";
        var result = workflow.AutoRollBack(reason, new Dictionary<string, string> { ["alarm"] = alarm.Name, ["state"] = "ALARM", ["reason"] = alarm.Reason ?? "" },
            errorsCaused: true);
        if (!result.IsApplied)
            return;
        await store.SaveAsync(d, workflow.Changes, cancellationToken);
        await AdvanceAsync(d, null, null, cancellationToken);
    }

    private bool ActsAtOnce(Deployment d) => d.State switch
    {
        DeploymentState.Shifting or DeploymentState.Promoting or DeploymentState.RollingBack => true,
        DeploymentState.Baking => d.CurrentStep?.Bake == TimeSpan.Zero && d.Engine == DeploymentEngine.Alias,
        _ => false,
    };

    private Task<bool> StepAsync(DeploymentWorkflow w, HealthInputs? inputs, CancellationToken cancellationToken)
    {
        var d = w.Deployment;
        return d.State switch
        {
            DeploymentState.AwaitingApproval => Task.FromResult(ExpireApproval(w)),
            DeploymentState.Shifting or DeploymentState.Promoting => d.Engine == DeploymentEngine.Alias
                ? ShiftAliasAsync(w, cancellationToken)
                : MirrorDelegatedAsync(w, cancellationToken),
            DeploymentState.Baking or DeploymentState.AwaitingPromotion or DeploymentState.Paused => WatchAsync(w, inputs, cancellationToken),
            DeploymentState.RollingBack => RestoreAsync(w, cancellationToken),
            DeploymentState.RollbackFailed => Task.FromResult(w.Repage(Runner.RepageInterval)),
            _ => Task.FromResult(false),
        };
    }

    private bool ExpireApproval(DeploymentWorkflow w)
    {
        var d = w.Deployment;
        if (time.GetUtcNow() - d.StateSince < d.Gates.ApprovalTimeout)
            return false;
        w.ExpireApproval();
        return true;
    }

    /// <summary>Health (and, on the alias engine, ownership of the alias) while traffic is on the new version.</summary>
    private async Task<bool> WatchAsync(DeploymentWorkflow w, HealthInputs? inputs, CancellationToken cancellationToken)
    {
        var d = w.Deployment;
        var now = time.GetUtcNow();
        if (inputs is not null)
        {
            if (d.Engine == DeploymentEngine.Alias && d.State != DeploymentState.Paused && await DriftedAsync(w, cancellationToken))
                return true;
            if (d.Engine == DeploymentEngine.CodeDeploy && d.State == DeploymentState.Baking)
            {
                var state = d.State;
                await MirrorDelegatedAsync(w, cancellationToken);
                if (d.State != state && d.State != DeploymentState.Baking)
                    return true;
            }

            var judgement = HealthAnalyzer.Evaluate(d, inputs, Runner.MetricPeriodSeconds, now);
            var report = judgement.Report;
            w.RecordHealth(judgement);
            switch (report.Verdict)
            {
                case HealthVerdict.Breach:
                    w.AutoRollBack(report.Summary, report.Data(), errorsCaused: report.Checks.Any(c =>
                        c.Status == CheckStatus.Fail && (c.Name == "error rate" || c.Name.StartsWith("alarm ", StringComparison.Ordinal))));
                    return true;
                case HealthVerdict.Unreadable:
                    ProviderTrouble(w, report.Summary);
                    return true;
                default:
                    w.ProviderAnswered();
                    break;
            }
        }

        var timeout = d.Gates.PromotionTimeout;
        if (d.State == DeploymentState.AwaitingPromotion && now - d.StateSince >= timeout)
        {
            w.AutoRollBack(d.EvidenceShortfall is { } shortfall
                ? $"{shortfall}, and nobody moved it on within {DeploymentWorkflow.Format(timeout)}"
                : $"not promoted within {DeploymentWorkflow.Format(timeout)}{HeldText(d)}");
            return true;
        }
        if (d.State == DeploymentState.Baking && d.FreezeHold is { } hold && now - hold.Since >= timeout)
        {
            w.AutoRollBack($"held by a freeze since {hold.Since:yyyy-MM-dd HH:mm} UTC ({ChatRefs.Person(hold.By)}: {hold.Reason}), longer than {DeploymentWorkflow.Format(timeout)}");
            return true;
        }
        if (d.State == DeploymentState.Baking && d.Engine == DeploymentEngine.Alias && d.CurrentStep is { } step &&
            d.BakeStartedAt is { } started && now - started >= step.Bake && (inputs is not null || step.Bake == TimeSpan.Zero) &&
            !w.HeldByFreeze)
        {
            w.CompleteBake(d.Health.Last?.Summary ?? "no checks");
            return true;
        }
        return inputs is not null;
    }

    private static string HeldText(Deployment d) => d.FreezeHold is { } hold
        ? $" (held by a freeze since {hold.Since:yyyy-MM-dd HH:mm} UTC, {ChatRefs.Person(hold.By)}: {hold.Reason})"
        : "";

    /// <summary>A provider could not be read or called: the workflow holds, and pauses or pages after <see cref="RunnerOptions.MaxProviderErrors"/> polls.</summary>
    private void ProviderTrouble(DeploymentWorkflow w, string what) => w.ProviderFailed(what, Runner.MaxProviderErrors);
}
