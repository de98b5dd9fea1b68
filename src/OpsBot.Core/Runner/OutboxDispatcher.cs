using Microsoft.Extensions.Logging;
using OpsBot.Core.Deployments;
using OpsBot.Core.Notifications;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Runner;

/// <summary>
/// Delivers committed notices: the card (posted once, then updated in place, always from the committed state), the
/// timeline in the card's thread, and pages. In order per deployment and sink; each notice is marked sent as soon as
/// it is delivered, so a crash repeats at most the one in flight and never loses one. A failing notice is retried with
/// backoff and holds back the ones after it, so the thread keeps its order.
/// </summary>
public sealed class OutboxDispatcher(
    IOutboxStore outbox,
    IDeploymentStore store,
    IEnumerable<IChatChannel> chats,
    IEnumerable<IOpsNotifier> notifiers,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger)
{
    private const int BatchSize = 500;
    private const int MaxAttempts = 20;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Delivers what is due; returns how many notices were delivered.</summary>
    public async Task<int> DispatchAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var delivered = 0;
            while (true)
            {
                var pending = await outbox.PendingAsync(time.GetUtcNow(), BatchSize, cancellationToken);
                var before = delivered;
                foreach (var group in pending.GroupBy(m => (m.DeploymentId, m.Sink)))
                    delivered += await DeliverAsync(group.Key.DeploymentId, [.. group], cancellationToken);
                if (pending.Count < BatchSize || delivered == before)
                    return delivered;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<int> DeliverAsync(string deploymentId, List<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var d = await store.GetAsync(deploymentId, cancellationToken);
        var chat = d?.Channel is null ? null : chats.FirstOrDefault(c => d.ChatPlatform is null || c.Platform == d.ChatPlatform);
        var notifier = notifiers.FirstOrDefault();
        var delivered = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            try
            {
                switch (m.Kind)
                {
                    case NoticeKind.Card when chat is not null && !messages.Skip(i + 1).Any(n => n.Kind == NoticeKind.Card):
                        // The card shows the committed state, so only the last card notice of a batch needs sending.
                        await EnsureCardAsync(d!, chat, update: true, cancellationToken);
                        delivered++;
                        break;
                    case NoticeKind.Timeline when chat is not null:
                        var card = await EnsureCardAsync(d!, chat, update: false, cancellationToken);
                        await chat.PostTimelineAsync(card, m.Text, cancellationToken);
                        delivered++;
                        break;
                    case NoticeKind.Page when notifier is not null && d is not null:
                        await notifier.NotifyAsync(new OpsPage(d.Target.Environment, m.Subject ?? $"OpsBot: deployment {d.Id}", m.Text, d.Id), cancellationToken);
                        delivered++;
                        break;
                    case NoticeKind.Page:
                        logger.LogError("PAGE (no ops notifier configured) {Subject}: {Text}", m.Subject, m.Text);
                        break;
                }
                await outbox.MarkSentAsync([m.Id], time.GetUtcNow(), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (m.Attempts + 1 >= MaxAttempts)
                {
                    logger.LogError(e, "Giving up on notice {Id} of {Deployment} after {Attempts} attempts: {Text}", m.Id, deploymentId, m.Attempts + 1, m.Text);
                    await outbox.MarkSentAsync([m.Id], time.GetUtcNow(), cancellationToken);
                    continue;
                }
                var retryIn = TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, m.Attempts)));
                logger.LogWarning(e, "Notice {Id} of {Deployment} not delivered; retrying in {RetryIn}", m.Id, deploymentId, retryIn);
                await outbox.MarkFailedAsync(m.Id, e.Message, time.GetUtcNow() + retryIn, cancellationToken);
                break;
            }
        }
        return delivered;
    }

    private async Task<ChatMessageRef> EnsureCardAsync(Deployment d, IChatChannel chat, bool update, CancellationToken cancellationToken)
    {
        var card = await outbox.GetChatMessageAsync(d.Id, cancellationToken);
        if (card is null)
        {
            card = await chat.PostCardAsync(d.Channel!, d, cancellationToken);
            await outbox.SaveChatMessageAsync(d.Id, card, cancellationToken);
        }
        else if (update)
        {
            await chat.UpdateCardAsync(card, d, cancellationToken);
        }
        return card;
    }
}
