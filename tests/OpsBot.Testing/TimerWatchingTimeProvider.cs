using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace OpsBot.Testing;

/// <summary>A fake clock that also says when a timer is armed and for how long, so a test can wait for a retry's delay to start.</summary>
public sealed class TimerWatchingTimeProvider() : FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero))
{
    private readonly object _signal = new();
    private TaskCompletionSource _armed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<TimeSpan> Timers { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Timers.Enqueue(dueTime);
        lock (_signal)
        {
            var previous = _armed;
            _armed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            previous.SetResult();
        }
        return timer;
    }

    /// <summary>Waits (real time, generous) until a timer of exactly <paramref name="dueTime"/> has been armed.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            Task next;
            lock (_signal)
                next = _armed.Task;
            if (Timers.Contains(dueTime))
                return;
            try
            {
                await next.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no timer of {dueTime} was armed; armed: {string.Join(", ", Timers)}");
            }
        }
    }
}
