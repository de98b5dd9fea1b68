using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.Ports;
using OpsBot.Slack.BlockKit;
using OpsBot.Slack.WebApi;

namespace OpsBot.Slack.Chat;

/// <summary>
/// A deployment's Slack presence: its card (posted with chat.postMessage, updated in place with chat.update), its
/// timeline as replies in the card's thread, and files (the chart) uploaded into that thread. Failures throw, so the
/// outbox retries them with backoff; errors no retry can fix (<see cref="SlackApiException.IsPermanent"/>) are thrown as
/// <see cref="PermanentDeliveryException"/>, so the outbox gives the notice up at once.
/// </summary>
internal sealed class SlackChatChannel(SlackWebApiClient slack) : IChatChannel
{
    public const string PlatformName = "slack";

    public string Platform => PlatformName;

    public Task<ChatMessageRef> PostCardAsync(string channel, ChatCard card, CancellationToken cancellationToken) =>
        DeliverAsync(async () =>
        {
            var posted = await slack.PostMessageAsync(channel, Fallback(card), BlockKitRenderer.Render(card), null, cancellationToken);
            return new ChatMessageRef(Platform, posted.Channel, posted.Ts);
        });

    public Task UpdateCardAsync(ChatMessageRef message, ChatCard card, CancellationToken cancellationToken) =>
        DeliverAsync(() => slack.UpdateMessageAsync(message.Channel, message.MessageId, Fallback(card), BlockKitRenderer.Render(card), cancellationToken));

    public Task PostTimelineAsync(ChatMessageRef card, string text, CancellationToken cancellationToken) =>
        DeliverAsync(() => slack.PostMessageAsync(card.Channel, SlackText.Mrkdwn(text, BlockKitLimits.MessageText), null, card.Thread, cancellationToken));

    public Task PostFileAsync(ChatMessageRef card, string fileName, string title, byte[] content, CancellationToken cancellationToken) =>
        DeliverAsync(() => slack.UploadFileAsync(card.Channel, card.Thread, fileName, title, content, cancellationToken));

    private static async Task<T> DeliverAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (SlackApiException e) when (e.IsPermanent)
        {
            throw new PermanentDeliveryException(e.Message, e);
        }
    }

    private static Task DeliverAsync(Func<Task> call) => DeliverAsync(async () =>
    {
        await call();
        return true;
    });

    /// <summary>The notification text beside the blocks (what a push notification or a screen reader shows).</summary>
    private static string Fallback(ChatCard card) => SlackText.Mrkdwn(card.Summary, BlockKitLimits.MessageText);
}
