using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Storage;

internal sealed partial class SqliteStore : IOutboxStore
{
    public Task<IReadOnlyList<OutboxMessage>> PendingAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        ReadAsync("""
            SELECT id, entity_kind, entity_id, kind, text, subject, created_at, attempts
            FROM outbox
            WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= @now
            ORDER BY id
            LIMIT @limit;
            """,
            c => c.With("@now", SqliteValues.Time(now)).With("@limit", limit),
            r => new OutboxMessage(r.GetInt64(0), new EntityRef(r.GetString(1), r.GetString(2)), r.GetEnum<NoticeKind>(3), r.GetString(4),
                r.GetNullableString(5), r.GetTime(6), r.GetInt32(7)),
            cancellationToken);

    public Task MarkSentAsync(IReadOnlyCollection<long> ids, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
            return Task.CompletedTask;
        return WriteAsync(async (connection, transaction) =>
        {
            await using var update = connection.Command("UPDATE outbox SET sent_at = @at WHERE id = @id AND sent_at IS NULL;", transaction)
                .With("@at", SqliteValues.Time(at))
                .With("@id", 0L);
            foreach (var id in ids)
            {
                update.Parameters["@id"].Value = id;
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
        }, cancellationToken);
    }

    public Task ScheduleRetryAsync(long id, string error, DateTimeOffset retryAt, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var update = connection.Command("""
                UPDATE outbox SET attempts = attempts + 1, last_error = @error, next_attempt_at = @retryAt
                WHERE id = @id;
                """, transaction)
                .With("@id", id)
                .With("@error", error)
                .With("@retryAt", SqliteValues.Time(retryAt));
            await update.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public Task MarkFailedAsync(long id, string error, int attempts, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var update = connection.Command("""
                UPDATE outbox SET attempts = @attempts, last_error = @error, failed_at = @at
                WHERE id = @id AND sent_at IS NULL AND failed_at IS NULL;
                """, transaction)
                .With("@id", id)
                .With("@error", error)
                .With("@attempts", attempts)
                .With("@at", SqliteValues.Time(at));
            await update.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public async Task<FailedNotices> FailedSinceAsync(DateTimeOffset since, IReadOnlyCollection<string> environments, string? function, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environments);
        // The environments are few (configured ones), so they go in as a JSON array rather than one parameter each.
        var rows = await ReadAsync("""
            SELECT COUNT(*) OVER (), o.entity_id, o.kind, o.failed_at, o.last_error
            FROM outbox o JOIN deployments d ON o.entity_kind = 'deployment' AND d.id = o.entity_id
            WHERE o.failed_at >= @since
              AND d.environment IN (SELECT value FROM json_each(@environments))
              AND (@function IS NULL OR d.function = @function)
            ORDER BY o.failed_at DESC, o.id DESC
            LIMIT 1;
            """,
            c => c.With("@since", SqliteValues.Time(since))
                .With("@environments", System.Text.Json.JsonSerializer.Serialize(environments))
                .With("@function", function),
            r => (Count: r.GetInt32(0), Last: new FailedNotice(r.GetString(1), r.GetEnum<NoticeKind>(2), r.GetTime(3), r.GetNullableString(4) ?? "unknown error")),
            cancellationToken);
        return rows.Count == 0 ? new FailedNotices(0, null) : new FailedNotices(rows[0].Count, rows[0].Last);
    }

    public Task DeferAsync(long id, DateTimeOffset until, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction) =>
        {
            await using var update = connection.Command("UPDATE outbox SET next_attempt_at = @until WHERE id = @id;", transaction)
                .With("@id", id)
                .With("@until", SqliteValues.Time(until));
            await update.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);

    public async Task<ChatMessageRef?> GetChatMessageAsync(EntityRef entity, CancellationToken cancellationToken) =>
        (await ReadAsync(
            "SELECT platform, channel, message_id, thread_id FROM chat_messages WHERE entity_kind = @kind AND entity_id = @id;",
            c => c.With("@kind", entity.Kind).With("@id", entity.Id),
            r => new ChatMessageRef(r.GetString(0), r.GetString(1), r.GetString(2), r.GetNullableString(3)),
            cancellationToken)).SingleOrDefault();

    public Task SaveChatMessageAsync(EntityRef entity, ChatMessageRef message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(message);
        return WriteAsync(async (connection, transaction) =>
        {
            await using var upsert = connection.Command("""
                INSERT INTO chat_messages (entity_kind, entity_id, platform, channel, message_id, thread_id)
                VALUES (@kind, @id, @platform, @channel, @messageId, @threadId)
                ON CONFLICT (entity_kind, entity_id) DO UPDATE SET
                    platform = excluded.platform, channel = excluded.channel,
                    message_id = excluded.message_id, thread_id = excluded.thread_id;
                """, transaction)
                .With("@kind", entity.Kind)
                .With("@id", entity.Id)
                .With("@platform", message.Platform)
                .With("@channel", message.Channel)
                .With("@messageId", message.MessageId)
                .With("@threadId", message.ThreadId);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }
}
