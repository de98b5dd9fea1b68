using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace OpsBot.Teams.Connector;

/// <summary>
/// The last answer to a request after its attempts: its status and body, or, when every attempt failed in a way worth
/// retrying, why (<see cref="Failure"/>: <c>http_429</c>, <c>http_503</c>, <c>timeout</c>, <c>connection_failed</c>).
/// </summary>
internal sealed record HttpAnswer(int Status, byte[] Body, string? Failure = null, TimeSpan? RetryAfter = null, Exception? Cause = null);

/// <summary>
/// How the Teams adapter calls Microsoft (the token authority, the Bot Connector), as the Slack client calls Slack: with
/// Polly, 429 waits its <c>Retry-After</c> (1 s without one), 5xx, timeouts and connection failures back off 1, 2, 4 s…,
/// every wait capped by <see cref="TeamsOptions.RetryMaxDelay"/> and taken on the app's clock,
/// <see cref="TeamsOptions.MaxAttempts"/> in all; each attempt has <see cref="TeamsOptions.Timeout"/> on the wall clock
/// (it bounds network I/O, which a simulated clock must not cut short). Any other answer is final, for the caller to read.
/// </summary>
internal sealed class RetryingHttp(HttpClient http, TeamsOptions options, TimeProvider time, ILogger logger)
{
    private readonly ResiliencePipeline<HttpAnswer> _retry = Build(options, time, logger);

    /// <summary>Sends the request <paramref name="build"/> makes afresh for each attempt; <paramref name="what"/> names it in logs.</summary>
    public async Task<HttpAnswer> SendAsync(string what, Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(WhatKey, what);
        try
        {
            return await _retry.ExecuteAsync(static (ctx, s) => s.Self.AttemptAsync(s.Build, ctx.CancellationToken), context, (Self: this, Build: build));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static readonly ResiliencePropertyKey<string> WhatKey = new("teams.call");

    private static ResiliencePipeline<HttpAnswer> Build(TeamsOptions o, TimeProvider time, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<HttpAnswer> { TimeProvider = time };
        if (o.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpAnswer>
            {
                MaxRetryAttempts = o.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.Failure is not null),
                DelayGenerator = args =>
                {
                    var delay = args.Outcome.Result?.RetryAfter ?? TimeSpan.FromSeconds(Math.Pow(2, args.AttemptNumber));
                    return ValueTask.FromResult<TimeSpan?>(delay > o.RetryMaxDelay ? o.RetryMaxDelay : delay);
                },
                OnRetry = args =>
                {
                    logger.LogInformation("Teams {Call}: attempt {Attempt} of {Attempts} failed ({Failure}); retrying in {Delay}",
                        args.Context.Properties.GetValue(WhatKey, "?"), args.AttemptNumber + 1, o.MaxAttempts, args.Outcome.Result?.Failure, args.RetryDelay);
                    return default;
                },
            });
        }
        return builder.Build();
    }

    private async ValueTask<HttpAnswer> AttemptAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = build();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
            var status = (int)response.StatusCode;
            return response.StatusCode == HttpStatusCode.TooManyRequests ? new HttpAnswer(status, body, "http_429", RetryAfter(response) ?? TimeSpan.FromSeconds(1))
                : status >= 500 ? new HttpAnswer(status, body, $"http_{status}", RetryAfter(response))
                : new HttpAnswer(status, body);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new HttpAnswer(0, [], "timeout", Cause: e);
        }
        catch (HttpRequestException e)
        {
            return new HttpAnswer(0, [], "connection_failed", Cause: e);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => null,
        };
}
