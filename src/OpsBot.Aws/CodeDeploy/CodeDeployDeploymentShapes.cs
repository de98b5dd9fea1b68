using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using OpsBot.Aws.Http;

namespace OpsBot.Aws.CodeDeploy;

// CodeDeploy's deployment shapes (botocore codedeploy 2014-10-06, awsJson1_1), only the members OpsBot uses plus the
// required ones. C# names are the model's in PascalCase; AwsJson.Camel writes them as the model spells them.

/// <summary>CreateDeployment input; only <c>applicationName</c> is required by the model.</summary>
internal sealed record CreateDeploymentInput(string ApplicationName)
{
    public string? DeploymentGroupName { get; init; }

    public RevisionLocation? Revision { get; init; }

    /// <summary>When absent, the deployment group's configuration is used.</summary>
    public string? DeploymentConfigName { get; init; }

    public string? Description { get; init; }

    public AutoRollbackConfiguration? AutoRollbackConfiguration { get; init; }
}

internal sealed record CreateDeploymentOutput
{
    public string? DeploymentId { get; init; }
}

/// <summary>Where a revision is; for Lambda, the AppSpec itself.</summary>
internal sealed record RevisionLocation
{
    /// <summary><c>S3|GitHub|String|AppSpecContent</c>.</summary>
    public string? RevisionType { get; init; }

    public AppSpecContent? AppSpecContent { get; init; }

    /// <summary>An AppSpec sent inline, with the lowercase hex SHA-256 of its UTF-8 bytes.</summary>
    public static RevisionLocation AppSpec(string content) => new()
    {
        RevisionType = "AppSpecContent",
        AppSpecContent = new AppSpecContent(content, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))),
    };
}

/// <summary>A YAML or JSON AppSpec and its SHA-256.</summary>
internal sealed record AppSpecContent(string? Content, string? Sha256);

/// <summary>Which events make CodeDeploy roll back on its own.</summary>
internal sealed record AutoRollbackConfiguration(bool? Enabled, IReadOnlyList<string>? Events)
{
    public const string DeploymentFailure = "DEPLOYMENT_FAILURE";
    public const string StopOnRequest = "DEPLOYMENT_STOP_ON_REQUEST";
    public const string StopOnAlarm = "DEPLOYMENT_STOP_ON_ALARM";
}

internal sealed record GetDeploymentInput(string DeploymentId);

internal sealed record GetDeploymentOutput
{
    public DeploymentInfo? DeploymentInfo { get; init; }
}

/// <summary>A deployment as CodeDeploy reports it.</summary>
internal sealed record DeploymentInfo
{
    public string? ApplicationName { get; init; }

    public string? DeploymentGroupName { get; init; }

    public string? DeploymentConfigName { get; init; }

    public string? DeploymentId { get; init; }

    /// <summary>See <see cref="CodeDeployStatus"/>.</summary>
    public string? Status { get; init; }

    public ErrorInformation? ErrorInformation { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? CreateTime { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? StartTime { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? CompleteTime { get; init; }

    /// <summary>OpsBot writes its deployment id here (<c>opsbot:dep-…</c>) to find its own deployment again.</summary>
    public string? Description { get; init; }

    /// <summary><c>user|autoscaling|codeDeployRollback|...</c>.</summary>
    public string? Creator { get; init; }

    public RollbackInfo? RollbackInfo { get; init; }

    /// <summary><c>Server|Lambda|ECS</c>.</summary>
    public string? ComputePlatform { get; init; }
}

/// <summary>Why a deployment failed or stopped: an <c>ErrorCode</c> such as <c>HOOK_EXECUTION_FAILURE</c> and a message.</summary>
internal sealed record ErrorInformation(string? Code, string? Message);

internal sealed record RollbackInfo(string? RollbackDeploymentId, string? RollbackTriggeringDeploymentId, string? RollbackMessage);

/// <summary>StopDeployment input; <c>autoRollbackEnabled</c> true restores the previous version.</summary>
internal sealed record StopDeploymentInput(string DeploymentId)
{
    public bool? AutoRollbackEnabled { get; init; }
}

internal sealed record StopDeploymentOutput
{
    /// <summary><c>Pending|Succeeded</c>.</summary>
    public string? Status { get; init; }

    public string? StatusMessage { get; init; }
}

/// <summary>ListDeployments input: <c>applicationName</c> and <c>deploymentGroupName</c> are given together or not at all.</summary>
internal sealed record ListDeploymentsInput
{
    public string? ApplicationName { get; init; }

    public string? DeploymentGroupName { get; init; }

    public IReadOnlyList<string>? IncludeOnlyStatuses { get; init; }

    /// <summary>Only deployments created in this window.</summary>
    public TimeRange? CreateTimeRange { get; init; }

    public string? NextToken { get; init; }
}

/// <summary>A window of time (epoch seconds on the wire); either end may be open.</summary>
internal sealed record TimeRange(
    [property: System.Text.Json.Serialization.JsonConverter(typeof(OpsBot.Aws.Http.EpochSecondsConverter))] DateTimeOffset? Start,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(OpsBot.Aws.Http.EpochSecondsConverter))] DateTimeOffset? End = null);

/// <summary>One page of deployment ids.</summary>
internal sealed record ListDeploymentsOutput
{
    public IReadOnlyList<string> Deployments { get; init; } = [];

    public string? NextToken { get; init; }
}
