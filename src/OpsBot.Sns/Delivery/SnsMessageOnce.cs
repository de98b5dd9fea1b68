using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OpsBot.Core.Ports;

namespace OpsBot.Sns.Delivery;

/// <summary>How acting on a verified message went.</summary>
internal enum OnceOutcome
{
    /// <summary>Done now and recorded: answer 200.</summary>
    Done,

    /// <summary>Done before (the same MessageId): answer 200 and change nothing.</summary>
    Duplicate,

    /// <summary>The same message is being handled right now in this process: answer 503, SNS's retry finds it done.</summary>
    InProgress,

    /// <summary>The work threw; recorded as failed so the retry that a 5xx brings does it again.</summary>
    Failed,
}

internal sealed record OnceResult(OnceOutcome Outcome, string Detail);

/// <summary>
/// Acts on a verified SNS message once per <c>MessageId</c>, durably, through Core's <see cref="IIdempotencyStore"/>
/// (key <c>sns:message:&lt;MessageId&gt;</c>), claimed only after verification so a forgery never takes a real id. The
/// store cannot release a claim, so the claim's result says what happened: <c>done: …</c> makes every later delivery a
/// duplicate; <c>failed: …</c> (the work threw, so Core committed nothing) and a claim never completed (the process
/// stopped mid-way) let the next delivery do the work again. The claim is not in Core's transaction: a process that
/// stops between Core's commit and recording <c>done</c> hands that message to Core once more when SNS redelivers it.
/// </summary>
internal sealed class SnsMessageOnce(IIdempotencyStore store, TimeProvider time, ILogger<SnsMessageOnce> logger)
{
    public const string DonePrefix = "done: ";
    public const string FailedPrefix = "failed: ";

    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    public static string Key(string messageId) => $"sns:message:{messageId}";

    /// <param name="work">What the message asks, answering a short description of what was done.</param>
    /// <param name="cancellationToken">For the claim; the work gets <paramref name="workToken"/>.</param>
    public async Task<OnceResult> RunAsync(string messageId, Func<CancellationToken, Task<string>> work, CancellationToken workToken,
        CancellationToken cancellationToken)
    {
        var key = Key(messageId);
        if (!_inFlight.TryAdd(key, 0))
            return new(OnceOutcome.InProgress, "this message is being handled");
        try
        {
            IdempotencyClaim claim;
            try
            {
                claim = await store.ClaimAsync(key, time.GetUtcNow(), cancellationToken);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Could not claim SNS message {MessageId}; answering 500 so that SNS retries", messageId);
                return new(OnceOutcome.Failed, "the idempotency store failed");
            }
            if (!claim.IsFirst)
            {
                if (claim.PreviousResult?.StartsWith(DonePrefix, StringComparison.Ordinal) == true)
                    return new(OnceOutcome.Duplicate, claim.PreviousResult[DonePrefix.Length..]);
                logger.LogInformation("SNS message {MessageId} again, after {Previous}: handling it", messageId,
                    claim.PreviousResult ?? "a delivery that never completed");
            }

            string done;
            try
            {
                done = await work(workToken);
            }
            catch (Exception e)
            {
                logger.LogError(e, "SNS message {MessageId} failed; answering 500 so that SNS retries", messageId);
                await RecordFailureAsync(key, e);
                return new(OnceOutcome.Failed, e.Message);
            }
            try
            {
                await store.CompleteAsync(key, DonePrefix + done, CancellationToken.None);
            }
            catch (Exception e)
            {
                // The work is committed, so the answer is 200 (a 5xx would make SNS deliver it again for certain); the
                // claim stays without a result, so a duplicate delivery that still comes would be handled again.
                logger.LogError(e, "SNS message {MessageId} was handled ({Done}) but could not be recorded as done", messageId, done);
            }
            return new(OnceOutcome.Done, done);
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }
    }

    private async Task RecordFailureAsync(string key, Exception failure)
    {
        try
        {
            await store.CompleteAsync(key, FailedPrefix + failure.Message, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The claim stays without a result, which the next delivery also handles again.
            logger.LogError(e, "Could not record the failure of {Key}", key);
        }
    }
}
