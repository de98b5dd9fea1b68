using OpsBot.Core.Cards;
using OpsBot.Core.Deployments;
using OpsBot.Core.Health;

namespace OpsBot.Core.Ports;

/// <summary>A page for the operators (SNS topic of the environment).</summary>
public sealed record OpsPage(string Environment, string Subject, string Message, string? DeploymentId);

/// <summary>Pages the operators. Takes no idempotency key: a crash between sending and recording can repeat a page.</summary>
public interface IOpsNotifier
{
    Task NotifyAsync(OpsPage page, CancellationToken cancellationToken);
}

/// <summary>Where a deployment's card lives in chat.</summary>
public sealed record ChatMessageRef(string Platform, string Channel, string MessageId, string? ThreadId = null)
{
    /// <summary>The thread replies go to: the card itself unless the platform gave a thread id.</summary>
    public string Thread => ThreadId ?? MessageId;
}

/// <summary>A chat platform a deployment reports to: one card per deployment, updated in place, with its timeline in the card's thread.</summary>
public interface IChatChannel
{
    /// <summary>The platform name identities and channels carry ("slack", "teams").</summary>
    string Platform { get; }

    Task<ChatMessageRef> PostCardAsync(string channel, DeploymentCard card, CancellationToken cancellationToken);

    Task UpdateCardAsync(ChatMessageRef message, DeploymentCard card, CancellationToken cancellationToken);

    Task PostTimelineAsync(ChatMessageRef card, string text, CancellationToken cancellationToken);

    /// <summary>Uploads a file (a PNG chart) into the card's thread.</summary>
    Task PostFileAsync(ChatMessageRef card, string fileName, string title, byte[] content, CancellationToken cancellationToken);
}

/// <summary>Draws the health of both versions over a deployment (error rate and duration per period) as a PNG.</summary>
public interface IDeploymentChart
{
    byte[] RenderPng(Deployment deployment, IReadOnlyList<HealthSample> samples);
}

/// <summary>Members of a chat user group (<c>slack-group:S0123ABC</c>), for roles that name groups.</summary>
public interface IGroupMembership
{
    /// <summary>The platform whose groups this resolves.</summary>
    string Platform { get; }

    Task<IReadOnlyCollection<string>> MembersAsync(string groupId, CancellationToken cancellationToken);
}
