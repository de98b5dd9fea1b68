using OpsBot.Core.Health;
using OpsBot.Core.Identity;

namespace OpsBot.Core.Deployments;

/// <summary>Everything that is committed together with a deployment's new state: timeline, samples, outbox and audit.</summary>
public sealed class DeploymentChanges
{
    public List<DeploymentEvent> Events { get; } = [];

    public List<HealthSample> Samples { get; } = [];

    public List<Notice> Notices { get; } = [];

    public List<AuditEntry> Audit { get; } = [];

    public bool IsEmpty => Events.Count == 0 && Samples.Count == 0 && Notices.Count == 0 && Audit.Count == 0;
}
