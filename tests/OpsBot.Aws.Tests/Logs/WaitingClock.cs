using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace OpsBot.Aws.Tests.Logs;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that knows when someone waits on it (a timer is pending: a poll's delay, a retry's
/// backoff), and moves on only then (<see cref="RunAsync"/>). Simulated time thus never races ahead of the work while
/// it is busy on another thread, however slow the machine, so a 30-second deadline is reached after the polls that
/// fit in it, not during the first signing.
/// </summary>
internal sealed class WaitingClock(DateTimeOffset start) : TimeProvider
{
    private readonly FakeTimeProvider _fake = new(start);
    private int _pending;

    public bool Waiting => Volatile.Read(ref _pending) > 0;

    public void Advance(TimeSpan by) => _fake.Advance(by);

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
            return _fake.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _pending);
        var timer = new Pending(this);
        timer.Inner = _fake.CreateTimer(s => { timer.Done(); callback(s); }, state, dueTime, period);
        return timer;
    }

    /// <summary>Runs <paramref name="work"/> to its end, moving the clock on in 100 ms steps while it waits; 30 s of real time at most.</summary>
    public async Task RunAsync(Task work)
    {
        var safeguard = Stopwatch.StartNew();
        while (!work.IsCompleted && safeguard.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Yield();
            if (Waiting)
                Advance(TimeSpan.FromMilliseconds(100));
        }
        await work;
    }

    private sealed class Pending(WaitingClock clock) : ITimer
    {
        private int _done;

        public ITimer Inner { get; set; } = null!;

        public void Done()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
                Interlocked.Decrement(ref clock._pending);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => Inner.Change(dueTime, period);

        public void Dispose()
        {
            Done();
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Done();
            return Inner.DisposeAsync();
        }
    }
}
