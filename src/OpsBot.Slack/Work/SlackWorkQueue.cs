using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpsBot.Slack.Work;

/// <summary>What became of a request handed to <see cref="SlackWorkQueue.Enqueue"/>.</summary>
internal enum SlackEnqueued
{
    Queued,

    /// <summary>Its lane is full: the person is told OpsBot is busy.</summary>
    Busy,

    /// <summary>OpsBot is shutting down: the person is told it is restarting.</summary>
    Stopping,
}

/// <summary>
/// Where acknowledged requests wait: Slack wants an answer within 3 seconds, so the endpoints only verify, parse and
/// enqueue, and this service works the queue afterwards. Two lanes: rolling back, pausing and rejecting go to the
/// safety lane (<see cref="SlackOptions.SafetyQueueCapacity"/>, <see cref="SlackOptions.SafetyConcurrency"/>), so slow
/// starts in the normal lane (<see cref="SlackOptions.QueueCapacity"/>, <see cref="SlackOptions.MaxConcurrency"/>)
/// cannot hold them up. At shutdown it takes nothing more, finishes what is queued within the host's shutdown timeout
/// (less a reserve for answering), and answers what is left, and what was cut short, "OpsBot restarted; please repeat".
/// </summary>
internal sealed class SlackWorkQueue(
    SlackWorkRunner runner,
    SlackWorkAnswers answers,
    IOptions<SlackOptions> options,
    IOptions<HostOptions> hostOptions,
    TimeProvider time,
    ILogger<SlackWorkQueue> logger) : IHostedService, IDisposable
{
    /// <summary>The part of the shutdown timeout kept for answering what could not be finished (at most half of it).</summary>
    public static readonly TimeSpan AnswerReserve = TimeSpan.FromSeconds(5);

    private readonly SlackWorkLane _normal = new("normal", options.Value.QueueCapacity, options.Value.MaxConcurrency);
    private readonly SlackWorkLane _safety = new("safety", options.Value.SafetyQueueCapacity, options.Value.SafetyConcurrency);
    private readonly CancellationTokenSource _abort = new();
    private readonly object _stopLock = new();
    private Task _consumers = Task.CompletedTask;
    private Task? _stopped;
    private volatile bool _stopping;
    private long _completed;

    /// <summary>Items worked on (successfully or not), for tests that wait for the queue to settle.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>True once shutdown began: new requests are answered "restarting".</summary>
    public bool IsStopping => _stopping;

    /// <summary>Queues <paramref name="work"/> in its lane, or says why not (the caller answers the person).</summary>
    public SlackEnqueued Enqueue(SlackWork work)
    {
        var lane = work.MakesSafer ? _safety : _normal;
        if (!_stopping && lane.TryWrite(work))
            return SlackEnqueued.Queued;
        var result = _stopping ? SlackEnqueued.Stopping : SlackEnqueued.Busy;
        logger.LogWarning("Slack {Lane} lane refused {Work}: {Result}", lane.Name, SlackWorkAnswers.Describe(work), result);
        return result;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _consumers = Task.WhenAll(_normal.RunAsync(WorkAsync, _abort.Token), _safety.RunAsync(WorkAsync, _abort.Token));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_stopLock)
            return _stopped ??= DrainAsync(cancellationToken);
    }

    private async Task DrainAsync(CancellationToken hostDeadline)
    {
        _stopping = true;
        _normal.Complete();
        _safety.Complete();
        var (drain, reserve) = Budget(hostOptions.Value.ShutdownTimeout);
        using (var drainTimer = drain is { } d ? new CancellationTokenSource(d, time) : new CancellationTokenSource())
        using (var drained = CancellationTokenSource.CreateLinkedTokenSource(hostDeadline, drainTimer.Token))
        {
            try
            {
                await _consumers.WaitAsync(drained.Token);
                return;
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("Shutdown: Slack work not finished in time; answering what is left \"OpsBot restarted\"");
            }
        }

        // Time is up: stop the work in progress (each consumer answers the item it was on), then answer what is queued.
        using var answering = new CancellationTokenSource(reserve, time);
        await _abort.CancelAsync();
        try
        {
            await _consumers.WaitAsync(answering.Token);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Shutdown: Slack work in progress did not stop in time");
        }
        var left = _safety.TakeLeftovers().Concat(_normal.TakeLeftovers()).ToList();
        try
        {
            await Parallel.ForEachAsync(left, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = answering.Token },
                (work, ct) => new ValueTask(answers.AnswerAsync(work, SlackWorkAnswers.Restarted(work), ct)));
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Shutdown: gave up answering {Count} queued Slack requests", left.Count);
        }
        await answers.WhenAnsweredAsync(answering.Token);
    }

    public void Dispose() => _abort.Dispose();

    /// <summary>How long to finish queued work, and how long to keep for answering the rest; no drain limit for an infinite timeout.</summary>
    private static (TimeSpan? Drain, TimeSpan Reserve) Budget(TimeSpan shutdown)
    {
        if (shutdown == Timeout.InfiniteTimeSpan)
            return (null, AnswerReserve);
        var reserve = shutdown / 2 < AnswerReserve ? shutdown / 2 : AnswerReserve;
        return (shutdown - reserve > TimeSpan.Zero ? shutdown - reserve : TimeSpan.Zero, reserve);
    }

    private async Task WorkAsync(SlackWork work, CancellationToken abort)
    {
        try
        {
            await runner.RunAsync(work, abort);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // Cut short at shutdown: the person hears so (a fresh token: the abort one is cancelled).
            using var answering = new CancellationTokenSource(AnswerReserve, time);
            await answers.AnswerAsync(work, SlackWorkAnswers.Restarted(work), answering.Token);
        }
        catch (Exception e)
        {
            // One request's failure must not stop the queue; Core answers the person where it can.
            logger.LogError(e, "Slack work {Work} failed", SlackWorkAnswers.Describe(work));
        }
        finally
        {
            Interlocked.Increment(ref _completed);
        }
    }
}
