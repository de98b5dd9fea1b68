using Microsoft.Extensions.Logging;
using OpsBot.Aws.Http;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.AppConfig;

/// <summary>
/// Feature flags in an AppConfig hosted <c>AWS.AppConfig.FeatureFlags</c> profile, read as deployed: the version of the
/// newest COMPLETE deployment of the profile in the environment. A change is built on that version (not on a newer
/// hosted one, which may hold a change that was stopped or reverted) and deployed with the chosen strategy; see
/// <c>AppConfigFeatureFlags.Set.cs</c>.
/// </summary>
internal sealed partial class AppConfigFeatureFlags(AppConfigClient client, ILogger<AppConfigFeatureFlags> logger) : IFeatureFlags
{
    private readonly AppConfigStoreResolver _stores = new(client);

    public async Task<FlagSet> ReadAsync(FlagStore store, CancellationToken cancellationToken)
    {
        var resolved = await _stores.ResolveAsync(store, cancellationToken);
        var state = await FlagStoreState.ReadAsync(client, resolved, cancellationToken);
        var inProgress = state.InProgress is { } active ? Map(await GetAsync(resolved, active.DeploymentNumber, cancellationToken), resolved) : null;
        if (state.BaseVersion is not { } version)
            return new FlagSet(null, []) { InProgress = inProgress };

        var flags = (await ReadDocumentAsync(resolved, version, cancellationToken)).Flags();
        if (state.LatestVersion is not { } latest || latest == version)
            return new FlagSet(version, flags) { InProgress = inProgress };
        return new FlagSet(version, flags)
        {
            LatestVersion = latest,
            LatestFlags = (await ReadDocumentAsync(resolved, latest, cancellationToken)).Flags(),
            InProgress = inProgress,
        };
    }

    public async Task<FlagDeployment?> LatestDeploymentAsync(FlagStore store, CancellationToken cancellationToken)
    {
        var resolved = await _stores.ResolveAsync(store, cancellationToken);
        // ListDeployments covers every profile of the environment, newest first: the first page with one of ours has the newest.
        string? token = null;
        do
        {
            var page = await client.ListDeploymentsAsync(resolved.Scope,
                new ListDeploymentsRequest(resolved.ApplicationId, resolved.EnvironmentId, AppConfigClient.MaxPageSize, token), cancellationToken);
            var newest = (page.Items ?? []).Where(d => d.ConfigurationProfileId == resolved.ProfileId).MaxBy(d => d.DeploymentNumber);
            if (newest is not null)
                return Map(await GetAsync(resolved, newest.DeploymentNumber, cancellationToken), resolved);
            token = string.IsNullOrEmpty(page.NextToken) || page.NextToken == token ? null : page.NextToken;
        }
        while (token is not null);
        return null;
    }

    public async Task<FlagDeployment> GetDeploymentAsync(FlagStore store, int number, CancellationToken cancellationToken)
    {
        var resolved = await _stores.ResolveAsync(store, cancellationToken);
        return Map(await GetOursAsync(resolved, number, cancellationToken), resolved);
    }

    public async Task<FlagDeployment> StopDeploymentAsync(FlagStore store, int number, bool revert, CancellationToken cancellationToken, bool anyProfile = false)
    {
        var resolved = await _stores.ResolveAsync(store, cancellationToken);
        // Deployment numbers count per environment, across profiles: another profile's deployment is stopped only when asked for by name.
        if (!anyProfile)
            await GetOursAsync(resolved, number, cancellationToken);
        var stopped = await client.StopDeploymentAsync(resolved.Scope,
            new StopDeploymentRequest(resolved.ApplicationId, resolved.EnvironmentId, number, revert ? true : null), cancellationToken);
        return Map(stopped, resolved);
    }

    private async Task<FeatureFlagsDocument> ReadDocumentAsync(ResolvedFlagStore store, int version, CancellationToken cancellationToken)
    {
        var hosted = await client.GetHostedConfigurationVersionAsync(store.Scope,
            new GetHostedConfigurationVersionRequest(store.ApplicationId, store.ProfileId, version), cancellationToken);
        return FeatureFlagsDocument.Parse(hosted.Content, Source(store, version));
    }

    private static string Source(ResolvedFlagStore store, int version) => $"{store.Label} (version {version})";

    private Task<Deployment> GetAsync(ResolvedFlagStore store, int number, CancellationToken cancellationToken) =>
        client.GetDeploymentAsync(store.Scope, new GetDeploymentRequest(store.ApplicationId, store.EnvironmentId, number), cancellationToken);

    private async Task<Deployment> GetOursAsync(ResolvedFlagStore store, int number, CancellationToken cancellationToken)
    {
        var deployment = await GetAsync(store, number, cancellationToken);
        return IsFlags(deployment, store)
            ? deployment
            : throw new InvalidOperationException(
                $"Deployment {number} in {store.Label} deploys another configuration profile ({deployment.ConfigurationName ?? deployment.ConfigurationProfileId}), not the flags.");
    }

    private static bool IsFlags(Deployment deployment, ResolvedFlagStore store) =>
        deployment.ConfigurationProfileId is not { } profile || profile == store.ProfileId;

    private static FlagDeployment Map(Deployment d, ResolvedFlagStore store)
    {
        var last = LastEvent(d.EventLog);
        return new FlagDeployment(
            d.DeploymentNumber,
            d.State ?? "UNKNOWN",
            d.PercentageComplete ?? 0,
            d.ConfigurationVersion,
            d.DeploymentStrategyId,
            d.StartedAt,
            d.CompletedAt,
            last?.Description)
        {
            IsFlags = IsFlags(d, store),
            LastEventBy = last?.TriggeredBy,
            Description = d.Description,
        };
    }

    /// <summary>The newest event; on equal times the one listed first (AppConfig lists newest first).</summary>
    private static DeploymentEvent? LastEvent(IReadOnlyList<DeploymentEvent>? events) =>
        events is null or { Count: 0 }
            ? null
            : events.Select((e, i) => (Event: e, Index: i))
                .OrderByDescending(x => x.Event.OccurredAt ?? DateTimeOffset.MinValue)
                .ThenBy(x => x.Index)
                .First().Event;
}
