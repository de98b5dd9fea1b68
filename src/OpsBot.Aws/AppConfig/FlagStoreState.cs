using System.Globalization;

namespace OpsBot.Aws.AppConfig;

/// <summary>
/// Where a flag store stands, as read from AppConfig in one go: the environment's newest deployment number (of any
/// profile), the deployment in progress there if any, the flag version deployed (that of the newest COMPLETE
/// deployment of the profile) and the latest hosted version.
/// </summary>
internal sealed record FlagStoreState(int? NewestDeploymentNumber, DeploymentSummary? InProgress, int? DeployedVersion, int? LatestVersion)
{
    /// <summary>The version the flags are read and changed from: the deployed one, else (never deployed) the latest.</summary>
    public int? BaseVersion => DeployedVersion ?? LatestVersion;

    public static bool IsFinished(string? state) => state is "COMPLETE" or "ROLLED_BACK" or "REVERTED";

    public static async Task<FlagStoreState> ReadAsync(AppConfigClient client, ResolvedFlagStore store, CancellationToken cancellationToken)
    {
        // ListDeployments covers every profile of the environment, newest first: read on until the newest COMPLETE
        // deployment of the flags; one in progress, if any, is the newest of all (AppConfig runs one at a time).
        int? newest = null;
        DeploymentSummary? inProgress = null;
        DeploymentSummary? deployed = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await client.ListDeploymentsAsync(store.Scope,
                new ListDeploymentsRequest(store.ApplicationId, store.EnvironmentId, AppConfigClient.MaxPageSize, token), cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                newest = Math.Max(newest ?? item.DeploymentNumber, item.DeploymentNumber);
                if (inProgress is null && !IsFinished(item.State))
                    inProgress = item;
                if (deployed is null && item.State == "COMPLETE" && item.ConfigurationProfileId == store.ProfileId)
                    deployed = item;
            }
            token = deployed is not null || string.IsNullOrEmpty(page.NextToken) || !seen.Add(page.NextToken) ? null : page.NextToken;
        }
        while (token is not null);

        var versions = await client.ListAllHostedConfigurationVersionsAsync(store.Scope, store.ApplicationId, store.ProfileId, null, cancellationToken);
        int? latest = versions.Count == 0 ? null : versions.Max(v => v.VersionNumber);
        return new FlagStoreState(newest, inProgress, deployed is null ? null : VersionOf(deployed, versions, store), latest);
    }

    /// <summary>A deployment's ConfigurationVersion is the version number; a label is looked up, should one be there.</summary>
    private static int VersionOf(DeploymentSummary deployment, IReadOnlyList<HostedConfigurationVersionSummary> versions, ResolvedFlagStore store)
    {
        var version = deployment.ConfigurationVersion;
        if (int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return number;
        return versions.FirstOrDefault(v => v.VersionLabel is not null && v.VersionLabel == version)?.VersionNumber
            ?? throw new InvalidOperationException(
                $"Deployment {deployment.DeploymentNumber} of {store.Label} deployed version '{version}', which is not a hosted version of the profile.");
    }
}
