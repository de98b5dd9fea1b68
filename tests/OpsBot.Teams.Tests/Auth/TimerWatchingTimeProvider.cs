using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace OpsBot.Teams.Tests.Auth;

/// <summary>A fake clock that also says when a timer is armed and for how long, so a test can wait for a retry's delay to start.</summary>
internal sealed class TimerWatchingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _signal = new();
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
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            Task next;
            lock (_signal)
                next = _armed.Task;
            if (Timers.Count >= count)
                return [.. Timers];
            try
            {
                await next.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"expected {count} timers; armed: {string.Join(", ", Timers)}");
            }
        }
    }
}
