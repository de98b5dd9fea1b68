using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Core.Alarms;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Incidents;
using OpsBot.Core.Ports;
using OpsBot.Core.Runner;

namespace OpsBot.Core.UseCases;

/// <summary>
/// Alarms pushed in (SNS): an ALARM that guards a deployment in flight — one of its configured <c>Alarms</c>, or an
/// alarm whose dimensions name the function and the new version — rolls it back at once; any other ALARM on the
/// environment opens an incident (or joins the open one of the same alarm within <c>IncidentWindow</c>), linked to a
/// deployment in flight on the function when there is one. OK recovers the open incident; INSUFFICIENT_DATA is a
/// thread line. Everything is committed before it returns.
/// </summary>
public sealed class AlarmIntake(
    IDeploymentStore deployments,
    IIncidentStore incidents,
    DeploymentRunner runner,
    ITrafficRouter router,
    IEnumerable<IFeatureFlags> featureFlags,
    DeploymentLocks locks,
    IOptionsMonitor<OpsBotOptions> options,
    TimeProvider time,
    ILogger<AlarmIntake> logger) : IAlarmIntake
{
    public string? EnvironmentOf(string topicArn) =>
        options.CurrentValue.Environments.FirstOrDefault(e => e.Value.AlarmTopicArns.Contains(topicArn, StringComparer.Ordinal)).Key;

    public async Task<AlarmOutcome> ReceiveAsync(AlarmEvent alarm, CancellationToken cancellationToken)
    {
        var env = EnvironmentOf(alarm.TopicArn) ?? throw new ArgumentException($"No environment takes alarms from {alarm.TopicArn}.", nameof(alarm));
        var envOptions = options.CurrentValue.Environments[env];
        var function = alarm.Dimension("FunctionName") is { } named && envOptions.Functions.ContainsKey(named)
            ? named
            : envOptions.Functions.FirstOrDefault(f => f.Value.Alarms.Contains(alarm.AlarmName, StringComparer.Ordinal)).Key;

        if (alarm.NewState == AlarmState.Alarm)
        {
            var active = (await deployments.ListActiveAsync(cancellationToken)).Where(d => d.Target.Environment == env).ToList();
            var guarded = active.Where(d => Guards(d, alarm)).Select(d => d.Id).ToList();
            if (guarded.Count > 0)
            {
                logger.LogWarning("Alarm {Alarm} in ALARM guards {Deployments}: rolling back", alarm.AlarmName, string.Join(", ", guarded));
                await runner.PushAlarmAsync(new AlarmStatus(alarm.AlarmName, AlarmState.Alarm, alarm.Reason), guarded, cancellationToken);
                return AlarmOutcome.RolledBack;
            }
            var inFlight = function is null ? null : active.FirstOrDefault(d => d.Target.Function == function);
            return await AlarmedAsync(env, envOptions, function, inFlight, alarm, cancellationToken);
        }

        using var _ = await locks.AcquireAsync(LockKey(alarm), cancellationToken);
        if (await OpenIncidentAsync(env, alarm, cancellationToken) is not { } incident)
            return AlarmOutcome.Ignored;
        var workflow = new IncidentWorkflow(incident, time);
        var done = alarm.NewState == AlarmState.Ok ? workflow.Recovered(alarm.StateChangeTime) : workflow.InsufficientData(alarm.Reason);
        if (!done.IsApplied)
            return AlarmOutcome.Ignored;
        await incidents.SaveAsync(incident, workflow.Changes, cancellationToken);
        runner.Wake(incident.Id);
        return AlarmOutcome.IncidentUpdated;
    }

    /// <summary>A deployment's own alarm, or one whose dimensions name its function and its new version.</summary>
    private static bool Guards(Deployment d, AlarmEvent alarm) =>
        d.Alarms.Contains(alarm.AlarmName, StringComparer.Ordinal) ||
        (alarm.Dimension("FunctionName") == d.Target.Function &&
         (alarm.Dimension("ExecutedVersion") == d.TargetVersion || alarm.Dimension("Resource") == $"{d.Target.Function}:{d.TargetVersion}"));

    private async Task<AlarmOutcome> AlarmedAsync(string env, EnvironmentOptions envOptions, string? function, Deployment? inFlight,
        AlarmEvent alarm, CancellationToken cancellationToken)
    {
        using var _ = await locks.AcquireAsync(LockKey(alarm), cancellationToken);
        if (await OpenIncidentAsync(env, alarm, cancellationToken) is { } open &&
            time.GetUtcNow() - open.LastAlarmAt <= envOptions.Incidents.IncidentWindow)
        {
            var joined = new IncidentWorkflow(open, time);
            joined.Realarmed(alarm.Reason is null ? null : ChatRefs.Clean(alarm.Reason), alarm.StateChangeTime);
            await incidents.SaveAsync(open, joined.Changes, cancellationToken);
            runner.Wake(open.Id);
            return AlarmOutcome.IncidentUpdated;
        }

        var context = await ContextAsync(env, envOptions, function, inFlight, cancellationToken);
        var workflow = NewIncident.Open(env, new IncidentAlarm(alarm.AlarmName, alarm.AlarmArn, alarm.Reason, alarm.StateChangeTime, alarm.Trigger?.Describe()),
            context, time);
        await incidents.CreateAsync(workflow.Incident, workflow.Changes, cancellationToken);
        logger.LogWarning("Alarm {Alarm} in ALARM in {Environment} guards no deployment: incident {Incident}", alarm.AlarmName, env, workflow.Incident.Id);
        runner.Wake(workflow.Incident.Id);
        return AlarmOutcome.IncidentOpened;
    }

    /// <summary>The function's channel, what its alias routes, its last release (a likely suspect) and the version a rollback would go to.</summary>
    private async Task<IncidentContext> ContextAsync(string env, EnvironmentOptions envOptions, string? function, Deployment? inFlight,
        CancellationToken cancellationToken)
    {
        var channel = envOptions.Incidents.Channel ?? envOptions.AllowedChannels.FirstOrDefault();
        var flagsOn = await FlagsOnAsync(env, cancellationToken);
        if (function is null)
            return new IncidentContext(null, null, channel, null, null, null, null) { FlagsOn = flagsOn };
        var fn = envOptions.Functions[function];
        var target = new ResolvedFunction(env, envOptions, function, fn).Target;
        string? routing = null;
        AliasTraffic? traffic = null;
        try
        {
            traffic = await router.ReadAsync(target, cancellationToken);
            routing = traffic.ToString();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The alias of {Function} could not be read for an incident", function);
        }
        var last = (await deployments.ListAsync(new DeploymentQuery(env, function, 10), cancellationToken))
            .FirstOrDefault(d => d.Kind == DeploymentKind.Release && d.State == DeploymentState.Succeeded);
        string? suspect = null, rollbackTo = null;
        if (last is not null && traffic?.PrimaryVersion == last.TargetVersion)
        {
            var ago = DeploymentWorkflow.Format(time.GetUtcNow() - (last.CompletedAt ?? last.CreatedAt));
            suspect = $"version {last.TargetVersion} went live {ago} ago by {ChatRefs.Person(last.RequestedBy)} ({last.Id}) — a likely suspect";
            rollbackTo = last.StableVersion;
        }
        return new IncidentContext(function, fn.Alias, fn.Channel ?? channel, routing, suspect, rollbackTo, inFlight?.Id) { FlagsOn = flagsOn };
    }

    /// <summary>The environment's flags that are on as deployed; none when it has no flags or they cannot be read (the incident opens anyway).</summary>
    private async Task<IReadOnlyList<string>> FlagsOnAsync(string env, CancellationToken cancellationToken)
    {
        if (FlagChangeReconciler.StoreOf(options.CurrentValue, env) is not { } place || featureFlags.FirstOrDefault() is not { } flags)
            return [];
        try
        {
            return [.. (await flags.ReadAsync(place, cancellationToken)).Flags.Where(f => f.Enabled).Select(f => f.Name).Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "The flags of {Environment} could not be read for an incident", env);
            return [];
        }
    }

    private async Task<Incident?> OpenIncidentAsync(string env, AlarmEvent alarm, CancellationToken cancellationToken) =>
        (await incidents.ListOpenAsync(cancellationToken)).LastOrDefault(i => i.Environment == env && i.AlarmArn == alarm.AlarmArn) is { } listed
            ? await incidents.GetAsync(listed.Id, cancellationToken)
            : null;

    /// <summary>Deliveries of one alarm are taken one at a time, so two cannot open two incidents.</summary>
    private static string LockKey(AlarmEvent alarm) => $"alarm:{alarm.AlarmArn}";
}
