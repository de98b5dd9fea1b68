namespace OpsBot.Aws.AppConfig;

/// <summary>A deployment of a configuration version to an environment (model shape <c>Deployment</c>).</summary>
/// <param name="State">BAKING, VALIDATING, DEPLOYING, COMPLETE, ROLLING_BACK, ROLLED_BACK or REVERTED.</param>
internal sealed record Deployment(
    string? ApplicationId,
    string? EnvironmentId,
    string? DeploymentStrategyId,
    string? ConfigurationProfileId,
    int DeploymentNumber,
    string? ConfigurationName = null,
    string? ConfigurationLocationUri = null,
    string? ConfigurationVersion = null,
    string? Description = null,
    int? DeploymentDurationInMinutes = null,
    string? GrowthType = null,
    double? GrowthFactor = null,
    int? FinalBakeTimeInMinutes = null,
    string? State = null,
    IReadOnlyList<DeploymentEvent>? EventLog = null,
    double? PercentageComplete = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? CompletedAt = null,
    IReadOnlyList<AppliedExtension>? AppliedExtensions = null,
    string? KmsKeyArn = null,
    string? KmsKeyIdentifier = null,
    string? VersionLabel = null);

/// <summary>One entry of a deployment's event log (model shape <c>DeploymentEvent</c>).</summary>
/// <param name="TriggeredBy">USER, APPCONFIG, CLOUDWATCH_ALARM or INTERNAL_ERROR.</param>
internal sealed record DeploymentEvent(
    string? EventType,
    string? TriggeredBy,
    string? Description,
    IReadOnlyList<ActionInvocation>? ActionInvocations = null,
    DateTimeOffset? OccurredAt = null);

/// <summary>An extension action run during a deployment (model shape <c>ActionInvocation</c>).</summary>
internal sealed record ActionInvocation(
    string? ExtensionIdentifier,
    string? ActionName,
    string? Uri,
    string? RoleArn,
    string? ErrorMessage,
    string? ErrorCode,
    string? InvocationId);

/// <summary>An extension applied to a deployment (model shape <c>AppliedExtension</c>).</summary>
internal sealed record AppliedExtension(
    string? ExtensionId,
    string? ExtensionAssociationId,
    int? VersionNumber,
    IReadOnlyDictionary<string, string>? Parameters);

/// <summary>A deployment as <c>ListDeployments</c> lists it (model shape <c>DeploymentSummary</c>).</summary>
/// <param name="Type">USER or MANAGED.</param>
internal sealed record DeploymentSummary(
    int DeploymentNumber,
    string? ConfigurationProfileId = null,
    string? ConfigurationName = null,
    string? ConfigurationVersion = null,
    int? DeploymentDurationInMinutes = null,
    string? GrowthType = null,
    double? GrowthFactor = null,
    int? FinalBakeTimeInMinutes = null,
    string? State = null,
    double? PercentageComplete = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? CompletedAt = null,
    string? VersionLabel = null,
    string? Type = null);

/// <summary>A page of <c>ListDeployments</c>, newest deployment first (model shape <c>Deployments</c>).</summary>
internal sealed record Deployments(IReadOnlyList<DeploymentSummary>? Items, string? NextToken) : IAppConfigPage<DeploymentSummary>;

/// <summary>How a deployment rolls out (model shape <c>DeploymentStrategy</c>); the predefined ones are named <c>AppConfig.*</c>.</summary>
/// <param name="GrowthType">LINEAR or EXPONENTIAL.</param>
/// <param name="ReplicateTo">NONE or SSM_DOCUMENT.</param>
internal sealed record DeploymentStrategy(
    string? Id,
    string? Name,
    string? Description = null,
    int? DeploymentDurationInMinutes = null,
    string? GrowthType = null,
    double? GrowthFactor = null,
    int? FinalBakeTimeInMinutes = null,
    string? ReplicateTo = null);

/// <summary>A page of <c>ListDeploymentStrategies</c> (model shape <c>DeploymentStrategies</c>).</summary>
internal sealed record DeploymentStrategies(IReadOnlyList<DeploymentStrategy>? Items, string? NextToken) : IAppConfigPage<DeploymentStrategy>;
