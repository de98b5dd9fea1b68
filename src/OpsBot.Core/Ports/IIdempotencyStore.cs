namespace OpsBot.Core.Ports;

/// <summary>Whether a request key was new, and if not, what the first request answered (null while it is still running).</summary>
public sealed record IdempotencyClaim(bool IsFirst, string? PreviousResult);

/// <summary>Request keys already seen (Slack trigger_id, event_id, Teams activity id, a button's deployment version).</summary>
public interface IIdempotencyStore
{
    /// <summary>Claims <paramref name="key"/> atomically: exactly one caller gets <see cref="IdempotencyClaim.IsFirst"/>.</summary>
    Task<IdempotencyClaim> ClaimAsync(string key, DateTimeOffset now, CancellationToken cancellationToken);

    Task CompleteAsync(string key, string result, CancellationToken cancellationToken);
}
