using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Incidents;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Runner;

/// <summary>
/// What time does to open incidents, once per poll: one nobody acknowledged within its environment's
/// <c>EscalateAfter</c> is escalated (a page, and the on-call group mentioned in its thread); one recovered for
/// <c>AutoResolveAfter</c> resolves itself with its summary. Each under its id's lock, reloaded, saved with its notices.
/// </summary>
public sealed class IncidentReconciler(
    IIncidentStore store,
    DeploymentLocks locks,
    IOptionsMonitor<OpsBotOptions> options,
    TimeProvider time,
    ILogger<IncidentReconciler> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
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
