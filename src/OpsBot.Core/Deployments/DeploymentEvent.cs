namespace OpsBot.Core.Deployments;

/// <summary>One line of a deployment's timeline: a transition, an approval, an observation or an automatic decision.</summary>
/// <param name="Data">The measured values behind an automatic decision, and other details, by name.</param>
public sealed record DeploymentEvent(
    string DeploymentId,
    DateTimeOffset At,
    string Actor,
    string Kind,
    DeploymentState? From,
    DeploymentState? To,
    string Message,
    IReadOnlyDictionary<string, string>? Data = null);

/// <summary>Event kinds.</summary>
public static class EventKinds
{
    public const string Transition = "transition";
    public const string Approval = "approval";
    public const string Observation = "observation";
}
