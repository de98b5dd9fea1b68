using Microsoft.Data.Sqlite;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;

namespace OpsBot.Storage;

internal sealed partial class SqliteStore
{
    /// <summary>Writes what is committed with a deployment: timeline, samples, outbox notices and audit.</summary>
    private async Task WriteChangesAsync(
        SqliteConnection connection, SqliteTransaction transaction, Deployment d, DeploymentChanges changes, CancellationToken cancellationToken)
    {
        foreach (var e in changes.Events)
        {
            await using var insert = connection.Command("""
                INSERT INTO deployment_events (deployment_id, at, actor, kind, from_state, to_state, message, data)
                VALUES (@deploymentId, @at, @actor, @kind, @from, @to, @message, @data);
                """, transaction)
                .With("@deploymentId", e.DeploymentId)
                .With("@at", SqliteValues.Time(e.At))
                .With("@actor", e.Actor)
                .With("@kind", e.Kind)
                .With("@from", e.From?.ToString())
                .With("@to", e.To?.ToString())
                .With("@message", e.Message)
                .With("@data", StorageJson.SerializeData(e.Data));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var s in changes.Samples)
        {
            // A period read again (late CloudWatch data) replaces what was stored for it.
            await using var upsert = connection.Command("""
                INSERT OR REPLACE INTO health_samples (deployment_id, period_start, role, version, invocations, errors, avg_duration_ms)
                VALUES (@deploymentId, @periodStart, @role, @version, @invocations, @errors, @avgDurationMs);
                """, transaction)
                .With("@deploymentId", s.DeploymentId)
                .With("@periodStart", SqliteValues.Time(s.PeriodStart))
                .With("@role", s.Role)
                .With("@version", s.Version)
                .With("@invocations", s.Invocations)
                .With("@errors", s.Errors)
                .With("@avgDurationMs", s.AverageDurationMs);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await EnqueueAsync(connection, transaction, EntityRef.Deployment(d.Id), changes.Notices, cancellationToken);

        foreach (var a in changes.Audit)
            await InsertAuditAsync(connection, transaction, a, cancellationToken);
    }

    /// <summary>Puts an entity's notices in the outbox, in the transaction that commits the entity.</summary>
    private async Task EnqueueAsync(SqliteConnection connection, SqliteTransaction transaction, EntityRef entity, IReadOnlyList<Notice> notices,
        CancellationToken cancellationToken)
    {
        // Due at once, by the same TimeProvider the dispatcher asks PendingAsync with (a FakeTimeProvider in tests).
        var now = SqliteValues.Time(_time.GetUtcNow());
        foreach (var n in notices)
        {
            await using var enqueue = connection.Command("""
                INSERT INTO outbox (entity_kind, entity_id, kind, text, subject, created_at, next_attempt_at)
                VALUES (@entityKind, @entityId, @kind, @text, @subject, @now, @now);
                """, transaction)
                .With("@entityKind", entity.Kind)
                .With("@entityId", entity.Id)
                .With("@kind", n.Kind.ToString())
                .With("@text", n.Text)
                .With("@subject", n.Subject)
                .With("@now", now);
            await enqueue.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task InsertAuditAsync(
        SqliteConnection connection, SqliteTransaction? transaction, AuditEntry a, CancellationToken cancellationToken)
    {
        await using var insert = connection.Command("""
            INSERT INTO audit (at, actor, action, environment, subject, channel, outcome, detail, data)
            VALUES (@at, @actor, @action, @environment, @subject, @channel, @outcome, @detail, @data);
            """, transaction)
            .With("@at", SqliteValues.Time(a.At))
            .With("@actor", a.Actor)
            .With("@action", a.Action)
            .With("@environment", a.Environment)
            .With("@subject", a.Subject)
            .With("@channel", a.Channel)
            .With("@outcome", a.Outcome.ToString())
            .With("@detail", a.Detail)
            .With("@data", StorageJson.SerializeData(a.Data));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
