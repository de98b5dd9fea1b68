namespace OpsBot.Aws;

/// <summary>
/// The <c>OpsBot:Aws</c> section: how OpsBot reaches AWS. Everything is optional: by default credentials come from
/// AWSSDK.Core's default chain and the region from the environment's <c>Region</c>, then this section, then
/// <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c> and the shared profile.
/// </summary>
public sealed class AwsOptions
{
    public const string Section = "OpsBot:Aws";

    /// <summary>Region when the environment does not name one.</summary>
    public string? Region { get; set; }

    /// <summary>One endpoint for every service (a LocalStack-style emulator, or the sandbox: <c>http://127.0.0.1:4566</c>).</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>An endpoint per service, by service name: <c>lambda</c>, <c>codedeploy</c>, <c>cloudwatch</c>, <c>appconfig</c>, <c>sns</c>, <c>logs</c>.</summary>
    public Dictionary<string, string?> ServiceUrls { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Static credentials (for an emulator); when absent the default chain is used.</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    public string? SessionToken { get; set; }

    /// <summary>Shared-config profile to use instead of the default chain's choice.</summary>
    public string? Profile { get; set; }

    /// <summary>Attempts per call, the first included, on throttling, 5xx and timeouts. Client errors are never retried.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Base of the exponential backoff (full jitter).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between attempts, <c>Retry-After</c> included.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Per-attempt timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}
