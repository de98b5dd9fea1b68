using System.Text.Json.Nodes;

namespace OpsBot.Sandbox.Slack;

/// <summary>The call log, and rate limiting on demand.</summary>
public sealed partial class FakeSlackWorkspace
{
    private readonly List<FakeSlackCall> _calls = [];
    private readonly Dictionary<string, PendingRateLimit> _rateLimits = new(StringComparer.Ordinal);

    /// <summary>Every call answered so far, oldest first; only those of <paramref name="method"/> when given.</summary>
    /// <param name="method">A Web API method name, <c>upload</c> or <c>response_url</c>; null for all.</param>
    public IReadOnlyList<FakeSlackCall> Calls(string? method = null)
    {
        lock (_gate)
            return [.. _calls.Where(c => method is null || c.Method == method).Select(c => c with { Arguments = (JsonObject)c.Arguments.DeepClone() })];
    }

    /// <summary>Forgets the calls logged so far (the workspace's content stays).</summary>
    public void ClearCalls()
    {
        lock (_gate)
            _calls.Clear();
    }

    /// <summary>
    /// Makes the next <paramref name="calls"/> calls of <paramref name="method"/> answer HTTP 429 with
    /// <c>Retry-After: <paramref name="retryAfterSeconds"/></c> and <c>{"ok":false,"error":"ratelimited"}</c>, as
    /// Slack does when an app goes past a method's rate limit. A rate-limited call changes nothing.
    /// </summary>
    /// <param name="method">The Web API method, e.g. <c>chat.update</c>.</param>
    /// <param name="calls">How many calls in a row are refused.</param>
    /// <param name="retryAfterSeconds">The <c>Retry-After</c> header's value.</param>
    public void RateLimit(string method, int calls = 1, int retryAfterSeconds = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(calls);
        ArgumentOutOfRangeException.ThrowIfNegative(retryAfterSeconds);
        lock (_gate)
            _rateLimits[method] = new PendingRateLimit(calls, retryAfterSeconds);
    }

    /// <summary>Takes one refusal from <paramref name="method"/>'s rate limit: the Retry-After seconds to answer, or
    /// null when the call goes through.</summary>
    internal int? TakeRateLimit(string method)
    {
        lock (_gate)
        {
            if (!_rateLimits.TryGetValue(method, out var limit) || limit.Remaining <= 0)
                return null;
            _rateLimits[method] = limit with { Remaining = limit.Remaining - 1 };
            return limit.RetryAfterSeconds;
        }
    }

    internal void Log(string method, JsonObject arguments, int status, string? error)
    {
        lock (_gate)
            _calls.Add(new FakeSlackCall(method, _time.GetUtcNow(), arguments, status, error));
    }

    private sealed record PendingRateLimit(int Remaining, int RetryAfterSeconds);
}
