namespace OpsBot.Aws.AppConfig;

/// <summary>A version in the hosted store, without its content (model shape <c>HostedConfigurationVersionSummary</c>).</summary>
internal sealed record HostedConfigurationVersionSummary(
    string? ApplicationId,
    string? ConfigurationProfileId,
    int VersionNumber,
    string? Description = null,
    string? ContentType = null,
    string? VersionLabel = null,
    string? KmsKeyArn = null);

/// <summary>A page of <c>ListHostedConfigurationVersions</c> (model shape <c>HostedConfigurationVersions</c>).</summary>
internal sealed record HostedConfigurationVersions(IReadOnlyList<HostedConfigurationVersionSummary>? Items, string? NextToken)
    : IAppConfigPage<HostedConfigurationVersionSummary>;

/// <summary>
/// A hosted version with its content (model shape <c>HostedConfigurationVersion</c>): on the wire the body is the raw
/// content and every other member is a response header.
/// </summary>
internal sealed record HostedConfigurationVersion(
    string? ApplicationId,
    string? ConfigurationProfileId,
    int? VersionNumber,
    string? Description,
    byte[] Content,
    string? ContentType,
    string? VersionLabel,
    string? KmsKeyArn);
