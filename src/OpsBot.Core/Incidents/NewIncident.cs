using System.Security.Cryptography;
using OpsBot.Core.Identity;

namespace OpsBot.Core.Incidents;

/// <summary>The alarm that opens an incident: its name and ARN, CloudWatch's reason, when it went to ALARM, what it watches.</summary>
public sealed record IncidentAlarm(string Name, string Arn, string? Reason, DateTimeOffset At, string? Metric);

/// <summary>What OpsBot knows about the function an alarm watches when it opens an incident.</summary>
public sealed record IncidentContext(string? Function, string? Alias, string? Channel, string? Routing, string? Suspect,
    string? RollbackVersion, string? DeploymentId)
{
    /// <summary>The environment's flags that are on (offered to turn off).</summary>
    public IReadOnlyList<string> FlagsOn { get; init; } = [];
}

/// <summary>Builds new incidents: the one place an <see cref="Incident"/> is created.</summary>
public static class NewIncident
{
    /// <summary>An incident opened by <paramref name="alarm"/>, its root message and a page recorded in the returned workflow's changes.</summary>
    public static IncidentWorkflow Open(string environment, IncidentAlarm alarm, IncidentContext context, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var incident = new Incident
        {
            Id = Incident.IdPrefix + RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyz23456789", 6),
            Environment = environment,
            AlarmName = alarm.Name,
            AlarmArn = alarm.Arn,
            Function = context.Function,
            Alias = context.Alias,
            Channel = context.Channel,
            Metric = alarm.Metric is null ? null : ChatRefs.Clean(alarm.Metric),
            Routing = context.Routing,
            Suspect = context.Suspect,
            RollbackVersion = context.RollbackVersion,
            DeploymentId = context.DeploymentId,
            FlagsOn = context.FlagsOn,
            OpenedAt = now,
            Reason = alarm.Reason is null ? null : ChatRefs.Clean(alarm.Reason),
            LastAlarmAt = alarm.At,
        };
        var workflow = new IncidentWorkflow(incident, time);
        var what = context.Function is null ? environment : $"{context.Function} ({environment})";
        workflow.Open($"Incident {incident.Id}: {alarm.Name} is in ALARM on {what}" +
                      (incident.Reason is null ? "." : $": {incident.Reason}") +
                      (context.Suspect is null ? "" : $" {context.Suspect}."));
        return workflow;
    }
}
