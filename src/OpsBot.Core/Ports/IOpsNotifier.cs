using OpsBot.Core.Health;

namespace OpsBot.Core.Ports;

/// <summary>A page for the operators (SNS topic of the environment).</summary>
public sealed record OpsPage(string Environment, string Subject, string Message, string? DeploymentId)
{
    /// <summary>More facts for the page's routing (an incident's <c>function</c>, <c>incident_id</c>, <c>severity</c>), sent as message attributes.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
}

/// <summary>Pages the operators. Takes no idempotency key: a crash between sending and recording can repeat a page.</summary>
public interface IOpsNotifier
{
    Task NotifyAsync(OpsPage page, CancellationToken cancellationToken);
}
