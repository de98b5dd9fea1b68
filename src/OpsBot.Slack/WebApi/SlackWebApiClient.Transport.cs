using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpsBot.Core.Identity;

namespace OpsBot.Slack.WebApi;

// The retrying transport: 429 waits Retry-After (capped), 5xx and timeouts back off exponentially, a few attempts in
// all; a final failure or ok:false is logged, audited and thrown, so the caller (the outbox) retries later.
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

    private async Task<RawResponse> SendAsync(string method, Func<HttpRequestMessage> build, string? channel, CancellationToken cancellationToken)
    {
        var o = options.Value;
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            TimeSpan delay;
            Exception? cause = null;
            // Wall-clock: this bounds network I/O, which a simulated clock (tests, sandbox) must not cut short.
            using var timeout = new CancellationTokenSource(o.Timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                using var request = build();
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
                var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
                var status = (int)response.StatusCode;
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    failure = "ratelimited";
                    delay = RetryAfter(response) ?? TimeSpan.FromSeconds(1);
                }
                else if (status >= 500)
                {
                    failure = $"http_{status}";
                    delay = Backoff(attempt);
                }
                else
                {
                    return new RawResponse(status, body);
                }
            }
            catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                (failure, delay, cause) = ("timeout", Backoff(attempt), e);
            }
            catch (HttpRequestException e)
            {
                (failure, delay, cause) = ("connection_failed", Backoff(attempt), e);
            }

            if (attempt >= o.MaxAttempts)
                throw await FailAsync(method, failure, [], channel, cause);
            if (delay > o.RetryMaxDelay)
                delay = o.RetryMaxDelay;
            logger.LogInformation("Slack {Method} attempt {Attempt} of {Attempts} failed ({Failure}); retrying in {Delay}",
                method, attempt, o.MaxAttempts, failure, delay);
            await Task.Delay(delay, time, cancellationToken);
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
