using OpsBot.Core.Identity;
using OpsBot.Core.Ports;

namespace OpsBot.Storage;

internal sealed partial class SqliteStore : IAuditLog
{
    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return WriteAsync((connection, transaction) => InsertAuditAsync(connection, transaction, entry, cancellationToken), cancellationToken);
    }

    public Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return ReadAsync("""
            SELECT at, actor, action, environment, subject, channel, outcome, detail, data
            FROM audit
            WHERE (@environment IS NULL OR environment = @environment)
              AND (@subject IS NULL OR subject = @subject)
              AND (@actor IS NULL OR actor = @actor)
            ORDER BY at DESC, id DESC
            LIMIT @limit;
            """,
            c => c.With("@environment", query.Environment).With("@subject", query.Subject).With("@actor", query.Actor).With("@limit", query.Limit),
            r => new AuditEntry(r.GetTime(0), r.GetString(1), r.GetString(2), r.GetNullableString(3), r.GetNullableString(4),
                r.GetNullableString(5), r.GetEnum<AuditOutcome>(6), r.GetString(7), StorageJson.DeserializeData(r.GetNullableString(8))),
            cancellationToken);
    }
}
