using System.Text.Json.Serialization;
using OpsBot.Aws.Http;

namespace OpsBot.Aws.CodeDeploy;

// CodeDeploy's deployment-config and deployment-group shapes (botocore codedeploy 2014-10-06), only the members
// OpsBot uses plus the required ones.

internal sealed record GetDeploymentConfigInput(string DeploymentConfigName);

internal sealed record GetDeploymentConfigOutput
{
    public DeploymentConfigInfo? DeploymentConfigInfo { get; init; }
}

internal sealed record DeploymentConfigInfo
{
    public string? DeploymentConfigId { get; init; }

    public string? DeploymentConfigName { get; init; }

    /// <summary><c>Server|Lambda|ECS</c>.</summary>
    public string? ComputePlatform { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? CreateTime { get; init; }

    public TrafficRoutingConfig? TrafficRoutingConfig { get; init; }
}

/// <summary>CreateDeploymentConfig input; for Lambda, <c>computePlatform</c> "Lambda" and a traffic routing config.</summary>
internal sealed record CreateDeploymentConfigInput(string DeploymentConfigName)
{
    public TrafficRoutingConfig? TrafficRoutingConfig { get; init; }

    public string? ComputePlatform { get; init; }
}

internal sealed record CreateDeploymentConfigOutput
{
    public string? DeploymentConfigId { get; init; }
}

/// <summary>How CodeDeploy moves traffic: <c>TimeBasedCanary|TimeBasedLinear|AllAtOnce</c>.</summary>
internal sealed record TrafficRoutingConfig
{
    public const string Canary = "TimeBasedCanary";
    public const string Linear = "TimeBasedLinear";
    public const string AllAtOnce = "AllAtOnce";

    public string? Type { get; init; }

    public TimeBasedCanary? TimeBasedCanary { get; init; }

    public TimeBasedLinear? TimeBasedLinear { get; init; }
}

/// <summary>Shift <c>canaryPercentage</c>, wait <c>canaryInterval</c> minutes, then shift the rest.</summary>
internal sealed record TimeBasedCanary(int? CanaryPercentage, int? CanaryInterval);

/// <summary>Shift <c>linearPercentage</c> more every <c>linearInterval</c> minutes until all traffic is shifted.</summary>
internal sealed record TimeBasedLinear(int? LinearPercentage, int? LinearInterval);

internal sealed record GetDeploymentGroupInput(string ApplicationName, string DeploymentGroupName);

internal sealed record GetDeploymentGroupOutput
{
    public DeploymentGroupInfo? DeploymentGroupInfo { get; init; }
}

internal sealed record DeploymentGroupInfo
{
    public string? ApplicationName { get; init; }

    public string? DeploymentGroupId { get; init; }

    public string? DeploymentGroupName { get; init; }

    /// <summary>The group's default deployment configuration.</summary>
    public string? DeploymentConfigName { get; init; }

    public string? ServiceRoleArn { get; init; }

    public AlarmConfiguration? AlarmConfiguration { get; init; }

    public AutoRollbackConfiguration? AutoRollbackConfiguration { get; init; }

    public string? ComputePlatform { get; init; }

    public LastDeploymentInfo? LastSuccessfulDeployment { get; init; }

    public LastDeploymentInfo? LastAttemptedDeployment { get; init; }
}

/// <summary>The CloudWatch alarms that stop a deployment of the group.</summary>
internal sealed record AlarmConfiguration(bool? Enabled, bool? IgnorePollAlarmFailure, IReadOnlyList<Alarm>? Alarms);

internal sealed record Alarm(string? Name);

internal sealed record LastDeploymentInfo
{
    public string? DeploymentId { get; init; }

    public string? Status { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? EndTime { get; init; }

    [JsonConverter(typeof(EpochSecondsConverter))]
    public DateTimeOffset? CreateTime { get; init; }
}
