namespace OpsBot.Core.Deployments;

/// <summary>Plain-text renderings of a deployment, shared by every platform and the command line.</summary>
public static class DeploymentText
{
    /// <summary>"dep-abc123 lambda_router:live (prod) 4 → 5 canary, baking at 10% (step 1 of 2), by slack:U0ALICE".</summary>
    public static string Line(Deployment d)
    {
        var what = d.Kind == DeploymentKind.Rollback
            ? $"rollback {d.TargetVersion} → {d.StableVersion}"
            : $"{d.StableVersion} → {d.TargetVersion} {d.Plan.Name}{(d.Engine == DeploymentEngine.CodeDeploy ? " (CodeDeploy)" : "")}";
        var where = d.IsActive && d.Kind == DeploymentKind.Release && d.StepIndex >= 0
            ? $" at {d.Weight}% (step {d.StepIndex + 1} of {d.Plan.Steps.Count})"
            : "";
        var why = !d.IsActive && d.Reason is not null ? $": {d.Reason}" : "";
        return $"{d.Id} {d.Target} {what}, {d.State.Describe()}{where}{why}, by {Identity.ChatRefs.Person(d.RequestedBy)}, {d.CreatedAt:yyyy-MM-dd HH:mm} UTC";
    }
}
