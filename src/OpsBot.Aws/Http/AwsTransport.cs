using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpsBot.Aws.Http;

/// <summary>
/// The one place OpsBot talks to AWS: resolves the endpoint and credentials of a call, signs every attempt with
/// AWSSDK.Core's SigV4 signer, sends it through <see cref="AwsRetryPipeline"/> (throttling, 5xx and timeouts retried
/// with exponential backoff and full jitter, honouring <c>Retry-After</c>; a client error never), and turns every
/// failure into <see cref="AwsServiceException"/>.
/// </summary>
internal sealed class AwsTransport
{
    public const string HttpClientName = "opsbot-aws";

    private readonly HttpClient _http;
    private readonly AwsEnvironment _environment;
    private readonly TimeProvider _time;
    private readonly AwsRetryPipeline _retry;

    [ActivatorUtilitiesConstructor]
    public AwsTransport(HttpClient http, AwsEnvironment environment, IOptions<AwsOptions> options, TimeProvider time, ILogger<AwsTransport> logger)
        : this(http, environment, options, time, logger, TimeProvider.System)
    {
    }

    /// <param name="attemptClock">The clock of the per-attempt timeout (see <see cref="AwsRetryPipeline"/>): tests pass a fake one.</param>
    internal AwsTransport(HttpClient http, AwsEnvironment environment, IOptions<AwsOptions> options, TimeProvider time,
        ILogger<AwsTransport> logger, TimeProvider attemptClock)
    {
        _http = http;
        _environment = environment;
        _time = time;
        _retry = new AwsRetryPipeline(options.Value, time, attemptClock, logger);
    }

    public async Task<AwsResponse> SendAsync(AwsRequest request, CancellationToken cancellationToken)
    {
        var region = _environment.Region(request.Scope);
        var endpoint = _environment.Endpoint(request.Service, region);
        var credentials = _environment.Credentials(request.Scope);
        var uri = new Uri(endpoint, request.Path.TrimStart('/') + QueryString(request));
        return await _retry.ExecuteAsync(request, token => AttemptAsync(request, uri, region, credentials, token), cancellationToken);
    }

    /// <summary>One attempt: a newly signed request (a fresh X-Amz-Date), its answer, or the failure it ends in.</summary>
    private async ValueTask<AwsResponse> AttemptAsync(AwsRequest request, Uri uri, string region,
        Amazon.Runtime.AWSCredentials credentials, CancellationToken cancellationToken)
    {
        try
        {
            using var message = await SignedMessageAsync(request, uri, region, credentials, cancellationToken);
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var headers = Headers(response);
            if (response.IsSuccessStatusCode)
                return new AwsResponse((int)response.StatusCode, headers, body);
            throw AwsErrors.Parse(request, response.StatusCode, headers, body, RetryAfter(response));
        }
        catch (HttpRequestException e)
        {
            throw new AwsServiceException(request.Service.Name, request.Operation, "ConnectionFailed", e.Message, null, null, e);
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
            _time.GetUtcNow().UtcDateTime, cancellationToken);

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
        return retry.Date is { } date ? date - _time.GetUtcNow() : null;
    }
}
