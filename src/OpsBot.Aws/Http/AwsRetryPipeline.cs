using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OpsBot.Aws.Http;

/// <summary>
/// How <see cref="AwsTransport"/> tries a call again (Polly): an attempt that failed with throttling, a 5xx, a timeout
/// or no answer at all (<see cref="AwsServiceException.IsRetryable"/>) is made again, up to
/// <see cref="AwsOptions.MaxAttempts"/> in all, after a full-jitter exponential backoff capped by
/// <see cref="AwsOptions.RetryMaxDelay"/>, or after the <c>Retry-After</c> the service asked for (capped too). A client
/// error is never tried again. Each attempt is a new call of the attempt function (so a new, freshly signed request)
/// and has <see cref="AwsOptions.Timeout"/> to answer; the caller's cancellation ends the call at once, in an attempt
/// or in a wait.
/// </summary>
internal sealed class AwsRetryPipeline
{
    private readonly ResiliencePipeline _retry;
    private readonly ResiliencePipeline _attempt;
    private readonly TimeSpan _timeout;

    /// <param name="options">Attempts, backoff and the per-attempt timeout.</param>
    /// <param name="time">The clock of the waits between attempts (a fake one in tests and the sandbox).</param>
    /// <param name="attemptClock">The clock of the per-attempt timeout: the wall clock, since it bounds network I/O,
    /// which a simulated clock must not cut short; tests pass a fake one to time an attempt out without waiting.</param>
    /// <param name="logger">Where a retried failure is logged.</param>
    public AwsRetryPipeline(AwsOptions options, TimeProvider time, TimeProvider attemptClock, ILogger logger)
    {
        _timeout = options.Timeout;
        var attempts = Math.Max(1, options.MaxAttempts);
        var retry = new ResiliencePipelineBuilder { TimeProvider = time };
        if (attempts > 1)
        {
            retry.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = attempts - 1,
                ShouldHandle = new PredicateBuilder().Handle<AwsServiceException>(e => e.IsRetryable),
                DelayGenerator = args => new(Backoff(args.AttemptNumber + 1, (args.Outcome.Exception as AwsServiceException)?.RetryAfter, options)),
                OnRetry = args =>
                {
                    var failure = (AwsServiceException)args.Outcome.Exception!;
                    logger.LogInformation("{Service} {Operation} attempt {Attempt} of {Attempts} failed ({Code}); retrying in {Delay}",
                        failure.Service, failure.Operation, args.AttemptNumber + 1, attempts, failure.Code, args.RetryDelay);
                    return default;
                },
            });
        }
        _retry = retry.Build();
        // A generator rather than TimeoutStrategyOptions.Timeout, whose range (10 ms to 1 day) is narrower than what
        // the options accept (any positive span).
        _attempt = new ResiliencePipelineBuilder { TimeProvider = attemptClock }
            .AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = _ => new(options.Timeout) })
            .Build();
    }

    /// <summary>Runs <paramref name="attempt"/> until it succeeds, fails for good, or the attempts run out; throws the last
    /// <see cref="AwsServiceException"/> (an attempt that timed out is one with the code <c>Timeout</c>).</summary>
    public ValueTask<T> ExecuteAsync<T>(AwsRequest request, Func<CancellationToken, ValueTask<T>> attempt, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync(async token =>
        {
            try
            {
                return await _attempt.ExecuteAsync(attempt, token);
            }
            catch (TimeoutRejectedException e)
            {
                throw new AwsServiceException(request.Service.Name, request.Operation, "Timeout",
                    $"no answer within {_timeout.TotalSeconds:0.#} s", null, null, e);
            }
        }, cancellationToken);

    /// <summary>Full jitter: a random wait up to base × 2^(attempt-1), capped; a Retry-After the service asked for is
    /// honoured (capped too).</summary>
    internal static TimeSpan Backoff(int attempt, TimeSpan? retryAfter, AwsOptions o)
    {
        if (retryAfter is { } asked && asked > TimeSpan.Zero)
            return asked < o.RetryMaxDelay ? asked : o.RetryMaxDelay;
        var ceiling = Math.Min(o.RetryMaxDelay.TotalMilliseconds, o.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}
