using OpsBot.Core.Identity;

namespace OpsBot.Core.Ports;

public sealed record AuditQuery(string? Environment = null, string? Subject = null, string? Actor = null, int Limit = 100);

/// <summary>Every action and automatic decision. Changes to deployments are audited in the same commit through <c>DeploymentChanges</c>; this is for the rest (refusals, queries of note, freezes).</summary>
public interface IAuditLog
{
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken);
}
