using System.Text.Json.Serialization;

namespace OpsBot.Aws.AppConfig;

// The inputs of the operations, named as the model names them. Members that travel in the URI, the query string or
// headers are marked [JsonIgnore] where the rest of the record is the JSON body, so the body holds only body members.

/// <summary>Input of <c>ListApplications</c>; MaxResults is 1..50 (query <c>max_results</c>, <c>next_token</c>).</summary>
internal sealed record ListApplicationsRequest(int? MaxResults = null, string? NextToken = null);

/// <summary>Input of <c>ListEnvironments</c>.</summary>
internal sealed record ListEnvironmentsRequest(string ApplicationId, int? MaxResults = null, string? NextToken = null);

/// <summary>Input of <c>ListConfigurationProfiles</c>; Type filters by profile type (query <c>type</c>), e.g. <c>AWS.AppConfig.FeatureFlags</c>.</summary>
internal sealed record ListConfigurationProfilesRequest(string ApplicationId, string? Type = null, int? MaxResults = null, string? NextToken = null);

/// <summary>Input of <c>ListHostedConfigurationVersions</c>; VersionLabel filters by label (query <c>version_label</c>).</summary>
internal sealed record ListHostedConfigurationVersionsRequest(
    string ApplicationId,
    string ConfigurationProfileId,
    string? VersionLabel = null,
    int? MaxResults = null,
    string? NextToken = null);

/// <summary>Input of <c>GetHostedConfigurationVersion</c>.</summary>
internal sealed record GetHostedConfigurationVersionRequest(string ApplicationId, string ConfigurationProfileId, int VersionNumber);

/// <summary>
/// Input of <c>CreateHostedConfigurationVersion</c>: Content is the raw body; ContentType, Description,
/// LatestVersionNumber and VersionLabel are headers. LatestVersionNumber is the optimistic lock: when another version
/// was created since, AppConfig answers 409 ConflictException.
/// </summary>
internal sealed record CreateHostedConfigurationVersionRequest(
    string ApplicationId,
    string ConfigurationProfileId,
    byte[] Content,
    string ContentType,
    string? Description = null,
    int? LatestVersionNumber = null,
    string? VersionLabel = null);

/// <summary>
/// Input of <c>StartDeployment</c>; ConfigurationVersion is a version number or label, as a string. LatestDeploymentNumber
/// is the environment's newest deployment as last read: when another started since, AppConfig answers 409 ConflictException.
/// </summary>
internal sealed record StartDeploymentRequest(
    [property: JsonIgnore] string ApplicationId,
    [property: JsonIgnore] string EnvironmentId,
    string DeploymentStrategyId,
    string ConfigurationProfileId,
    string ConfigurationVersion,
    string? Description = null,
    IReadOnlyDictionary<string, string>? Tags = null,
    string? KmsKeyIdentifier = null,
    IReadOnlyDictionary<string, string>? DynamicExtensionParameters = null,
    int? LatestDeploymentNumber = null);

/// <summary>Input of <c>GetDeployment</c>.</summary>
internal sealed record GetDeploymentRequest(string ApplicationId, string EnvironmentId, int DeploymentNumber);

/// <summary>
/// Input of <c>StopDeployment</c>. AllowRevert (header <c>Allow-Revert</c>) lets AppConfig also act on a deployment
/// that is not DEPLOYING: a COMPLETE one becomes REVERTED (within 72 hours), an in-progress one ROLLED_BACK.
/// </summary>
internal sealed record StopDeploymentRequest(string ApplicationId, string EnvironmentId, int DeploymentNumber, bool? AllowRevert = null);

/// <summary>Input of <c>ListDeployments</c>.</summary>
internal sealed record ListDeploymentsRequest(string ApplicationId, string EnvironmentId, int? MaxResults = null, string? NextToken = null);

/// <summary>Input of <c>ListDeploymentStrategies</c>.</summary>
internal sealed record ListDeploymentStrategiesRequest(int? MaxResults = null, string? NextToken = null);
