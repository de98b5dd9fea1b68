namespace OpsBot.Sandbox.Aws.AppConfig;

/// <summary>What the sandbox's own pages read of one environment's profile, taken under the world's lock.</summary>
internal sealed partial class AppConfigWorld
{
    /// <summary>
    /// The version of <paramref name="profileName"/> deployed to <paramref name="environmentName"/> (the hosted version of
    /// its newest COMPLETE deployment, which a revert puts back to the one before), with its content, and the
    /// environment's deployment of that profile in progress, if any; null when the world has no such application,
    /// environment or profile.
    /// </summary>
    public DeployedProfile? DeployedProfile(string applicationName, string environmentName, string profileName)
    {
        lock (_lock)
        {
            var application = _applications.FirstOrDefault(a => a.Name == applicationName);
            var environment = application?.Environments.FirstOrDefault(e => e.Name == environmentName);
            var profile = application?.Profiles.FirstOrDefault(p => p.Name == profileName);
            if (environment is null || profile is null)
                return null;
            var deployed = environment.Deployed.TryGetValue(profile.Id, out var number) ? profile.Find(number) : null;
            var active = environment.Active is { } a && a.Profile == profile
                ? new DeploymentInProgress(a.Number, a.State, a.Percentage, a.Version.VersionNumber, a.Description)
                : null;
            return new DeployedProfile(deployed?.VersionNumber, deployed?.Content, active);
        }
    }
}

/// <summary>A profile as deployed to an environment.</summary>
/// <param name="Version">The deployed version's number; null when none is.</param>
/// <param name="Content">The deployed version's content; null when none is.</param>
/// <param name="InProgress">The deployment of the profile under way in the environment, if any.</param>
internal sealed record DeployedProfile(int? Version, byte[]? Content, DeploymentInProgress? InProgress);

/// <summary>A deployment under way: its number, state (DEPLOYING, BAKING, VALIDATING, ROLLING_BACK), percentage, version and description.</summary>
internal sealed record DeploymentInProgress(int Number, string State, double PercentageComplete, int Version, string? Description);
