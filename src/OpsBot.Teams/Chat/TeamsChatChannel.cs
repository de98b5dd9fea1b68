using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.Ports;
using OpsBot.Teams.Connector;

namespace OpsBot.Teams.Chat;

/// <summary>
/// Teams as a place for cards: a card is a new post in its channel (its own reply chain), updated in place for
/// everyone (<c>PUT …/activities/{id}</c>), with the timeline and charts as replies in its thread; in a personal or
/// group chat (no reply chains), a message in the chat followed by its timeline. Posting needs the
/// channel's conversation reference, learnt from an activity OpsBot received there (a command, or the app's install):
/// until then a notice waits and is retried. What Teams refuses for good (the bot was removed, the thread is gone, the
/// card is malformed) is a <see cref="PermanentDeliveryException"/>.
/// </summary>
internal sealed class TeamsChatChannel(TeamsDirectory directory, BotConnectorClient connector, TeamsRendering rendering, TeamsImages images,
    TimeProvider time, ILogger<TeamsChatChannel> logger) : IChatChannel
{
    /// <summary>How often a channel's members are read again (to learn the Teams ids of approvers who never wrote to the bot).</summary>
    public static readonly TimeSpan MembersInterval = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _membersRead = new(StringComparer.Ordinal);

    public string Platform => TeamsDirectory.Platform;

    public Task<ChatMessageRef> PostCardAsync(string channel, ChatCard card, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            var where = await ReferenceAsync(channel, cancellationToken);
            await LearnMembersAsync(channel, where, cancellationToken);
            var activity = await rendering.CardMessageAsync(card, cancellationToken);
            if (where.IsChat)
            {
                // A personal or group chat has no reply chain: the card is a message in it, its timeline the ones after.
                var id = await connector.SendAsync(where.ServiceUrl, channel, activity, cancellationToken)
                    ?? throw new ConnectorException("send", 200, "no_activity_id", null);
                return new ChatMessageRef(Platform, channel, id, channel);
            }
            var (thread, activityId) = await connector.CreateChannelPostAsync(where.ServiceUrl, channel, where.TenantId, activity, cancellationToken);
            return new ChatMessageRef(Platform, channel, activityId, thread);
        });

    public Task UpdateCardAsync(ChatMessageRef message, ChatCard card, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            var where = await ReferenceAsync(message.Channel, cancellationToken);
            await LearnMembersAsync(message.Channel, where, cancellationToken);
            await connector.UpdateAsync(where.ServiceUrl, message.Thread, message.MessageId, await rendering.CardMessageAsync(card, cancellationToken), cancellationToken);
            return true;
        });

    public Task PostTimelineAsync(ChatMessageRef card, string text, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            var where = await ReferenceAsync(card.Channel, cancellationToken);
            await connector.SendAsync(where.ServiceUrl, card.Thread, await rendering.TextActivityAsync(text, cancellationToken), cancellationToken);
            return true;
        });

    /// <summary>A chart: an image card in the thread, the PNG served by OpsBot (<see cref="TeamsImages"/>).</summary>
    public Task PostFileAsync(ChatMessageRef card, string fileName, string title, byte[] content, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            var where = await ReferenceAsync(card.Channel, cancellationToken);
            var url = await images.SaveAsync(content, cancellationToken);
            await connector.SendAsync(where.ServiceUrl, card.Thread, TeamsRendering.ImageActivity(title, url), cancellationToken);
            return true;
        });

    /// <summary>
    /// A card's refresh names people by Teams id, which OpsBot learns from their activities or, for those who never
    /// wrote to it, from the channel's members: read at most once an hour per channel; a failure only costs the refresh.
    /// </summary>
    private async Task LearnMembersAsync(string channel, ChannelReference where, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_membersRead.TryGetValue(channel, out var at) && now - at < MembersInterval)
            return;
        _membersRead[channel] = now;
        try
        {
            foreach (var (id, name, aad) in await connector.MembersAsync(where.ServiceUrl, channel, cancellationToken))
                await directory.RememberPersonAsync(aad, new TeamsPerson(id, name), cancellationToken);
        }
        catch (ConnectorException e)
        {
            logger.LogWarning("Could not read the members of Teams channel {Channel} ({Error}); cards there refresh only for people who wrote to OpsBot", channel, e.Message);
        }
    }

    private async Task<ChannelReference> ReferenceAsync(string channel, CancellationToken cancellationToken) =>
        await directory.ChannelAsync(channel, cancellationToken) ?? throw new InvalidOperationException(
            $"OpsBot has not heard from Teams channel {channel} yet, so it does not know where to post there: add the app to the team " +
            "(or mention @OpsBot in the channel once); the notice is retried.");

    private static async Task<T> GuardAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ConnectorException e) when (e.IsPermanent)
        {
            throw new PermanentDeliveryException(e.Message, e);
        }
    }
}
