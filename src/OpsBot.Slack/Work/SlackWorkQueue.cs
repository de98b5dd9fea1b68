using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpsBot.Slack.Work;

/// <summary>
/// Where acknowledged requests wait: Slack wants an answer within 3 seconds, so the endpoints only verify, parse and
/// enqueue, and this service works the queue afterwards, <see cref="SlackOptions.MaxConcurrency"/> items at a time. A
/// full queue is refused at the door rather than slowing every acknowledgement down.
/// </summary>
internal sealed class SlackWorkQueue(SlackWorkRunner runner, IOptions<SlackOptions> options, ILogger<SlackWorkQueue> logger) : BackgroundService
{
    private readonly Channel<SlackWork> _queue = Channel.CreateBounded<SlackWork>(new BoundedChannelOptions(options.Value.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = false,
        SingleWriter = false,
    });

    private long _completed;

    /// <summary>Items worked on (successfully or not), for tests that wait for the queue to settle.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Queues <paramref name="work"/>; false when the queue is full.</summary>
    public bool TryEnqueue(SlackWork work) => _queue.Writer.TryWrite(work);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.MaxConcurrency)).Select(_ => Task.Run(() => ConsumeAsync(stoppingToken), stoppingToken)));

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await runner.RunAsync(work, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // One request's failure must not stop the queue; the person is told where that is possible.
                    logger.LogError(e, "Slack work {Work} failed", work.GetType().Name);
                }
                finally
                {
                    Interlocked.Increment(ref _completed);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }
}
