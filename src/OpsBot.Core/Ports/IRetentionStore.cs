namespace OpsBot.Core.Ports;

/// <summary>How many rows a purge removed, by kind.</summary>
public sealed record PurgedRows(int Notices, int Samples, int IdempotencyKeys, int AuditEntries)
{
    public int Total => Notices + Samples + IdempotencyKeys + AuditEntries;
}

/// <summary>Forgets what is done and old, so the store does not grow without end.</summary>
public interface IRetentionStore
{
    /// <summary>
    /// Deletes notices delivered or given up before <paramref name="before"/> (never one still pending), health samples
    /// of finished deployments from periods before it, idempotency keys claimed before it, and audit entries before
    /// <paramref name="auditBefore"/>.
    /// </summary>
    Task<PurgedRows> PurgeAsync(DateTimeOffset before, DateTimeOffset auditBefore, CancellationToken cancellationToken);
}
