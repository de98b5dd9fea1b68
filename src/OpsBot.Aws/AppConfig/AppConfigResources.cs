namespace OpsBot.Aws.AppConfig;

/// <summary>One page of a list operation: its items and the token of the next page (null on the last).</summary>
internal interface IAppConfigPage<out T>
{
    IReadOnlyList<T>? Items { get; }

    string? NextToken { get; }
}

/// <summary>An AppConfig application (model shape <c>Application</c>).</summary>
internal sealed record Application(string? Id, string? Name, string? Description = null);

/// <summary>A page of <c>ListApplications</c> (model shape <c>Applications</c>).</summary>
internal sealed record Applications(IReadOnlyList<Application>? Items, string? NextToken) : IAppConfigPage<Application>;

/// <summary>A CloudWatch alarm AppConfig watches during a deployment (model shape <c>Monitor</c>).</summary>
internal sealed record Monitor(string AlarmArn, string? AlarmRoleArn = null);

/// <summary>An AppConfig environment (model shape <c>Environment</c>); State is READY_FOR_DEPLOYMENT, DEPLOYING, ROLLING_BACK, ROLLED_BACK or REVERTED.</summary>
internal sealed record Environment(
    string? ApplicationId,
    string? Id,
    string? Name,
    string? Description = null,
    string? State = null,
    IReadOnlyList<Monitor>? Monitors = null);

/// <summary>A page of <c>ListEnvironments</c> (model shape <c>Environments</c>).</summary>
internal sealed record Environments(IReadOnlyList<Environment>? Items, string? NextToken) : IAppConfigPage<Environment>;

/// <summary>A configuration profile (model shape <c>ConfigurationProfileSummary</c>); LocationUri is <c>hosted</c> for the hosted store.</summary>
internal sealed record ConfigurationProfileSummary(
    string? ApplicationId,
    string? Id,
    string? Name,
    string? LocationUri = null,
    IReadOnlyList<string>? ValidatorTypes = null,
    string? Type = null)
{
    /// <summary>The type of a feature-flag profile.</summary>
    public const string FeatureFlagsType = "AWS.AppConfig.FeatureFlags";

    /// <summary>The location of a profile in the AppConfig hosted configuration store.</summary>
    public const string HostedLocation = "hosted";
}

/// <summary>A page of <c>ListConfigurationProfiles</c> (model shape <c>ConfigurationProfiles</c>).</summary>
internal sealed record ConfigurationProfiles(IReadOnlyList<ConfigurationProfileSummary>? Items, string? NextToken)
    : IAppConfigPage<ConfigurationProfileSummary>;
