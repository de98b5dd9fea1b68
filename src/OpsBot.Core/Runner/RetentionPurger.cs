using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Core.Configuration;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Runner;

/// <summary>
/// Purges what is older than <see cref="RetentionOptions"/> after a poll, at most once per <see cref="Interval"/> on
/// the runner's clock. A failed purge is logged and not retried before the next interval: it must not fail polls.
/// </summary>
public sealed class RetentionPurger(IRetentionStore store, IOptionsMonitor<OpsBotOptions> options, TimeProvider time, ILogger<RetentionPurger> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    private DateTimeOffset? _lastRunAt;

    /// <summary>Purges when the last purge was at least <see cref="Interval"/> ago (or never ran); returns what it removed, or null when not due.</summary>
    public async Task<PurgedRows?> PurgeIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_lastRunAt is { } last && now - last < Interval)
            return null;
        _lastRunAt = now;
        var retention = options.CurrentValue.Storage;
        try
        {
            var purged = await store.PurgeAsync(now - retention.Retention, now - retention.AuditRetention, cancellationToken);
            if (purged.Total > 0)
                logger.LogInformation("Purged {Notices} notices, {Samples} samples, {Keys} idempotency keys older than {Retention} and {Audit} audit entries older than {AuditRetention}",
                    purged.Notices, purged.Samples, purged.IdempotencyKeys, retention.Retention, purged.AuditEntries, retention.AuditRetention);
            return purged;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Purging old rows failed; trying again in {Interval}", Interval);
            return null;
        }
    }
}
