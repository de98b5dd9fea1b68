using System.Threading.Channels;

namespace OpsBot.Slack.Work;

/// <summary>
/// One lane of the Slack work queue: a bounded channel and the consumers that work it. A full lane refuses at once
/// (the caller tells the person) rather than slowing every acknowledgement down.
/// </summary>
internal sealed class SlackWorkLane(string name, int capacity, int consumers)
{
    private readonly Channel<SlackWork> _channel = Channel.CreateBounded<SlackWork>(new BoundedChannelOptions(capacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = false, // the queue takes the leftovers at shutdown
        SingleWriter = false,
    });

    public string Name { get; } = name;

    public bool TryWrite(SlackWork work) => _channel.Writer.TryWrite(work);

    /// <summary>Takes nothing more; the consumers finish what is queued and then end.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>
    /// Starts the consumers: each works one item at a time with <paramref name="work"/> until the lane is completed and
    /// empty, or <paramref name="abort"/> is cancelled (what is still queued then stays for <see cref="TakeLeftovers"/>).
    /// </summary>
    public Task RunAsync(Func<SlackWork, CancellationToken, Task> work, CancellationToken abort) =>
        Task.WhenAll(Enumerable.Range(0, consumers).Select(_ => Task.Run(() => ConsumeAsync(work, abort), CancellationToken.None)));

    /// <summary>What was queued and never worked on (after the consumers were aborted).</summary>
    public IReadOnlyList<SlackWork> TakeLeftovers()
    {
        var left = new List<SlackWork>();
        while (_channel.Reader.TryRead(out var work))
            left.Add(work);
        return left;
    }

    private async Task ConsumeAsync(Func<SlackWork, CancellationToken, Task> work, CancellationToken abort)
    {
        try
        {
            await foreach (var item in _channel.Reader.ReadAllAsync(abort))
                await work(item, abort);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // aborted at shutdown; the queue answers what is left
        }
    }
}
