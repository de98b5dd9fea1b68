using System.Net;

namespace OpsBot.Aws.Http;

/// <summary>An AWS call failed: the service's error code and message, the HTTP status and the request id.</summary>
internal sealed class AwsServiceException(string service, string operation, string code, string? detail, HttpStatusCode? status, string? requestId, Exception? inner = null)
    : Exception(Describe(service, operation, code, detail, status, requestId), inner)
{
    public string Service { get; } = service;

    public string Operation { get; } = operation;

    /// <summary>The AWS error code (<c>ResourceNotFoundException</c>, <c>ResourceNotFound</c>, <c>Throttling</c>, ...), or
    /// <c>Timeout</c> / <c>ConnectionFailed</c> when no answer came back.</summary>
    public string Code { get; } = code;

    public string? Detail { get; } = detail;

    /// <summary>Null when no answer came back.</summary>
    public HttpStatusCode? Status { get; } = status;

    public string? RequestId { get; } = requestId;

    /// <summary>The error answer's body as text, for the members a service adds to its errors (AppConfig's
    /// <c>Details</c>, <c>ResourceName</c>); null when there was none.</summary>
    public string? ErrorBody { get; init; }

    /// <summary>How long the service asked to be left alone (<c>Retry-After</c>) before another attempt; null when it did not say.</summary>
    public TimeSpan? RetryAfter { get; init; }

    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "RequestThrottled", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    };

    /// <summary>The code is one the service uses for throttling of its own (<see cref="AwsService.ThrottlingCodes"/>).</summary>
    public bool ServiceThrottling { get; init; }

    /// <summary>Throttling, a 5xx, or no answer at all: worth another attempt. Client errors are not.</summary>
    public bool IsRetryable =>
        Status is null || ServiceThrottling || ThrottlingCodes.Contains(Code) || (int)Status.Value is 429 or >= 500;

    private static string Describe(string service, string operation, string code, string? detail, HttpStatusCode? status, string? requestId) =>
        $"{service} {operation} failed: {code}{(status is { } s ? $" (HTTP {(int)s})" : "")}" +
        $"{(string.IsNullOrEmpty(detail) ? "" : $": {detail}")}{(requestId is null ? "" : $" [request {requestId}]")}";
}
