using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace OpsBot.Testing;

/// <summary>A fake clock that also says when a timer is armed and for how long, so a test can wait for a retry's delay to start.</summary>
public sealed class TimerWatchingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    public TimerWatchingTimeProvider() : this(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero))
    {
    }

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

    /// <summary>Waits (real time, generous) until <paramref name="count"/> timers have been armed, and answers their due times.</summary>
    public async Task<TimeSpan[]> WaitForTimersAsync(int count)
    {
        await WaitAsync(() => Timers.Count >= count, $"expected {count} timers");
        return [.. Timers];
    }

    /// <summary>Waits (real time, generous) until a timer of exactly <paramref name="dueTime"/> has been armed.</summary>
    public Task WaitForTimerAsync(TimeSpan dueTime) => WaitAsync(() => Timers.Contains(dueTime), $"no timer of {dueTime} was armed");

    private async Task WaitAsync(Func<bool> done, string failure)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            Task next;
            lock (_signal)
                next = _armed.Task;
            if (done())
                return;
            try
            {
                await next.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{failure}; armed: {string.Join(", ", Timers)}");
            }
        }
    }
}
