namespace OpsBot.Sandbox.Aws;

/// <summary>The AWS-compatible endpoint's identity and pace.</summary>
public sealed class AwsEmulatorOptions
{
    /// <summary>The one access key accepted (with <see cref="SecretAccessKey"/>); signatures are checked against it.</summary>
    public string AccessKeyId { get; set; } = "test";

    /// <summary>The secret of <see cref="AccessKeyId"/>.</summary>
    public string SecretAccessKey { get; set; } = "test";

    /// <summary>
    /// The region of the endpoint's first world, in the ARNs it hands out. Without <see cref="OtherRegions"/>, a request
    /// signed for any region is served from this world.
    /// </summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>
    /// More regions, each a separate world (its own functions, aliases, deployments, alarms, metrics, flags, topic and
    /// traffic), as separate regions are on AWS. With any, a request is served by the world of the region it is signed
    /// for, and a region without a world is refused.
    /// </summary>
    public IList<string> OtherRegions { get; } = [];

    /// <summary>The account id in the ARNs the endpoint hands out.</summary>
    public string AccountId { get; set; } = "000000000000";

    /// <summary>
    /// How long one minute of a CodeDeploy or AppConfig schedule lasts here ("10 percent every 1 minute", "bake 5
    /// minutes"): a minute in AWS, a few seconds in the sandbox so that a canary finishes while a person watches.
    /// </summary>
    public TimeSpan MinuteLength { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Simulated invocations per second of each function's alias.</summary>
    public int InvocationsPerSecond { get; set; } = 200;

    /// <summary>How SNS delivers to HTTP/HTTPS subscriptions: timeout, retries and backoff.</summary>
    public Sns.SnsDeliveryPolicy SnsDelivery { get; } = new();
}
