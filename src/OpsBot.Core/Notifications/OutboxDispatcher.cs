using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Notifications;

/// <summary>
/// Delivers committed notices: the card (posted once, then updated in place, always drawn from the committed state),
/// the timeline in the card's thread, the chart at the end, and pages. In order per deployment and sink; each notice
/// is marked sent as soon as it is delivered, so a crash repeats at most the one in flight and never loses one. A
/// failing notice is retried with backoff and holds back the ones after it, so the thread keeps its order. A notice
/// is given up (marked failed, audited as <c>notice.failed</c>, counted on <c>/deploy status</c>) after
/// <see cref="MaxAttempts"/> attempts, or at once when the adapter says it can never succeed
/// (<see cref="PermanentDeliveryException"/>); then the rest of that batch for the same deployment and sink is given
/// up with it, uncalled (a card whose channel is gone cannot carry a thread either), while other sinks and deployments
/// go on, and notices committed later are tried afresh (the channel may have been fixed meanwhile). Card
/// updates are coalesced: none when the card would look the same, and health-only changes at most once per
/// <see cref="RunnerOptions.CardUpdateInterval"/> (a new state is shown at once).
/// </summary>
public sealed partial class OutboxDispatcher(
    IOutboxStore outbox,
    IDeploymentStore store,
    IFlagChangeStore flagChanges,
    IIncidentStore incidents,
    IEnumerable<IChatChannel> chats,
    IEnumerable<IOpsNotifier> notifiers,
    IEnumerable<IDeploymentChart> charts,
    IEnumerable<ILogSearch> logs,
    IAuditLog audit,
    IOptionsMonitor<OpsBotOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger)
{
    private const int BatchSize = 500;
    /// <summary>Attempts before a notice is given up (with backoff up to 5 minutes apart: about an hour and a half).</summary>
    public const int MaxAttempts = 20;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<EntityRef, (string Fingerprint, string State, DateTimeOffset At)> _shown = new();

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
                foreach (var group in pending.GroupBy(m => (m.Entity, m.Sink)))
                {
                    delivered += await LoadAsync(group.Key.Entity, cancellationToken) is { } subject
                        ? await DeliverAsync(subject, [.. group], cancellationToken)
                        : await UnknownAsync(group.Key.Entity, [.. group], cancellationToken);
                }
                if (pending.Count < BatchSize || delivered == before)
                    return delivered;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<int> DeliverAsync(NoticeSubject subject, List<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var deploymentId = subject.Entity.Id;
        // An entity without a platform (an incident opened by an alarm) goes to the platform its channel is bound on.
        var platform = subject.Platform ?? options.CurrentValue.PlatformOf(subject.Channel);
        var chat = subject.Channel is null ? null : chats.FirstOrDefault(c => platform is null || c.Platform == platform);
        var delivered = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            try
            {
                var outcome = !subject.Exists ? Outcome.Skipped : m.Kind switch
                {
                    // The card shows the committed state, so only the last card notice of a batch needs drawing.
                    NoticeKind.Card when messages.Skip(i + 1).Any(n => n.Kind == NoticeKind.Card) => Outcome.Skipped,
                    NoticeKind.Card when chat is not null => await ShowCardAsync(subject, chat, m, cancellationToken),
                    NoticeKind.Timeline when chat is not null => await ThreadAsync(subject, chat, m.Text, cancellationToken),
                    NoticeKind.Chart when chat is not null && subject.Deployment is { } d => await ChartAsync(subject, d, chat, m.Text, cancellationToken),
                    NoticeKind.Errors when chat is not null && subject.Deployment is { } d => await ErrorsAsync(subject, d, chat, m, cancellationToken),
                    NoticeKind.Page => await PageAsync(subject, m, cancellationToken),
                    _ => Outcome.Skipped,
                };
                if (outcome == Outcome.Deferred)
                    continue;
                await outbox.MarkSentAsync([m.Id], time.GetUtcNow(), cancellationToken);
                if (outcome == Outcome.Delivered)
                    delivered++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (e is PermanentDeliveryException)
                {
                    logger.LogError(e, "Notice {Id} of {Deployment} can never be delivered; giving it up and the {Count} after it to the same sink",
                        m.Id, deploymentId, messages.Count - i - 1);
                    await GiveUpAsync(subject, m, e.Message, m.Attempts + 1, cancellationToken);
                    foreach (var rest in messages.Skip(i + 1))
                        await GiveUpAsync(subject, rest, $"not tried: an earlier notice to this sink can never be delivered ({e.Message})", rest.Attempts, cancellationToken);
                    break;
                }
                if (m.Attempts + 1 >= MaxAttempts)
                {
                    logger.LogError(e, "Giving up on notice {Id} of {Deployment} after {Attempts} attempts: {Text}", m.Id, deploymentId, m.Attempts + 1, m.Text);
                    await GiveUpAsync(subject, m, $"{e.Message} (after {m.Attempts + 1} attempts)", m.Attempts + 1, cancellationToken);
                    continue;
                }
                var retryIn = TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, m.Attempts)));
                logger.LogWarning(e, "Notice {Id} of {Deployment} not delivered; retrying in {RetryIn}", m.Id, deploymentId, retryIn);
                await outbox.ScheduleRetryAsync(m.Id, e.Message, time.GetUtcNow() + retryIn, cancellationToken);
                break;
            }
        }
        return delivered;
    }

    /// <summary>Notices of an entity kind this OpsBot does not know (written by a newer one): given up, on record, never silently.</summary>
    private async Task<int> UnknownAsync(EntityRef entity, List<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        logger.LogError("{Count} notices of {Entity}: this OpsBot does not know its kind; giving them up", messages.Count, entity);
        foreach (var m in messages)
            await GiveUpAsync(NoticeSubject.Unknown(entity), m, $"no deliverer for {entity.Kind} notices in this OpsBot", m.Attempts, cancellationToken);
        return 0;
    }

    /// <summary>Marks a notice failed and audits it, so that what nobody was told is on record and on <c>/deploy status</c>.</summary>
    private async Task GiveUpAsync(NoticeSubject subject, OutboxMessage m, string error, int attempts, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await outbox.MarkFailedAsync(m.Id, error, attempts, now, cancellationToken);
        var detail = $"{m.Kind} notice of {m.Entity.Id} was not delivered: {error}";
        await audit.AppendAsync(new AuditEntry(now, Actor.System.Identity, "notice.failed", subject.Environment, m.Entity.Id, subject.Channel,
            AuditOutcome.Failed, detail, new Dictionary<string, string>
            {
                ["kind"] = m.Kind.ToString(),
                ["sink"] = m.Sink,
                ["attempts"] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }), cancellationToken);
    }

    private enum Outcome
    {
        Delivered,
        Skipped,
        Deferred,
    }

    private async Task<Outcome> ShowCardAsync(NoticeSubject subject, IChatChannel chat, OutboxMessage m, CancellationToken cancellationToken)
    {
        var card = subject.Card();
        var fingerprint = JsonSerializer.Serialize(card, card.GetType());
        var now = time.GetUtcNow();
        var existing = await outbox.GetChatMessageAsync(subject.Entity, cancellationToken);
        if (existing is null)
        {
            await PostCardAsync(subject, chat, card, cancellationToken);
        }
        else
        {
            if (_shown.TryGetValue(subject.Entity, out var shown))
            {
                if (shown.Fingerprint == fingerprint)
                    return Outcome.Skipped;
                var interval = options.CurrentValue.Runner.CardUpdateInterval;
                if (shown.State == subject.State && now - shown.At < interval)
                {
                    await outbox.DeferAsync(m.Id, shown.At + interval, cancellationToken);
                    return Outcome.Deferred;
                }
            }
            await chat.UpdateCardAsync(existing, card, cancellationToken);
        }
        _shown[subject.Entity] = (fingerprint, subject.State, now);
        if (!subject.Active)
            _shown.TryRemove(subject.Entity, out _);
        return Outcome.Delivered;
    }

    private async Task<ChatMessageRef> PostCardAsync(NoticeSubject subject, IChatChannel chat, ChatCard card, CancellationToken cancellationToken)
    {
        var posted = await chat.PostCardAsync(subject.Channel!, card, cancellationToken);
        await outbox.SaveChatMessageAsync(subject.Entity, posted, cancellationToken);
        _shown[subject.Entity] = (JsonSerializer.Serialize(card, card.GetType()), subject.State, time.GetUtcNow());
        return posted;
    }

    private async Task<ChatMessageRef> CardOfAsync(NoticeSubject subject, IChatChannel chat, CancellationToken cancellationToken) =>
        await outbox.GetChatMessageAsync(subject.Entity, cancellationToken) ?? await PostCardAsync(subject, chat, subject.Card(), cancellationToken);

    private async Task<Outcome> ThreadAsync(NoticeSubject subject, IChatChannel chat, string text, CancellationToken cancellationToken)
    {
        await chat.PostTimelineAsync(await CardOfAsync(subject, chat, cancellationToken), text, cancellationToken);
        return Outcome.Delivered;
    }

    private async Task<Outcome> ChartAsync(NoticeSubject subject, Deployment d, IChatChannel chat, string title, CancellationToken cancellationToken)
    {
        if (charts.FirstOrDefault() is not { } chart)
            return Outcome.Skipped;
        var samples = await store.GetSamplesAsync(d.Id, cancellationToken);
        if (samples.Count == 0)
            return Outcome.Skipped;
        var png = chart.RenderPng(d, samples);
        await chat.PostFileAsync(await CardOfAsync(subject, chat, cancellationToken), $"{d.Id}-health.png", title, png, cancellationToken);
        return Outcome.Delivered;
    }

    /// <summary>
    /// The new version's three most frequent error messages from its logs since the deployment began, as one thread
    /// line (or that none were found). Read at delivery: a log service that fails is retried like any delivery.
    /// </summary>
    private async Task<Outcome> ErrorsAsync(NoticeSubject subject, Deployment d, IChatChannel chat, OutboxMessage m, CancellationToken cancellationToken)
    {
        if (logs.FirstOrDefault() is not { } search)
            return Outcome.Skipped;
        string text;
        try
        {
            var lines = await search.ErrorsAsync(new LogQuery(d.Target, d.TargetVersion, d.CreatedAt, m.CreatedAt.AddMinutes(1)), cancellationToken);
            var top = Health.ErrorDigest.Top(lines, 3);
            text = top.Count == 0
                ? $"No ERROR or timeout lines of version {d.TargetVersion} were found in its logs since the deployment began."
                : $"{m.Text} from its logs ({lines.Count} error line{(lines.Count == 1 ? "" : "s")} since the deployment began):\n" +
                  string.Join('\n', top.Select(g => $"• {g.Count}× {g.Message}"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Said once instead of retried: a log service that cannot be read must not hold up the card behind it.
            logger.LogWarning(e, "The logs of {Deployment} could not be read for its thread", d.Id);
            text = $"The logs of version {d.TargetVersion} could not be read for its top errors: {e.Message}. Try /logs {d.Target.Function} {d.TargetVersion}.";
        }
        await chat.PostTimelineAsync(await CardOfAsync(subject, chat, cancellationToken), text, cancellationToken);
        return Outcome.Delivered;
    }

    private async Task<Outcome> PageAsync(NoticeSubject subject, OutboxMessage m, CancellationToken cancellationToken)
    {
        if (notifiers.FirstOrDefault() is not { } notifier)
        {
            logger.LogError("PAGE (no ops notifier configured) {Subject}: {Text}", m.Subject, m.Text);
            return Outcome.Skipped;
        }
        // A page is read outside chat: people as identities, not references.
        await notifier.NotifyAsync(new OpsPage(subject.Environment!, ChatRefs.Plain(m.Subject ?? $"OpsBot: {subject.Entity}"), ChatRefs.Plain(m.Text), subject.Entity.Id)
        {
            Attributes = subject.PageAttributes,
        }, cancellationToken);
        return Outcome.Delivered;
    }
}
