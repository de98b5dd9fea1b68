using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpsBot.Aws.Http;

/// <summary>
/// The one place OpsBot talks to AWS: resolves the endpoint and credentials of a call, signs every attempt with
/// AWSSDK.Core's SigV4 signer, retries throttling, 5xx and timeouts with exponential backoff and full jitter
/// (honouring <c>Retry-After</c>), never retries a client error, and turns every failure into
/// <see cref="AwsServiceException"/>.
/// </summary>
internal sealed class AwsTransport(
    HttpClient http,
    AwsEnvironment environment,
    IOptions<AwsOptions> options,
    TimeProvider time,
    ILogger<AwsTransport> logger)
{
    public const string HttpClientName = "opsbot-aws";

    public async Task<AwsResponse> SendAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var region = environment.Region(request.Scope);
        var endpoint = environment.Endpoint(request.Service, region);
        var credentials = environment.Credentials(request.Scope);
        var uri = new Uri(endpoint, request.Path.TrimStart('/') + QueryString(request));
        var attempts = Math.Max(1, o.MaxAttempts);

        for (var attempt = 1; ; attempt++)
        {
            AwsServiceException failure;
            TimeSpan? retryAfter = null;
            // Wall-clock: this bounds network I/O, which a simulated clock (tests, sandbox) must not cut short.
            using var timeout = new CancellationTokenSource(o.Timeout);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                using var message = await SignedMessageAsync(request, uri, region, credentials, linked.Token);
                using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, linked.Token);
                var body = await response.Content.ReadAsByteArrayAsync(linked.Token);
                var headers = Headers(response);
                if (response.IsSuccessStatusCode)
                    return new AwsResponse((int)response.StatusCode, headers, body);
                failure = AwsErrors.Parse(request, response.StatusCode, headers, body);
                retryAfter = RetryAfter(response);
            }
            catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                failure = new AwsServiceException(request.Service.Name, request.Operation, "Timeout", $"no answer within {o.Timeout.TotalSeconds:0.#} s", null, null, e);
            }
            catch (HttpRequestException e)
            {
                failure = new AwsServiceException(request.Service.Name, request.Operation, "ConnectionFailed", e.Message, null, null, e);
            }

            if (!failure.IsRetryable || attempt >= attempts)
                throw failure;
            var delay = Backoff(attempt, retryAfter, o);
            logger.LogInformation("{Service} {Operation} attempt {Attempt} of {Attempts} failed ({Code}); retrying in {Delay}",
                request.Service.Name, request.Operation, attempt, attempts, failure.Code, delay);
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    private async Task<HttpRequestMessage> SignedMessageAsync(AwsRequest request, Uri uri, string region,
        Amazon.Runtime.AWSCredentials credentials, CancellationToken cancellationToken)
    {
        var body = request.Body ?? [];
        var toSign = new Dictionary<string, string>(request.Headers, StringComparer.OrdinalIgnoreCase);
        if (request.ContentType is not null)
            toSign["Content-Type"] = request.ContentType;
        var signed = await AwsSigner.SignAsync(request.Method, uri, toSign, body, credentials, region, request.Service.SigningName,
            time.GetUtcNow().UtcDateTime, cancellationToken);

        var message = new HttpRequestMessage(request.Method, uri);
        if (request.Body is not null || request.ContentType is not null)
        {
            message.Content = new ByteArrayContent(body);
            if (request.ContentType is not null)
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
        }
        foreach (var (name, value) in request.Headers)
            message.Headers.TryAddWithoutValidation(name, value);
        foreach (var (name, value) in signed)
        {
            if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && !name.Equals("Host", StringComparison.OrdinalIgnoreCase))
                message.Headers.TryAddWithoutValidation(name, value);
        }
        return message;
    }

    /// <summary>The query string, each name and value percent-encoded as SigV4 and AWS expect (RFC 3986).</summary>
    private static string QueryString(AwsRequest request) =>
        request.Query.Count == 0
            ? ""
            : "?" + string.Join("&", request.Query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    private static Dictionary<string, string> Headers(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            headers[name] = string.Join(",", values);
        return headers;
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } retry)
            return null;
        if (retry.Delta is { } delta)
            return delta;
        return retry.Date is { } date ? date - time.GetUtcNow() : null;
    }

    /// <summary>Full jitter: a random wait up to base × 2^(attempt-1), capped; a Retry-After the service asked for is honoured (capped too).</summary>
    private static TimeSpan Backoff(int attempt, TimeSpan? retryAfter, AwsOptions o)
    {
        if (retryAfter is { } asked && asked > TimeSpan.Zero)
            return asked < o.RetryMaxDelay ? asked : o.RetryMaxDelay;
        var ceiling = Math.Min(o.RetryMaxDelay.TotalMilliseconds, o.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}
