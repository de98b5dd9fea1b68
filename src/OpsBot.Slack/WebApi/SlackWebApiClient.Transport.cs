using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using OpsBot.Core.Identity;

namespace OpsBot.Slack.WebApi;

// The retrying transport (Polly): 429 waits Retry-After (capped), 5xx and timeouts back off exponentially, a few
// attempts in all; a final failure or ok:false is logged, audited and thrown, so the caller (the outbox) retries later.
internal sealed partial class SlackWebApiClient
{
    private sealed record RawResponse(int Status, byte[] Body);

    private async Task<JsonElement> CallAsync(string method, Func<HttpRequestMessage> request, string? channel, CancellationToken cancellationToken)
    {
        var response = await SendAsync(method, request, channel, cancellationToken);
        if (response.Status is < 200 or > 299)
            throw await FailAsync(method, $"http_{response.Status}", [], channel, null);
        if (TryParse(response.Body) is not { } json)
            throw await FailAsync(method, "invalid_json_answer", [], channel, null);
        var warnings = Warnings(json);
        if (!json.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.True)
        {
            var error = json.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "unknown_error";
            throw await FailAsync(method, error, warnings, channel, null);
        }
        if (warnings.Count > 0)
            logger.LogWarning("Slack {Method} warned: {Warnings}", method, string.Join(", ", warnings));
        return json;
    }

    /// <summary>For answers that need no ok:true (a response_url may answer plain "ok"): only an explicit ok:false fails.</summary>
    private async Task CheckAsync(string method, RawResponse response, string? channel)
    {
        if (response.Status is < 200 or > 299)
            throw await FailAsync(method, $"http_{response.Status}", [], channel, null);
        if (TryParse(response.Body) is { } json && json.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.False)
        {
            var error = json.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "unknown_error";
            throw await FailAsync(method, error, Warnings(json), channel, null);
        }
    }

    /// <summary>One attempt's outcome: the answer, or why it should be tried again (and after how long, if Slack said).</summary>
    private sealed record Attempt(RawResponse? Response, string? Failure = null, TimeSpan? RetryAfter = null, Exception? Cause = null);

    private ResiliencePipeline<Attempt>? _retry;

    /// <summary>
    /// Attempts, with Polly: 429 waits its <c>Retry-After</c> (1 s without one), 5xx, timeouts and connection failures
    /// back off 1, 2, 4 s…, every wait capped by <see cref="SlackOptions.RetryMaxDelay"/> and taken on the app's clock,
    /// <see cref="SlackOptions.MaxAttempts"/> in all. The caller's cancellation ends it at once.
    /// </summary>
    private ResiliencePipeline<Attempt> Retry => _retry ??= BuildRetry(options.Value);

    private ResiliencePipeline<Attempt> BuildRetry(SlackOptions o)
    {
        var builder = new ResiliencePipelineBuilder<Attempt> { TimeProvider = time };
        if (o.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<Attempt>
            {
                MaxRetryAttempts = o.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result?.Failure is not null),
                DelayGenerator = args =>
                {
                    var delay = args.Outcome.Result?.RetryAfter ?? Backoff(args.AttemptNumber + 1);
                    return ValueTask.FromResult<TimeSpan?>(delay > o.RetryMaxDelay ? o.RetryMaxDelay : delay);
                },
                OnRetry = args =>
                {
                    logger.LogInformation("Slack {Method} attempt {Attempt} of {Attempts} failed ({Failure}); retrying in {Delay}",
                        args.Context.Properties.GetValue(MethodKey, "?"), args.AttemptNumber + 1, o.MaxAttempts, args.Outcome.Result?.Failure, args.RetryDelay);
                    return default;
                },
            });
        }
        return builder.Build();
    }

    private static readonly ResiliencePropertyKey<string> MethodKey = new("slack.method");

    private async Task<RawResponse> SendAsync(string method, Func<HttpRequestMessage> build, string? channel, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(MethodKey, method);
        try
        {
            var last = await Retry.ExecuteAsync(static (ctx, state) => state.Client.AttemptAsync(state.Build, ctx.CancellationToken),
                context, (Client: this, Build: build));
            return last.Response ?? throw await FailAsync(method, last.Failure!, [], channel, last.Cause);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One request, freshly built, with <see cref="SlackOptions.Timeout"/> on the wall clock: it bounds network I/O, which a simulated clock (tests, sandbox) must not cut short.</summary>
    private async ValueTask<Attempt> AttemptAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Value.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = build();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                return new Attempt(null, "ratelimited", RetryAfter(response) ?? TimeSpan.FromSeconds(1));
            return status >= 500 ? new Attempt(null, $"http_{status}") : new Attempt(new RawResponse(status, body));
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new Attempt(null, "timeout", Cause: e);
        }
        catch (HttpRequestException e)
        {
            return new Attempt(null, "connection_failed", Cause: e);
        }
    }

    /// <summary>Logs and audits a failed call, and returns the exception to throw.</summary>
    private async Task<SlackApiException> FailAsync(string method, string error, IReadOnlyList<string> warnings, string? channel, Exception? cause)
    {
        var exception = new SlackApiException(method, error, warnings, cause);
        logger.LogError(cause, "Slack {Method} failed: {Error}", method, error);
        try
        {
            await audit.AppendAsync(new AuditEntry(time.GetUtcNow(), Actor.System.Identity, $"slack.{method}", null, channel, channel,
                AuditOutcome.Failed, exception.Message), CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The audit log being down must not hide the Slack failure itself.
            logger.LogError(e, "Could not audit the failure of Slack {Method}", method);
        }
        return exception;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } retry)
            return null;
        if (retry.Delta is { } delta)
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        return retry.Date is { } date ? date - time.GetUtcNow() : null;
    }

    /// <summary>1 s, 2 s, 4 s, … (capped by the caller): deterministic, because one bot has no herd to spread.</summary>
    private static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Pow(2, attempt - 1));

    private static IReadOnlyList<string> Warnings(JsonElement json)
    {
        var warnings = new List<string>();
        if (json.TryGetProperty("warning", out var w) && w.ValueKind == JsonValueKind.String)
            warnings.Add(w.GetString()!);
        if (json.TryGetProperty("response_metadata", out var meta) && meta.ValueKind == JsonValueKind.Object &&
            meta.TryGetProperty("warnings", out var list) && list.ValueKind == JsonValueKind.Array)
            warnings.AddRange(list.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!));
        return [.. warnings.Distinct()];
    }

    private static JsonElement? TryParse(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
