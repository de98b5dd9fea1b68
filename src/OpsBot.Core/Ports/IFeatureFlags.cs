namespace OpsBot.Core.Ports;

/// <summary>Where an environment's feature flags live: an AppConfig application, environment and configuration profile, by name.</summary>
public sealed record FlagStore(string Application, string Environment, string Profile, string? Region = null, string? RoleArn = null);

/// <summary>One flag of an <c>AWS.AppConfig.FeatureFlags</c> profile.</summary>
public sealed record FeatureFlag(string Name, bool Enabled, string? DisplayName = null, string? Description = null);

/// <summary>
/// The flags as deployed: those of <see cref="Version"/>, the hosted version of the newest COMPLETE deployment of the
/// profile in the environment (when none ever completed there: the latest hosted version; null when there is none).
/// </summary>
public sealed record FlagSet(int? Version, IReadOnlyList<FeatureFlag> Flags)
{
    /// <summary>The latest hosted version when it is not <see cref="Version"/> (a change not deployed, stopped or reverted).</summary>
    public int? LatestVersion { get; init; }

    /// <summary>The flags of <see cref="LatestVersion"/> (empty when it is the deployed one).</summary>
    public IReadOnlyList<FeatureFlag> LatestFlags { get; init; } = [];

    /// <summary>A deployment in progress in the environment, of any profile (AppConfig runs one at a time per environment).</summary>
    public FlagDeployment? InProgress { get; init; }
}

/// <summary>An AppConfig deployment of a flag version, as last read.</summary>
/// <param name="State">AppConfig's state: BAKING, VALIDATING, DEPLOYING, COMPLETE, ROLLING_BACK, ROLLED_BACK, REVERTED.</param>
/// <param name="LastEvent">The newest event's description (e.g. why AppConfig rolled it back: "… alarm X …").</param>
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
    /// <summary>False when it deploys another configuration profile of the environment (not the flags).</summary>
    public bool IsFlags { get; init; } = true;

    /// <summary>The deployment's description (OpsBot writes its change id there, so a restart finds what it started).</summary>
    public string? Description { get; init; }

    /// <summary>Who triggered <see cref="LastEvent"/>: USER, APPCONFIG, CLOUDWATCH_ALARM, INTERNAL_ERROR.</summary>
    public string? LastEventBy { get; init; }

    public bool IsFinished => State is "COMPLETE" or "ROLLED_BACK" or "REVERTED";
}

/// <summary>One flag a change sets: from the value the person saw deployed to the new one.</summary>
public sealed record FlagEdit(string Name, bool From, bool To);

/// <summary>What a change set going: the hosted version it created and the deployment that rolls it out.</summary>
public sealed record FlagRollout(int Version, FlagDeployment Deployment)
{
    /// <summary>The latest version someone created outside OpsBot while it was writing, whose changes it kept (null: none).</summary>
    public int? KeptVersion { get; init; }
}

/// <summary>The flag does not exist in the profile; the message lists the ones that do.</summary>
public sealed class FlagNotFoundException(string message) : Exception(message);

/// <summary>A named flag's deployed value is not what the change expected: someone changed it; nothing was changed.</summary>
public sealed class FlagConflictException(string message, IReadOnlyList<FlagEdit> changed) : Exception(message)
{
    /// <summary>The flags that changed, each as (name, the value expected, the value found).</summary>
    public IReadOnlyList<FlagEdit> Changed { get; } = changed;
}

/// <summary>AppConfig is deploying something else in the environment (one deployment at a time); nothing was changed.</summary>
public sealed class FlagDeploymentInProgressException(string message, FlagDeployment inProgress) : Exception(message)
{
    public FlagDeployment InProgress { get; } = inProgress;
}

/// <summary>
/// Feature flags in AWS AppConfig: read them as deployed, change flags by creating a new hosted version built on the
/// deployed one (under the version lock, so a concurrent change is never overwritten) and deploying it with a chosen
/// strategy, follow the deployment, stop it or revert it.
/// </summary>
public interface IFeatureFlags
{
    Task<FlagSet> ReadAsync(FlagStore store, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="edits"/> to the deployed version (turning a flag off turns its variants off too), keeps
    /// everything else of the document, creates the next hosted version and deploys it.
    /// </summary>
    /// <exception cref="FlagNotFoundException">A named flag is not defined in the profile.</exception>
    /// <exception cref="FlagConflictException">A named flag's deployed value is not its <see cref="FlagEdit.From"/>.</exception>
    /// <exception cref="FlagDeploymentInProgressException">A deployment is in progress in the environment; no version was created.</exception>
    Task<FlagRollout> SetAsync(FlagStore store, IReadOnlyList<FlagEdit> edits, string strategy, string description,
        CancellationToken cancellationToken);

    /// <summary>The newest deployment of the profile in the environment, if any.</summary>
    Task<FlagDeployment?> LatestDeploymentAsync(FlagStore store, CancellationToken cancellationToken);

    Task<FlagDeployment> GetDeploymentAsync(FlagStore store, int number, CancellationToken cancellationToken);

    /// <summary>
    /// Stops a deployment: one DEPLOYING stops (ROLLED_BACK); with <paramref name="revert"/> (AppConfig's
    /// <c>Allow-Revert</c>) a BAKING one rolls back and a COMPLETE one within 72 hours is REVERTED. Only the flags
    /// profile's deployments, unless <paramref name="anyProfile"/> (a person's <c>--force</c>).
    /// </summary>
    Task<FlagDeployment> StopDeploymentAsync(FlagStore store, int number, bool revert, CancellationToken cancellationToken, bool anyProfile = false);
}
