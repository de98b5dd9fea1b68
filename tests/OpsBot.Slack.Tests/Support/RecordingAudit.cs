using System.Collections.Concurrent;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;

namespace OpsBot.Slack.Tests.Support;

/// <summary>An audit log in memory.</summary>
public sealed class RecordingAudit : IAuditLog
{
    public ConcurrentQueue<AuditEntry> Entries { get; } = new();

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        Entries.Enqueue(entry);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>([.. Entries.Reverse()]);
}
