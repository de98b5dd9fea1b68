using System.Collections.Concurrent;
using OpsBot.Core.Notifications.Cards;
using OpsBot.Core.Ports;

namespace OpsBot.Testing;

/// <summary>A chat platform that records every card posted or updated and every thread line, and can fail on demand.</summary>
public sealed class RecordingChat(string platform = "slack") : IChatChannel
{
    private readonly ConcurrentDictionary<string, string> _cards = new();
    private int _ts;

    public string Platform => platform;

    /// <summary>Every call in order: ("post", deployment, state), ("update", ...), ("thread", deployment, text).</summary>
    public ConcurrentQueue<(string Call, string DeploymentId, string Detail)> Calls { get; } = new();

    /// <summary>Throws from the next N calls.</summary>
    public int FailNext { get; set; }

    /// <summary>When set, every call throws a <see cref="PermanentDeliveryException"/> with this reason (a channel that is gone).</summary>
    public string? FailPermanently { get; set; }

    /// <summary>Calls that threw, transient or permanent.</summary>
    public int Failures => _failures;

    private int _failures;

    public IReadOnlyList<string> Thread(string deploymentId) =>
        [.. Calls.Where(c => c.Call == "thread" && c.DeploymentId == deploymentId).Select(c => c.Detail)];

    public int Count(string call, string deploymentId) => Calls.Count(c => c.Call == call && c.DeploymentId == deploymentId);

    /// <summary>The last card drawn for each deployment.</summary>
    public ConcurrentDictionary<string, DeploymentCard> Cards { get; } = new();

    /// <summary>The last card drawn for each flag change.</summary>
    public ConcurrentDictionary<string, FlagCard> FlagCards { get; } = new();

    /// <summary>The last card drawn for each incident.</summary>
    public ConcurrentDictionary<string, IncidentCard> IncidentCards { get; } = new();

    /// <summary>The channel each card was posted to, by entity id.</summary>
    public ConcurrentDictionary<string, string> PostedTo { get; } = new();

    public Task<ChatMessageRef> PostCardAsync(string channel, ChatCard card, CancellationToken cancellationToken)
    {
        Fail();
        var ts = $"1700000000.{Interlocked.Increment(ref _ts):D6}";
        var (id, state) = Remember(card);
        _cards[ts] = id;
        PostedTo[id] = channel;
        Calls.Enqueue(("post", id, state));
        return Task.FromResult(new ChatMessageRef(Platform, channel, ts));
    }

    public Task UpdateCardAsync(ChatMessageRef message, ChatCard card, CancellationToken cancellationToken)
    {
        Fail();
        var (id, state) = Remember(card);
        Calls.Enqueue(("update", id, state));
        return Task.CompletedTask;
    }

    /// <summary>Keeps the card as the last drawn for its entity; returns the entity's id and the card's state.</summary>
    private (string Id, string State) Remember(ChatCard card)
    {
        switch (card)
        {
            case DeploymentCard d:
                Cards[d.DeploymentId] = d;
                return (d.DeploymentId, d.State.ToString());
            case FlagCard f:
                FlagCards[f.ChangeId] = f;
                return (f.ChangeId, f.State.ToString());
            case IncidentCard i:
                IncidentCards[i.IncidentId] = i;
                return (i.IncidentId, i.State.ToString());
            default:
                throw new ArgumentException($"not a card this test chat knows: {card.GetType().Name}", nameof(card));
        }
    }

    public Task PostFileAsync(ChatMessageRef card, string fileName, string title, byte[] content, CancellationToken cancellationToken)
    {
        Fail();
        Calls.Enqueue(("file", _cards[card.MessageId], $"{fileName} ({content.Length} bytes): {title}"));
        return Task.CompletedTask;
    }

    public Task PostTimelineAsync(ChatMessageRef card, string text, CancellationToken cancellationToken)
    {
        Fail();
        Calls.Enqueue(("thread", _cards[card.MessageId], text));
        return Task.CompletedTask;
    }

    private void Fail()
    {
        if (FailPermanently is { } reason)
        {
            Interlocked.Increment(ref _failures);
            throw new PermanentDeliveryException(reason);
        }
        if (FailNext <= 0)
            return;
        FailNext--;
        Interlocked.Increment(ref _failures);
        throw new HttpRequestException("chat.postMessage: 503");
    }
}

/// <summary>Pages the operators into a list.</summary>
public sealed class RecordingNotifier : IOpsNotifier
{
    public ConcurrentQueue<OpsPage> Pages { get; } = new();

    public int FailNext { get; set; }

    public Task NotifyAsync(OpsPage page, CancellationToken cancellationToken)
    {
        if (FailNext > 0)
        {
            FailNext--;
            throw new HttpRequestException("SNS Publish: 500 InternalError");
        }
        Pages.Enqueue(page);
        return Task.CompletedTask;
    }
}
