using Microsoft.Extensions.Options;
using OpsBot.Core.Access;
using OpsBot.Core.Commands;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Incidents;
using OpsBot.Core.Ports;

namespace OpsBot.Core.UseCases;

/// <summary>
/// <c>/incident</c> and the incident card's buttons. Listing needs the viewer role; acknowledging, resolving and rolling
/// back need the deployer role and no gate (they make things safer or only say who leads). A rollback from an incident
/// is an ordinary <c>/rollback</c> under its usual rules (only back to a version that was live; in a gated environment
/// with nothing in flight it asks first), its reason naming the incident, and the incident records it.
/// </summary>
public sealed class IncidentCommands(
    IIncidentStore store,
    DeploymentCommands deployments,
    RequestGuard guard,
    AccessPolicy policy,
    EnvironmentResolver resolver,
    DeploymentLocks locks,
    IDeploymentSignal signal,
    TimeProvider time)
{
    /// <summary>The most resolved incidents the list shows.</summary>
    public const int RecentResolved = 5;

    public Task<CommandResult> ListAsync(RequestContext context, IncidentListCommand command, CancellationToken cancellationToken) =>
        guard.OnceAsync(context.RequestKey, async () =>
        {
            var actor = context.Actor;
            var (env, error) = resolver.Environment(command.Environment, actor);
            if (env is null)
                return await guard.RefuseAsync(actor, "incident.list", command.Environment, null, error!, cancellationToken);
            if (await policy.RefusalAsync(actor, env, Role.Viewer, cancellationToken, safe: true) is { } denied)
                return await guard.RefuseAsync(actor, "incident.list", env, null, denied, cancellationToken);
            var recent = await store.ListAsync(env, 50, cancellationToken);
            var open = recent.Where(i => i.IsOpen).ToList();
            var lines = new List<string> { open.Count == 0 ? $"No open incident in {env}." : $"Open incidents in {env}:" };
            lines.AddRange(open.Select(Line));
            var resolved = recent.Where(i => !i.IsOpen).Take(RecentResolved).ToList();
            if (resolved.Count > 0)
            {
                lines.Add("Recently resolved:");
                lines.AddRange(resolved.Select(Line));
            }
            return CommandResult.Done(string.Join('\n', lines));
        }, cancellationToken);

    /// <summary>"• inc-k3m9x2 lambda_router-error-rate (lambda_router), open 12 min, lead bob".</summary>
    private string Line(Incident i)
    {
        var age = DeploymentWorkflow.Format(time.GetUtcNow() - i.OpenedAt);
        var lead = i.Lead is null ? "no lead" : $"lead {ChatRefs.Person(i.Lead)}";
        return i.IsOpen
            ? $"• {i.Id} {i.AlarmName}{(i.Function is null ? "" : $" ({i.Function})")}, {IncidentWorkflow.Describe(i.State)} for {age}, {lead}"
            : $"• {i.Id} {i.AlarmName}, resolved by {ChatRefs.Person(i.ResolvedBy ?? Actor.System.Identity)} at {i.ResolvedAt:yyyy-MM-dd HH:mm} UTC";
    }

    public Task<CommandResult> ActAsync(RequestContext context, IncidentActCommand command, CancellationToken cancellationToken) =>
        guard.OnceAsync(context.RequestKey, async () =>
        {
            var actor = context.Actor;
            var action = $"incident.{command.Action.ToString().ToLowerInvariant()}";
            Task<CommandResult> Refuse(string? env, string message) => guard.RefuseAsync(actor, action, env, command.IncidentId, message, cancellationToken);

            if (await store.GetAsync(command.IncidentId, cancellationToken) is not { } listed)
                return await Refuse(null, $"There is no incident {CommandText.Echo(command.IncidentId)}; /incident list shows them.");
            if (await policy.RefusalAsync(actor, listed.Environment, Role.Deployer, cancellationToken, safe: true) is { } denied)
                return await Refuse(listed.Environment, denied);
            if (command.Action == IncidentAction.RollBack)
                return await RollBackAsync(context, listed, command, cancellationToken);

            using var _ = await locks.AcquireAsync(listed.Id, cancellationToken);
            var incident = await store.GetAsync(listed.Id, cancellationToken) ?? listed;
            if (command.ExpectedVersion is { } seen && seen != incident.StateVersion)
                return await Refuse(incident.Environment, $"Incident {incident.Id} changed since that card was drawn ({IncidentWorkflow.Describe(incident.State)} now); nothing was done.");
            var workflow = new IncidentWorkflow(incident, time);
            var done = command.Action == IncidentAction.Resolve ? workflow.Resolve(actor, command.Reason) : workflow.Acknowledge(actor);
            if (!done.IsApplied)
                return await Refuse(incident.Environment, done.Message);
            await store.SaveAsync(incident, workflow.Changes, cancellationToken);
            signal.Wake(incident.Id);
            return CommandResult.Done(done.Message);
        }, cancellationToken);

    /// <summary>The card's Roll back: an ordinary rollback of the function, its reason naming the incident; recorded on the incident once it started.</summary>
    private async Task<CommandResult> RollBackAsync(RequestContext context, Incident incident, IncidentActCommand command, CancellationToken cancellationToken)
    {
        if (!incident.IsOpen || incident.Function is null || incident.RollbackVersion is null)
            return await guard.RefuseAsync(context.Actor, "incident.rollback", incident.Environment, incident.Id,
                $"Incident {incident.Id} offers no rollback ({(incident.IsOpen ? "no earlier version is known" : "it is resolved")}).", cancellationToken);
        var reason = $"incident {incident.Id}: {incident.AlarmName}" + (command.Reason is null ? "" : $" ({command.Reason})");
        var result = await deployments.RollbackAsync(context with { RequestKey = null },
            new RollbackCommand(incident.Function, incident.RollbackVersion, incident.Environment, reason) { Root = "/rollback" }, cancellationToken);
        if (result.IsDone && result.Deployment is { } rollback)
        {
            using var _ = await locks.AcquireAsync(incident.Id, cancellationToken);
            if (await store.GetAsync(incident.Id, cancellationToken) is { } current)
            {
                var workflow = new IncidentWorkflow(current, time);
                if (workflow.RolledBack(context.Actor, rollback.Id, incident.RollbackVersion).IsApplied)
                {
                    await store.SaveAsync(current, workflow.Changes, cancellationToken);
                    signal.Wake(current.Id);
                }
            }
        }
        return result;
    }
}
