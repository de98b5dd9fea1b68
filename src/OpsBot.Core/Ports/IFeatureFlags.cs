namespace OpsBot.Core.Ports;

/// <summary>Where an environment's feature flags live: an AppConfig application, environment and configuration profile, by name.</summary>
public sealed record FlagStore(string Application, string Environment, string Profile, string? Region = null, string? RoleArn = null);

/// <summary>One flag of an <c>AWS.AppConfig.FeatureFlags</c> profile.</summary>
public sealed record FeatureFlag(string Name, bool Enabled, string? DisplayName = null, string? Description = null);

/// <summary>The flags of the latest hosted configuration version.</summary>
public sealed record FlagSet(int? Version, IReadOnlyList<FeatureFlag> Flags);

/// <summary>An AppConfig deployment of a flag version, as last read.</summary>
/// <param name="State">AppConfig's state: BAKING, VALIDATING, DEPLOYING, COMPLETE, ROLLING_BACK, ROLLED_BACK, REVERTED.</param>
public sealed record FlagDeployment(
    int Number,
    string State,
    double PercentageComplete,
    string? ConfigurationVersion,
    string? Strategy,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string? LastEvent = null)
{
    public bool IsFinished => State is "COMPLETE" or "ROLLED_BACK" or "REVERTED";
}

/// <summary>A flag change: the hosted version it created and the deployment that rolls it out.</summary>
public sealed record FlagChange(int Version, FlagDeployment Deployment);

/// <summary>The flag does not exist in the profile; the message lists the ones that do.</summary>
public sealed class FlagNotFoundException(string message) : Exception(message);

/// <summary>
/// Feature flags in AWS AppConfig: read them, change flags by creating a new hosted version (under the version lock,
/// so a concurrent change is never overwritten) and deploying it with a chosen strategy, follow the deployment, stop it
/// or revert it.
/// </summary>
public interface IFeatureFlags
{
    Task<FlagSet> ReadAsync(FlagStore store, CancellationToken cancellationToken);

    /// <summary>Sets each named flag's <c>enabled</c>, keeps everything else of the document, and deploys the new version.</summary>
    /// <exception cref="FlagNotFoundException">A named flag is not defined in the profile.</exception>
    Task<FlagChange> SetAsync(FlagStore store, IReadOnlyDictionary<string, bool> enabled, string strategy, string description,
        CancellationToken cancellationToken);

    /// <summary>The newest deployment of the profile in the environment, if any.</summary>
    Task<FlagDeployment?> LatestDeploymentAsync(FlagStore store, CancellationToken cancellationToken);

    Task<FlagDeployment> GetDeploymentAsync(FlagStore store, int number, CancellationToken cancellationToken);

    /// <summary>Stops a deployment in progress; with <paramref name="revert"/>, reverts a completed one to the previous version.</summary>
    Task<FlagDeployment> StopDeploymentAsync(FlagStore store, int number, bool revert, CancellationToken cancellationToken);
}
