using OpsBot.Core.Flags;

namespace OpsBot.Core.Notifications.Cards;

/// <summary>Builds a flag change's card from the committed change; the buttons are the actions its workflow allows now.</summary>
public static class FlagCardBuilder
{
    /// <summary>AppConfig reverts a completed deployment only within this long of its completion.</summary>
    public static readonly TimeSpan RevertWindow = TimeSpan.FromHours(72);

    public static FlagCard From(FlagChange c)
    {
        var actions = new FlagChangeWorkflow(c, TimeProvider.System).AvailableActions;
        var headline = c.State switch
        {
            FlagChangeState.AwaitingApproval => $"Awaiting approval: {c.Describe()}",
            FlagChangeState.Pending => $"Starting: {c.Describe()}",
            FlagChangeState.Deploying => $"Deploying: {c.PercentComplete ?? 0:0.#}% ({c.AppConfigState ?? "DEPLOYING"})",
            FlagChangeState.Stopping => c.Reverting ? "Reverting" : "Stopping",
            FlagChangeState.Completed => $"Completed: {c.Describe()}",
            FlagChangeState.Stopped => "Stopped",
            FlagChangeState.Reverted => "Reverted",
            FlagChangeState.RolledBack => "Rolled back by AppConfig",
            FlagChangeState.Failed => "Not deployed",
            _ => "Rejected",
        };
        var tone = c.State switch
        {
            FlagChangeState.AwaitingApproval => CardTone.Waiting,
            FlagChangeState.Pending or FlagChangeState.Deploying or FlagChangeState.Stopping => CardTone.Progress,
            FlagChangeState.Completed => CardTone.Success,
            FlagChangeState.RolledBack or FlagChangeState.Failed => CardTone.Danger,
            _ => CardTone.Warning,
        };
        var notes = new List<string>();
        if (c.Emergency)
            notes.Add("Emergency flag rollback: no gate, all at once.");
        if (c.State == FlagChangeState.Completed)
            notes.Add("Clients pick the change up at their next poll (the AppConfig Lambda extension polls every 45 s by default).");
        return new FlagCard
        {
            ChangeId = c.Id,
            Version = c.StateVersion,
            State = c.State,
            Title = $"Feature flags ({c.Environment})",
            Headline = headline,
            Tone = tone,
            Flags = [.. c.Settings.Select(s => new FlagCardLine(s.Name, s.From, s.To))],
            Strategy = c.Strategy,
            AppConfig = c.DeploymentNumber is { } number
                ? $"deployment {number} of version {c.HostedVersion}: {c.AppConfigState}, {c.PercentComplete ?? 0:0.#}%"
                : null,
            PercentComplete = c.DeploymentNumber is null ? null : c.PercentComplete,
            RequestedBy = c.RequestedBy,
            ApprovalApplies = c.NeedsApproval,
            Approvers = [.. c.Approvals.Select(a => a.By)],
            RequestReason = c.RequestReason,
            Reason = c.State is FlagChangeState.Stopped or FlagChangeState.Reverted or FlagChangeState.RolledBack or FlagChangeState.Failed
                or FlagChangeState.Rejected or FlagChangeState.Stopping ? c.Reason : null,
            Notes = notes,
            Buttons = [.. actions.Select(a => Button(c, a))],
            Summary = $"Feature flags ({c.Environment}): {c.Describe()} — {headline}",
        };
    }

    private static CardButton Button(FlagChange c, FlagAction action)
    {
        var value = FlagCard.ButtonValue(c.Id, c.StateVersion, action);
        var name = action.ToString();
        return action switch
        {
            FlagAction.Approve => new(name, "Approve", Primary: true, Danger: false, null, value),
            FlagAction.Reject => new(name, "Reject", Primary: false, Danger: true,
                new CardConfirm("Reject this flag change?", $"{c.Describe()} will not be deployed.", "Reject", "Keep waiting"), value),
            FlagAction.Stop => new(name, "Stop", Primary: false, Danger: true,
                new CardConfirm("Stop this flag change?", $"AppConfig stops deployment {c.DeploymentNumber}; {c.Environment} keeps the flags it had.", "Stop", "Cancel"), value),
            _ => new(name, "Revert", Primary: false, Danger: true,
                new CardConfirm("Revert this flag change?", $"AppConfig puts {c.Environment} back on the flags it had before deployment {c.DeploymentNumber}.", "Revert", "Cancel"), value),
        };
    }
}
