using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Incidents;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Runner;

/// <summary>
/// What time does to open incidents, once per poll: their alarms are read back (one DescribeAlarms for all: CloudWatch
/// notifies only on transitions with actions, so a missed OK or ALARM is caught here); one nobody acknowledged within
/// its environment's <c>EscalateAfter</c> is escalated (a page, and the on-call group mentioned in its thread); one
/// recovered for <c>AutoResolveAfter</c> resolves itself with its summary. Each under its id's lock, reloaded, saved
/// with its notices.
/// </summary>
public sealed class IncidentReconciler(
    IIncidentStore store,
    IAlarmSource alarms,
    IDeploymentStore deployments,
    DeploymentLocks locks,
    IOptionsMonitor<OpsBotOptions> options,
    TimeProvider time,
    ILogger<IncidentReconciler> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var open = await store.ListOpenAsync(cancellationToken);
        if (open.Count == 0)
            return;
        await FollowAlarmsAsync(open, cancellationToken);
        await LinkRollbacksAsync(open, cancellationToken);
        foreach (var listed in await store.ListOpenAsync(cancellationToken))
        {
            if (!options.CurrentValue.Environments.TryGetValue(listed.Environment, out var env) || !IsDue(listed, env.Incidents))
                continue;
            using var _ = await locks.AcquireAsync(listed.Id, cancellationToken);
            try
            {
                if (await store.GetAsync(listed.Id, cancellationToken) is not { } incident || !IsDue(incident, env.Incidents))
                    continue;
                var workflow = new IncidentWorkflow(incident, time);
                var done = incident.State == IncidentState.Recovered
                    ? workflow.Resolve(Actor.System, $"recovered for {DeploymentWorkflow.Format(env.Incidents.AutoResolveAfter)}")
                    : workflow.Escalate(env.Incidents.OnCall);
                if (done.IsApplied)
                    await store.SaveAsync(incident, workflow.Changes, cancellationToken);
            }
            catch (IncidentConcurrencyException e)
            {
                logger.LogInformation("{Message}; the next poll looks again", e.Message);
            }
        }
    }

    /// <summary>Each open incident's alarm as CloudWatch has it now: OK recovers an alarming one, ALARM re-opens a recovered one.</summary>
    private async Task FollowAlarmsAsync(IReadOnlyList<Incident> open, CancellationToken cancellationToken)
    {
        var environments = options.CurrentValue.Environments;
        var queries = open.Where(i => environments.ContainsKey(i.Environment))
            .ToDictionary(i => i.Id, i => new AlarmQuery(i.Environment, i.AlarmName, environments[i.Environment].Region, environments[i.Environment].RoleArn));
        IReadOnlyDictionary<AlarmQuery, AlarmStatus> states;
        try
        {
            states = await alarms.GetAsync([.. queries.Values.Distinct()], cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The alarms of {Count} open incidents could not be read; the next poll tries again", queries.Count);
            return;
        }
        foreach (var (id, query) in queries)
        {
            if (!states.TryGetValue(query, out var status))
                continue;
            using var _ = await locks.AcquireAsync(id, cancellationToken);
            if (await store.GetAsync(id, cancellationToken) is not { } incident || !incident.IsOpen)
                continue;
            var workflow = new IncidentWorkflow(incident, time);
            var done = (status.State, incident.State) switch
            {
                (AlarmState.Ok, IncidentState.Open or IncidentState.Acknowledged) => workflow.Recovered(time.GetUtcNow()),
                (AlarmState.Alarm, IncidentState.Recovered) => workflow.Realarmed(status.Reason, time.GetUtcNow()),
                _ => IncidentTransition.Refused("unchanged"),
            };
            try
            {
                if (done.IsApplied)
                    await store.SaveAsync(incident, workflow.Changes, cancellationToken);
            }
            catch (IncidentConcurrencyException e)
            {
                logger.LogInformation("{Message}; the next poll looks again", e.Message);
            }
        }
    }

    /// <summary>
    /// A rollback whose reason names an open incident (the card's Roll back after a confirmation, or a person's
    /// <c>/rollback … --reason "incident inc-…"</c>) is recorded on it once, for its summary.
    /// </summary>
    private async Task LinkRollbacksAsync(IReadOnlyList<Incident> open, CancellationToken cancellationToken)
    {
        foreach (var listed in open.Where(i => i.Function is not null))
        {
            var rollbacks = (await deployments.ListAsync(new DeploymentQuery(listed.Environment, listed.Function, 10), cancellationToken))
                .Where(d => d.Kind == DeploymentKind.Rollback && d.CreatedAt >= listed.OpenedAt &&
                            d.RequestReason?.Contains(listed.Id, StringComparison.Ordinal) == true &&
                            listed.Steps.All(s => !s.Text.EndsWith($"({d.Id})", StringComparison.Ordinal)))
                .ToList();
            if (rollbacks.Count == 0)
                continue;
            using var _ = await locks.AcquireAsync(listed.Id, cancellationToken);
            if (await store.GetAsync(listed.Id, cancellationToken) is not { IsOpen: true } incident)
                continue;
            var workflow = new IncidentWorkflow(incident, time);
            var applied = rollbacks.Count(d => workflow.RolledBack(new Actor(d.RequestedBy), d.Id, d.StableVersion).IsApplied);
            try
            {
                if (applied > 0)
                    await store.SaveAsync(incident, workflow.Changes, cancellationToken);
            }
            catch (IncidentConcurrencyException e)
            {
                logger.LogInformation("{Message}; the next poll looks again", e.Message);
            }
        }
    }

    private bool IsDue(Incident i, IncidentOptions o)
    {
        var now = time.GetUtcNow();
        return i.State switch
        {
            IncidentState.Open => i.EscalatedAt is null && now - i.OpenedAt >= o.EscalateAfter,
            IncidentState.Recovered => i.RecoveredAt is { } at && now - at >= o.AutoResolveAfter,
            _ => false,
        };
    }
}
