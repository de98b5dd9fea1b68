namespace OpsBot.Sandbox.Aws.Sns;

/// <summary>A topic of the world, with its subscriptions; changed under the world's lock.</summary>
internal sealed class SnsTopic(string arn)
{
    public string Arn { get; } = arn;

    /// <summary>
    /// The topic attribute <c>SignatureVersion</c>: 1 (SHA1withRSA) or 2 (SHA256withRSA). SNS's default is 1; the sandbox
    /// seeds its topics with 2, as AWS recommends, and <c>SetTopicAttributes</c> changes it.
    /// </summary>
    public string SignatureVersion { get; set; } = "2";

    public List<SnsSubscription> Subscriptions { get; } = [];
}
