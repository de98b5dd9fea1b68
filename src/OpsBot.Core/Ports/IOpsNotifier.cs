using OpsBot.Core.Health;

namespace OpsBot.Core.Ports;

/// <summary>A page for the operators (SNS topic of the environment).</summary>
public sealed record OpsPage(string Environment, string Subject, string Message, string? DeploymentId);

/// <summary>Pages the operators. Takes no idempotency key: a crash between sending and recording can repeat a page.</summary>
public interface IOpsNotifier
{
    Task NotifyAsync(OpsPage page, CancellationToken cancellationToken);
}
