namespace OpsBot.Sandbox.Teams;

/// <summary>The connector's switchable fault: the next N calls answer 429 with a <c>Retry-After</c>, as a throttled Teams does.</summary>
public sealed class TeamsConnectorFaults
{
    private readonly Lock _lock = new();
    private int _throttled;
    private int _retryAfterSeconds = 1;

    /// <summary>Makes the next <paramref name="calls"/> connector calls answer 429 with <c>Retry-After: <paramref name="retryAfterSeconds"/></c> (0 clears).</summary>
    public void Throttle(int calls, int retryAfterSeconds = 1)
    {
        lock (_lock)
        {
            _throttled = Math.Max(0, calls);
            _retryAfterSeconds = Math.Max(0, retryAfterSeconds);
        }
    }

    /// <summary>Calls still to be throttled.</summary>
    public int Throttled
    {
        get
        {
            lock (_lock)
                return _throttled;
        }
    }

    /// <summary>The Retry-After seconds when this call is throttled (and counts it), else null.</summary>
    internal int? TakeThrottle()
    {
        lock (_lock)
        {
            if (_throttled == 0)
                return null;
            _throttled--;
            return _retryAfterSeconds;
        }
    }
}
