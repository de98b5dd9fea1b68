using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Aws.Http;
using OpsBot.Core.Configuration;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Sns;

/// <summary>
/// Pages the operators through the SNS topic of the page's environment (<c>OpsBot:Environments:&lt;env&gt;:OpsTopicArn</c>),
/// as the environment's role, in the topic's region (taken from its ARN, since SNS only publishes to a topic in the
/// region it lives in; the environment's Region when the ARN names none). The subject is made valid for SNS; the message
/// is the page text and the deployment id; the environment and deployment id also travel as message attributes for
/// subscription filters. Without a topic it logs an error naming the key to set and returns: the page also appears in
/// the deployment's chat thread, and failing would only make the outbox retry a page that cannot be sent.
/// </summary>
internal sealed class SnsOpsNotifier(SnsClient sns, IOptionsMonitor<OpsBotOptions> options, ILogger<SnsOpsNotifier> logger) : IOpsNotifier
{
    public const string EnvironmentAttribute = "environment";
    public const string DeploymentIdAttribute = "deployment_id";

    /// <summary>SNS's limit on a message: 256 KB of UTF-8.</summary>
    private const int MaxMessageBytes = 262_144;

    public async Task NotifyAsync(OpsPage page, CancellationToken cancellationToken)
    {
        var environment = options.CurrentValue.Environments.GetValueOrDefault(page.Environment);
        if (environment?.OpsTopicArn is not { Length: > 0 } topic)
        {
            logger.LogError("Page not sent to SNS: environment {Environment} has no ops topic; set {ConfigurationKey}. Page: {Subject}",
                page.Environment, $"OpsBot:Environments:{page.Environment}:OpsTopicArn", page.Subject);
            return;
        }

        var attributes = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal)
        {
            [EnvironmentAttribute] = MessageAttributeValue.String(page.Environment),
        };
        if (!string.IsNullOrEmpty(page.DeploymentId))
            attributes[DeploymentIdAttribute] = MessageAttributeValue.String(page.DeploymentId);
        foreach (var (name, value) in page.Attributes.Where(a => !string.IsNullOrEmpty(a.Value)))
            attributes.TryAdd(name, MessageAttributeValue.String(value));

        var scope = new AwsScope(RegionOf(topic) ?? environment.Region, environment.RoleArn);
        var sent = await sns.PublishAsync(scope, new PublishInput(topic, MessageOf(page), SnsSubject.From(page.Subject), attributes), cancellationToken);
        logger.LogInformation("Paged {Environment} on {Topic} (message {MessageId}) for deployment {DeploymentId}",
            page.Environment, topic, sent.MessageId, page.DeploymentId ?? "-");
    }

    private static string MessageOf(OpsPage page)
    {
        var message = string.IsNullOrEmpty(page.DeploymentId) ? page.Message : $"{page.Message}\n\nDeployment: {page.DeploymentId}";
        if (Encoding.UTF8.GetByteCount(message) <= MaxMessageBytes)
            return message;
        // Cut on a character boundary well inside the limit (a character is at most 4 bytes of UTF-8).
        const string cut = "\n[truncated]";
        var keep = (MaxMessageBytes / 4) - cut.Length;
        if (char.IsHighSurrogate(message[keep - 1]))
            keep--; // never split a surrogate pair: half of one cannot be encoded
        return message[..keep] + cut;
    }

    /// <summary>The region of <c>arn:partition:sns:region:account:topic</c>, or null when it is not such an ARN.</summary>
    private static string? RegionOf(string topicArn)
    {
        var parts = topicArn.Split(':');
        return parts.Length >= 6 && parts[0] == "arn" && parts[3].Length > 0 ? parts[3] : null;
    }
}
