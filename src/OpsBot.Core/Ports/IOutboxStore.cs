using OpsBot.Core.Notifications;

namespace OpsBot.Core.Ports;

/// <summary>The notices committed with deployment changes, and the chat messages that show each deployment.</summary>
public interface IOutboxStore
{
    /// <summary>Undelivered notices due at <paramref name="now"/>, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> PendingAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    Task MarkSentAsync(IReadOnlyCollection<long> ids, DateTimeOffset at, CancellationToken cancellationToken);

    Task MarkFailedAsync(long id, string error, DateTimeOffset retryAt, CancellationToken cancellationToken);

    /// <summary>Holds a notice back until <paramref name="until"/> without counting an attempt (card updates are coalesced).</summary>
    Task DeferAsync(long id, DateTimeOffset until, CancellationToken cancellationToken);

    Task<ChatMessageRef?> GetChatMessageAsync(string deploymentId, CancellationToken cancellationToken);

    Task SaveChatMessageAsync(string deploymentId, ChatMessageRef message, CancellationToken cancellationToken);
}
