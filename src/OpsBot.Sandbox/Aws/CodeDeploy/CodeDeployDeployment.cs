namespace OpsBot.Sandbox.Aws.CodeDeploy;

/// <summary>
/// A Lambda deployment as CodeDeploy tracks it; immutable, replaced in <see cref="CodeDeployWorld"/> on every change so
/// that a reader never sees half of one. <see cref="Weight"/> is the percentage of the alias's traffic shifted to the
/// target version so far.
/// </summary>
internal sealed record CodeDeployDeployment
{
    public const string Created = "Created";
    public const string InProgress = "InProgress";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Stopped = "Stopped";

    public static readonly IReadOnlyList<string> Statuses = [Created, "Queued", InProgress, "Baking", Succeeded, Failed, Stopped, "Ready"];

    public required string Id { get; init; }

    /// <summary>Creation order, for listing newest first.</summary>
    public required long Sequence { get; init; }

    public required string Application { get; init; }

    public required string Group { get; init; }

    public required LambdaDeploymentConfig Config { get; init; }

    /// <summary><c>AppSpecContent</c> or <c>String</c>: how the revision came, and how it is answered.</summary>
    public required string RevisionType { get; init; }

    public required string Content { get; init; }

    public required LambdaAppSpec Spec { get; init; }

    public string? Description { get; init; }

    /// <summary><c>user</c>, or <c>codeDeployRollback</c> for a deployment CodeDeploy made to roll another back.</summary>
    public string Creator { get; init; } = "user";

    public required AutoRollbackSetting AutoRollback { get; init; }

    public string Status { get; init; } = Created;

    public required DateTimeOffset CreateTime { get; init; }

    public DateTimeOffset? StartTime { get; init; }

    public DateTimeOffset? CompleteTime { get; init; }

    public DeploymentError? Error { get; init; }

    public DeploymentRollback? Rollback { get; init; }

    public int Weight { get; init; }

    public bool IsFinished => Status is Succeeded or Failed or Stopped;
}

/// <summary>Why a deployment failed or stopped: an <c>ErrorCode</c> of the model and a message.</summary>
internal sealed record DeploymentError(string Code, string Message);

/// <summary>A rollback: the deployment that rolled this one back, or the one this deployment rolled back.</summary>
internal sealed record DeploymentRollback(string? RollbackDeploymentId, string? RollbackTriggeringDeploymentId, string Message);
