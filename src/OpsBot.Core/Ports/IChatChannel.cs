using OpsBot.Core.Health;
using OpsBot.Core.Notifications.Cards;

namespace OpsBot.Core.Ports;

/// <summary>Where a deployment's card lives in chat.</summary>
public sealed record ChatMessageRef(string Platform, string Channel, string MessageId, string? ThreadId = null)
{
    /// <summary>The thread replies go to: the card itself unless the platform gave a thread id.</summary>
    public string Thread => ThreadId ?? MessageId;
}

/// <summary>A chat platform an entity reports to (a deployment, a flag change): one card each, updated in place, with its timeline in the card's thread.</summary>
public interface IChatChannel
{
    /// <summary>The platform name identities and channels carry ("slack", "teams").</summary>
    string Platform { get; }

    Task<ChatMessageRef> PostCardAsync(string channel, ChatCard card, CancellationToken cancellationToken);

    Task UpdateCardAsync(ChatMessageRef message, ChatCard card, CancellationToken cancellationToken);

    Task PostTimelineAsync(ChatMessageRef card, string text, CancellationToken cancellationToken);

    /// <summary>Uploads a file (a PNG chart) into the card's thread.</summary>
    Task PostFileAsync(ChatMessageRef card, string fileName, string title, byte[] content, CancellationToken cancellationToken);
}
