namespace OpsBot.Core.Deployments;

/// <summary>What a person can do to a deployment (the buttons on its card).</summary>
public enum DeploymentAction
{
    Approve,
    Reject,
    Promote,
    Pause,
    Resume,
    Rollback,
}

public static class DeploymentActions
{
    public static string Verb(this DeploymentAction action) => action switch
    {
        DeploymentAction.Rollback => "roll back",
        _ => action.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// Roll back, pause and reject: levers that make things safer. They are never blocked by gates or freezes, and
    /// never wait behind work that moves traffic forward (a chat adapter gives them their own lane).
    /// </summary>
    public static bool MakesSafer(this DeploymentAction action) =>
        action is DeploymentAction.Rollback or DeploymentAction.Pause or DeploymentAction.Reject;
}

/// <summary>The outcome of an intent: applied (with the state it led to) or refused (with a reason an operator can read).</summary>
public sealed record TransitionResult(bool IsApplied, DeploymentState From, DeploymentState To, string Message)
{
    public static TransitionResult Applied(DeploymentState from, DeploymentState to, string message) => new(true, from, to, message);

    public static TransitionResult Refused(DeploymentState state, string reason) => new(false, state, state, reason);
}
