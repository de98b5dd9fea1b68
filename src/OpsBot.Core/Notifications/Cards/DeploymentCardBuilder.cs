using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;

namespace OpsBot.Core.Notifications.Cards;

/// <summary>Builds the card of a committed deployment.</summary>
public static class DeploymentCardBuilder
{
    public static DeploymentCard From(Deployment d)
    {
        var workflow = new DeploymentWorkflow(d, TimeProvider.System);
        var headline = Headline(d);
        var versions = d.Kind == DeploymentKind.Rollback ? $"{d.TargetVersion} → {d.StableVersion}" : $"{d.StableVersion} → {d.TargetVersion}";
        var reason = d.State switch
        {
            DeploymentState.Paused => d.PauseReason,
            DeploymentState.RollingBack or DeploymentState.RolledBack or DeploymentState.Rejected => d.Reason,
            DeploymentState.RollbackFailed => d.LastError,
            _ => null,
        };
        return new DeploymentCard
        {
            DeploymentId = d.Id,
            Version = d.StateVersion,
            State = d.State,
            Title = d.Target.ToString(),
            Headline = headline,
            Tone = d.Kind == DeploymentKind.Rollback ? RollbackTone(d.State) : Tone(d.State),
            Versions = versions,
            Strategy = d.Kind == DeploymentKind.Rollback ? "rollback" : $"{d.Plan.Name} ({d.Plan.Describe()})",
            Engine = d.Engine == DeploymentEngine.CodeDeploy ? $"CodeDeploy{(d.ExternalId is null ? "" : " " + d.ExternalId)}" : "alias",
            Weight = d.Weight,
            Steps = Steps(d),
            Checks = [.. (d.Health.Last?.Checks ?? []).Select(c => new CardCheck(c.Name, c.Status, c.Measured, c.Threshold, c.Text))],
            RequestedBy = d.RequestedBy,
            Approvers = [.. d.Approvals.Select(a => a.By).Distinct()],
            ApprovalApplies = d.Approvals.Count > 0 ||
                              (d.Kind == DeploymentKind.Release && d.GateSkipReason is null && (d.Gates.StartApproval || d.Gates.PromotionApproval)),
            Moved = d.Kind == DeploymentKind.Rollback ? $"{d.TargetVersion} → {d.RestoreVersion}, all traffic" : null,
            Reason = reason,
            RequestReason = d.RequestReason is { } why && why != reason && why != d.GateSkipReason ? why : null,
            Notes = Notes(d),
            Buttons = [.. workflow.AvailableActions.Select(a => Button(d, a))],
            Summary = $"{d.Target} {versions}: {headline}",
        };
    }

    private static IReadOnlyList<string> Notes(Deployment d)
    {
        var notes = new List<string>();
        if (d.IsActive && d.FreezeHold is { } hold)
            notes.Add($"❄️ Frozen by {ChatRefs.Person(hold.By)}: {hold.Reason}. Holding since {hold.Since:yyyy-MM-dd HH:mm} UTC; continues when the freeze is lifted.");
        if (d.State == DeploymentState.AwaitingPromotion && d.EvidenceShortfall is { } shortfall)
            notes.Add($"⚖️ The bake saw {shortfall}: a person decides (promote or roll back).");
        if (d.GateSkipReason is { } skipped)
            notes.Add($"Gates skipped by {ChatRefs.Person(d.RequestedBy)}: {skipped}");
        if (d.ExceededLimits.Count > 0)
            notes.Add($"Limits exceeded by {ChatRefs.Person(d.RequestedBy)}: {string.Join("; ", d.ExceededLimits)}");
        if (d.EnableFlags.Count > 0 && d.Kind == DeploymentKind.Release)
            notes.Add(d.State == DeploymentState.Succeeded
                ? $"🚩 Then enables {string.Join(", ", d.EnableFlags)}: a flag change follows (its own card)."
                : $"🚩 Then enables {string.Join(", ", d.EnableFlags)} once it has succeeded (approving this deployment approves that too); never after a rollback.");
        return notes;
    }

