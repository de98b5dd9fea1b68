using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Flags;
using OpsBot.Core.Health;
using OpsBot.Core.Notifications;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Runner;

/// <summary>
/// Advances every active deployment each poll interval (health read in one batch for all of them), acts at once on a
/// deployment a person just changed (<see cref="Wake"/>), and rolls back at once on a pushed alarm. Work on one
/// deployment is serialized by <see cref="DeploymentLocks"/>; different deployments run concurrently. On start it
/// resumes every non-terminal deployment from what the alias says now.
/// </summary>
public sealed class DeploymentRunner(
    IDeploymentStore store,
    IEnvironmentFreezes freezes,
    DeploymentReconciler reconciler,
    IFlagChangeStore flagChanges,
    FlagChangeReconciler flagReconciler,
    FlagFollowUps flagFollowUps,
    IncidentReconciler incidents,
    HealthReader health,
    OutboxDispatcher outbox,
    RetentionPurger retention,
    DeploymentLocks locks,
    IOptionsMonitor<OpsBotOptions> options,
    TimeProvider time,
    ILogger<DeploymentRunner> logger) : BackgroundService, IDeploymentSignal
{
    private readonly Channel<string> _wakes = Channel.CreateUnbounded<string>();

    /// <summary>Completed polls, for readiness and tests.</summary>
    public long Cycles { get; private set; }

    /// <summary>When the last poll completed (null before the first: the runner has not yet resumed what the store holds).</summary>
    public DateTimeOffset? LastCycleAt { get; private set; }

    /// <summary>Why the last poll failed, or null when it succeeded (for the log and tests; readiness shows only <see cref="LastCycleFailedAt"/>).</summary>
    public string? LastCycleError { get; private set; }

    /// <summary>When the last poll failed, or null when it succeeded.</summary>
    public DateTimeOffset? LastCycleFailedAt { get; private set; }

    public void Wake(string deploymentId) => _wakes.Writer.TryWrite(deploymentId);

    /// <summary>
    /// Two loops: polls on the schedule, and wake-ups as they come. A person's action is not queued behind a poll of
    /// every deployment; the per-deployment lock keeps the two from acting on one deployment at once.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Deployment runner started: polling every {Interval}", options.CurrentValue.Runner.PollInterval);
        return Task.WhenAll(PollLoopAsync(stoppingToken), WakeLoopAsync(stoppingToken));
    }

    private async Task PollLoopAsync(CancellationToken stoppingToken)
    {
        var next = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            if (time.GetUtcNow() >= next)
            {
                LastCycleError = await GuardAsync(() => RunCycleAsync(stoppingToken));
                LastCycleFailedAt = LastCycleError is null ? null : time.GetUtcNow();
                // On the schedule, not after the work: a slow poll does not push every later one back.
                next += options.CurrentValue.Runner.PollInterval;
                if (next < time.GetUtcNow())
                    next = time.GetUtcNow();
            }
            await SleepUntilAsync(next, stoppingToken);
        }
    }

    private async Task WakeLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _wakes.Reader.WaitToReadAsync(stoppingToken))
            {
                var woken = new HashSet<string>(StringComparer.Ordinal);
                while (_wakes.Reader.TryRead(out var id))
                    woken.Add(id);
                await GuardAsync(() => AdvanceAsync(woken, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    /// <summary>One poll: every active deployment, with this poll's health, then the outbox, then (hourly) the retention purge.</summary>
    public async Task RunCycleAsync(CancellationToken cancellationToken)
    {
        var active = await store.ListActiveAsync(cancellationToken);
        var frozen = (await freezes.ListAsync(cancellationToken)).ToDictionary(f => f.Environment, StringComparer.OrdinalIgnoreCase);
        var inputs = await health.ReadAsync(active, time.GetUtcNow(), cancellationToken);
        await ForEachAsync(active, async listed =>
        {
            var d = await store.GetAsync(listed.Id, cancellationToken);
            if (d is null || !d.IsActive)
                return;
            var input = inputs.GetValueOrDefault(d.Id);
            if (input?.Metrics is not null && d.Health.JudgedUntil != listed.Health.JudgedUntil)
                input = input with { Metrics = null }; // judged meanwhile; do not judge the same periods twice
            await reconciler.AdvanceAsync(d, input, frozen.GetValueOrDefault(d.Target.Environment), cancellationToken);
        }, cancellationToken);
        await GuardAsync(() => flagFollowUps.CreateDueAsync(cancellationToken));
        await AdvanceFlagChangesAsync((await flagChanges.ListActiveAsync(cancellationToken)).Select(c => c.Id), cancellationToken);
        await GuardAsync(() => incidents.RunAsync(cancellationToken));
        await outbox.DispatchAsync(cancellationToken);
        await retention.PurgeIfDueAsync(cancellationToken);
        // A poll is complete once what it committed has been announced.
        LastCycleAt = time.GetUtcNow();
        Cycles++;
    }

    /// <summary>Acts now on the given deployments and flag changes (traffic actions only; health waits for the next poll).</summary>
    public async Task AdvanceAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        await AdvanceFlagChangesAsync(ids.Where(IsFlagChange), cancellationToken);
        await ForEachAsync(ids.Where(id => !IsFlagChange(id)), async id =>
        {
            var d = await store.GetAsync(id, cancellationToken);
            if (d is not null && d.IsActive)
                await reconciler.AdvanceAsync(d, null, await freezes.GetAsync(d.Target.Environment, cancellationToken), cancellationToken);
        }, cancellationToken);
        await outbox.DispatchAsync(cancellationToken);
    }

    /// <summary>An alarm changed state (SNS push): deployments it guards roll back now. Returns how many it guarded.</summary>
    public async Task<int> PushAlarmAsync(AlarmStatus alarm, CancellationToken cancellationToken) =>
        await PushAlarmAsync(alarm, [.. (await store.ListActiveAsync(cancellationToken)).Where(d => d.Alarms.Contains(alarm.Name)).Select(d => d.Id)], cancellationToken);

    /// <summary>An alarm in ALARM guards these deployments (the caller matched them): each rolls back now, then the outbox is delivered.</summary>
    public async Task<int> PushAlarmAsync(AlarmStatus alarm, IReadOnlyCollection<string> guarded, CancellationToken cancellationToken)
    {
        await ForEachAsync(guarded, async id =>
        {
            var d = await store.GetAsync(id, cancellationToken);
            if (d is not null && d.IsActive)
                await reconciler.RollBackForAlarmAsync(d, alarm, cancellationToken, guards: true);
        }, cancellationToken);
        await outbox.DispatchAsync(cancellationToken);
        return guarded.Count;
    }

    private static bool IsFlagChange(string id) => id.StartsWith(FlagChange.IdPrefix, StringComparison.Ordinal);

    /// <summary>
    /// Flag changes one after another, oldest first: AppConfig runs one deployment per environment, so a change
    /// stopped for an emergency one must be done before that one starts. Each under its id's lock, reloaded.
    /// </summary>
    private async Task AdvanceFlagChangesAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        foreach (var id in ids)
        {
            using var _ = await locks.AcquireAsync(id, cancellationToken);
            try
            {
                if (await flagChanges.GetAsync(id, cancellationToken) is { IsActive: true } c)
                    await flagReconciler.AdvanceAsync(c, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Advancing flag change {Change} failed; retrying next poll", id);
            }
        }
    }

    private Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> work, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(items,
            new ParallelOptions { MaxDegreeOfParallelism = options.CurrentValue.Runner.MaxConcurrency, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                var id = item switch { Deployment d => d.Id, string s => s, _ => throw new ArgumentException("not a deployment", nameof(items)) };
                using var _ = await locks.AcquireAsync(id, ct);
                try
                {
                    await work(item);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One deployment's failure must not stop the others; it is retried next poll.
                    logger.LogError(e, "Advancing deployment {Deployment} failed", id);
                }
            });

    /// <summary>Waits until <paramref name="until"/> on the runner's clock.</summary>
    private async Task SleepUntilAsync(DateTimeOffset until, CancellationToken stoppingToken)
    {
        var delay = until - time.GetUtcNow();
        if (delay <= TimeSpan.Zero)
            return;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var sleeping = Task.Delay(delay, time, cts.Token);
        // The clock may have moved between reading it and arming the timer; a timer armed late would wait a whole
        // interval too long, so then do not wait at all.
        if (time.GetUtcNow() >= until)
            await cts.CancelAsync();
        try
        {
            await sleeping;
        }
        catch (OperationCanceledException)
        {
            // woken early on purpose, or shutting down
        }
    }

    private async Task<string?> GuardAsync(Func<Task> work)
    {
        try
        {
            await work();
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Deployment runner cycle failed; retrying next poll");
            return e.Message;
        }
    }
}
