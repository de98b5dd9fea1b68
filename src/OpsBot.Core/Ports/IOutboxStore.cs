using OpsBot.Core.Deployments;

namespace OpsBot.Core.Ports;

/// <summary>The notices committed with an entity's changes (a deployment's), and the chat message that shows each entity's card.</summary>
public interface IOutboxStore
{
    /// <summary>Notices neither delivered nor given up, due at <paramref name="now"/>, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> PendingAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    Task MarkSentAsync(IReadOnlyCollection<long> ids, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Counts a failed attempt and holds the notice back until <paramref name="retryAt"/>.</summary>
    Task ScheduleRetryAsync(long id, string error, DateTimeOffset retryAt, CancellationToken cancellationToken);

    /// <summary>Gives a notice up (never delivered, never tried again): its attempts ran out, or it can never succeed.</summary>
    Task MarkFailedAsync(long id, string error, int attempts, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Notices given up since <paramref name="since"/> for deployments in <paramref name="environments"/> (of <paramref name="function"/> when given).</summary>
    Task<FailedNotices> FailedSinceAsync(DateTimeOffset since, IReadOnlyCollection<string> environments, string? function, CancellationToken cancellationToken);

    /// <summary>Holds a notice back until <paramref name="until"/> without counting an attempt (card updates are coalesced).</summary>
    Task DeferAsync(long id, DateTimeOffset until, CancellationToken cancellationToken);

    Task<ChatMessageRef?> GetChatMessageAsync(EntityRef entity, CancellationToken cancellationToken);

    Task SaveChatMessageAsync(EntityRef entity, ChatMessageRef message, CancellationToken cancellationToken);
}