    private static string Headline(Deployment d)
    {
        var step = d.StepIndex >= 0 ? $" (step {d.StepIndex + 1} of {d.Plan.Steps.Count})" : "";
        return d.State switch
        {
            DeploymentState.Pending => "Starting",
            DeploymentState.AwaitingApproval => "Awaiting approval to start",
            DeploymentState.Shifting => $"Shifting to {d.CurrentStep?.Weight}%{step}",
            DeploymentState.Baking => d.Weight >= 100 ? "Baking at 100%" : $"Baking at {d.Weight}%{step}",
            DeploymentState.Paused => $"Paused at {d.Weight}%{step}",
            DeploymentState.AwaitingPromotion => $"Awaiting promotion at {d.Weight}%",
            DeploymentState.Promoting => "Promoting to 100%",
            DeploymentState.Succeeded => $"Succeeded: version {d.TargetVersion} takes all traffic",
            DeploymentState.RollingBack => $"Rolling back to version {d.RestoreVersion}",
            DeploymentState.RolledBack => $"Rolled back to version {d.RestoreVersion}",
            DeploymentState.RollbackFailed => "Rollback FAILED: the alias is locked",
            DeploymentState.Rejected => "Rejected: no traffic was moved",
            _ => d.State.ToString(),
        };
    }

    private static CardTone Tone(DeploymentState state) => state switch
    {
        DeploymentState.Pending or DeploymentState.AwaitingApproval or DeploymentState.AwaitingPromotion => CardTone.Waiting,
        DeploymentState.Shifting or DeploymentState.Baking or DeploymentState.Promoting => CardTone.Progress,
        DeploymentState.Paused or DeploymentState.RollingBack or DeploymentState.Rejected => CardTone.Warning,
        DeploymentState.Succeeded => CardTone.Success,
        _ => CardTone.Danger,
    };

    /// <summary>A person's rollback is the safe move: under way while it moves, done when it is back.</summary>
    private static CardTone RollbackTone(DeploymentState state) => state switch
    {
        DeploymentState.RolledBack => CardTone.Success,
        DeploymentState.RollbackFailed => CardTone.Danger,
        _ => CardTone.Progress,
    };

    private static IReadOnlyList<CardStep> Steps(Deployment d) =>
    [
        .. d.Plan.Steps.Select((s, i) => new CardStep(
            s.Weight,
            DeploymentWorkflow.Format(s.Bake),
            d.State == DeploymentState.Succeeded || i < d.StepIndex || (i == d.StepIndex && d.State == DeploymentState.AwaitingPromotion)
                ? StepStatus.Done
                : i == d.StepIndex && d.IsActive ? StepStatus.Current : StepStatus.Pending,
            s.Gate || (i == 0 && d.Gates.PromotionApproval && d.Plan.Steps.Count > 1 && d.Engine == DeploymentEngine.Alias && d.GateSkipReason is null))),
    ];

    private static CardButton Button(Deployment d, DeploymentAction action)
    {
        var value = DeploymentCard.ButtonValue(d.Id, d.StateVersion, action);
        var name = action.ToString();
        return action switch
        {
            DeploymentAction.Approve => new(name, "Approve", Primary: true, Danger: false, null, value),
            DeploymentAction.Promote => new(name, "Promote", Primary: true, Danger: false, null, value),
            DeploymentAction.Reject => new(name, "Reject", Primary: false, Danger: true,
                new CardConfirm("Reject this deployment?", $"Version {d.TargetVersion} of {d.Target} will not be deployed.", "Reject", "Keep waiting"), value),
            DeploymentAction.Rollback => new(name, "Roll back", Primary: false, Danger: true,
                new CardConfirm("Roll back?", $"All traffic of {d.Target} goes back to version {d.RestoreVersion}, with none on version {d.TargetVersion}.", "Roll back", "Cancel"), value),
            DeploymentAction.Pause => new(name, "Pause", Primary: false, Danger: false, null, value),
            DeploymentAction.Resume => new(name, "Resume", Primary: true, Danger: false, null, value),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
        };
    }
}
