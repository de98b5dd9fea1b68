using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace OpsBot.Teams.Auth;

// The retrying transport (Polly, as the Slack client does): 429 waits Retry-After (capped), 5xx, timeouts and
// connection failures back off 1, 2, 4 s…; any other answer is final. A 4xx means the credentials or the request are
// wrong, which no retry fixes, so it fails at once with what the authority said — never with what was sent.
internal sealed partial class BotTokenClient
{
    private sealed record RawResponse(int Status, byte[] Body);

    /// <summary>One attempt's outcome: the answer, or why it should be tried again (and after how long, if the authority said).</summary>
    private sealed record Attempt(RawResponse? Response, string? Failure = null, TimeSpan? RetryAfter = null, Exception? Cause = null);

    private ResiliencePipeline<Attempt>? _retry;

    /// <summary>Up to <see cref="TeamsOptions.MaxAttempts"/> attempts, every wait capped by <see cref="TeamsOptions.RetryMaxDelay"/> and taken on the app's clock.</summary>
    private ResiliencePipeline<Attempt> Retry => _retry ??= BuildRetry(_options.Value);

    private ResiliencePipeline<Attempt> BuildRetry(TeamsOptions o)
    {
        var builder = new ResiliencePipelineBuilder<Attempt> { TimeProvider = _time };
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
                    _logger.LogInformation("Token request to {Url}: attempt {Attempt} of {Attempts} failed ({Failure}); retrying in {Delay}",
                        TokenUrl, args.AttemptNumber + 1, o.MaxAttempts, args.Outcome.Result?.Failure, args.RetryDelay);
                    return default;
                },
            });
        }
        return builder.Build();
    }

    /// <summary>The token and its lifetime, after as many attempts as it takes.</summary>
    private async Task<(string Token, TimeSpan ExpiresIn)> RequestTokenAsync(CancellationToken cancellationToken)
    {
        var last = await Retry.ExecuteAsync(static (state, ct) => state.AttemptAsync(ct), this, cancellationToken);
        if (last.Response is not { } response)
            throw Fail($"the token endpoint {TokenUrl} kept failing ({last.Failure}) after {_options.Value.MaxAttempts} attempt(s)", true, last.Cause);
        var json = TryParse(response.Body);
        if (response.Status is < 200 or > 299)
            throw Fail($"the token endpoint {TokenUrl} refused the request: HTTP {response.Status}{AadError(json)}; check {TeamsOptions.Section}:AppId, its credential (AppPassword or CertificatePath) and TenantId", false);
        if (json is not { } body || !body.TryGetProperty("access_token", out var token) || token.ValueKind != JsonValueKind.String || token.GetString() is not { Length: > 0 } accessToken)
            throw Fail($"the token endpoint {TokenUrl} answered HTTP {response.Status} without an access_token", true);
        var expiresIn = body.TryGetProperty("expires_in", out var e) && ReadSeconds(e) is { } seconds ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
        return (accessToken, expiresIn);
    }

    /// <summary>One POST, its form freshly built (a certificate assertion is single-use), with <see cref="TeamsOptions.Timeout"/> on the
    /// wall clock: it bounds network I/O, which a simulated clock (tests, sandbox) must not cut short.</summary>
    private async ValueTask<Attempt> AttemptAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Value.Timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, TokenUrl) { Content = new FormUrlEncodedContent(Form()) };
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
            var status = (int)response.StatusCode;
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                return new Attempt(null, "http_429", RetryAfter(response) ?? TimeSpan.FromSeconds(1));
            return status >= 500 ? new Attempt(null, $"http_{status}", RetryAfter(response)) : new Attempt(new RawResponse(status, body));
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

    private List<KeyValuePair<string, string>> Form()
    {
        var o = _options.Value;
        List<KeyValuePair<string, string>> form =
        [
            new("grant_type", "client_credentials"),
            new("client_id", o.AppId),
            new("scope", o.Scope),
        ];
        if (_assertion is not null)
        {
            form.Add(new("client_assertion_type", ClientAssertion.Type));
            form.Add(new("client_assertion", _assertion.Create(o.AppId, TokenUrl, _time.GetUtcNow())));
        }
        else
        {
            form.Add(new("client_secret", o.AppPassword));
        }
        return form;
    }

    private BotTokenException Fail(string message, bool retryable, Exception? cause = null)
    {
        _logger.LogError(cause, "Could not get a Bot Connector token: {Message}", message);
        return new BotTokenException($"Teams: {message}", retryable, cause);
    }

    /// <summary>", invalid_client (AADSTS7000215)" from an AAD error answer; its free-text description is left out.</summary>
    private static string AadError(JsonElement? json)
    {
        if (json is not { } body)
            return "";
        var error = body.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
        var codes = body.TryGetProperty("error_codes", out var c) && c.ValueKind == JsonValueKind.Array
            ? string.Join(", ", c.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Number).Select(x => $"AADSTS{x.GetRawText()}"))
            : "";
        return (error, codes) switch
        {
            (null, "") => "",
            (null, _) => $", {codes}",
            (_, "") => $", {error}",
            _ => $", {error} ({codes})",
        };
    }

    private static double? ReadSeconds(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetDouble(out var n) && n > 0 => n,
        JsonValueKind.String when double.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 => s,
        _ => null,
    };

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } retry)
            return null;
        if (retry.Delta is { } delta)
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        return retry.Date is { } date ? (date > _time.GetUtcNow() ? date - _time.GetUtcNow() : TimeSpan.Zero) : null;
    }

    /// <summary>1 s, 2 s, 4 s, … (capped by the caller).</summary>
    private static TimeSpan Backoff(int attempt) => TimeSpan.FromSeconds(Math.Pow(2, attempt - 1));

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
