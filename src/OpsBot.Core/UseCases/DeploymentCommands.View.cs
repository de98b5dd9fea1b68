using OpsBot.Core.Deployments;
using OpsBot.Core.Identity;

namespace OpsBot.Core.UseCases;

public sealed partial class DeploymentCommands
{
    /// <summary>
    /// Whether a click of <paramref name="action"/> by <paramref name="actor"/> would pass the role and four-eyes
    /// checks now (not the state version or a freeze): which buttons a card drawn for that person shows.
    /// </summary>
    public async Task<bool> MayAsync(Actor actor, Deployment d, DeploymentAction action, CancellationToken cancellationToken)
    {
        var rule = action switch
        {
            DeploymentAction.Approve => ApproveRule,
            DeploymentAction.Reject => RejectRule,
            DeploymentAction.Promote => PromoteRule,
            DeploymentAction.Pause => PauseRule,
            DeploymentAction.Resume => ResumeRule,
            _ => RollbackRule,
        };
        if (await policy.RefusalAsync(actor, d.Target.Environment, rule.Role(d), cancellationToken, safe: !rule.Forward) is not null)
            return false;
        var gated = action is DeploymentAction.Approve or DeploymentAction.Promote && (d.Gates.StartApproval || d.Gates.PromotionApproval);
        return !(gated && d.Gates.FourEyes && actor.Is(d.RequestedBy));
    }
}
