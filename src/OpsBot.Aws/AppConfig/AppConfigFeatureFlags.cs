using System.Globalization;
using Microsoft.Extensions.Logging;
using OpsBot.Aws.Http;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.AppConfig;

/// <summary>
/// Feature flags in an AppConfig hosted <c>AWS.AppConfig.FeatureFlags</c> profile. A change reads the latest version,
/// sets only the named flags' <c>enabled</c>, and creates the next version under AppConfig's version lock
/// (<c>Latest-Version-Number</c>); when someone else created a version meanwhile it re-reads and re-applies, so their
/// change is kept, then deploys the new version with the chosen strategy.
/// </summary>
internal sealed class AppConfigFeatureFlags(AppConfigClient client, ILogger<AppConfigFeatureFlags> logger) : IFeatureFlags
{
    /// <summary>Tries at creating a version when others keep creating versions at the same time.</summary>
    public const int MaxAttempts = 3;

    private const string ContentType = "application/json";
    private const int MaxDescriptionLength = 1024;

    private readonly AppConfigStoreResolver _stores = new(client);

    public async Task<FlagSet> ReadAsync(FlagStore store, CancellationToken cancellationToken)
    {
        var resolved = await _stores.ResolveAsync(store, cancellationToken);
        if (await LatestVersionAsync(resolved, cancellationToken) is not { } version)
            return new FlagSet(null, []);
        var document = await ReadDocumentAsync(resolved, version, cancellationToken);
        return new FlagSet(version, document.Flags());
    }

    public async Task<FlagChange> SetAsync(FlagStore store, IReadOnlyDictionary<string, bool> enabled, string strategy, string description,
        CancellationToken cancellationToken)
    {
        if (enabled.Count == 0)
            throw new ArgumentException("Name at least one flag to change.", nameof(enabled));
        var resolved = await _stores.ResolveAsync(store, cancellationToken);
        // The strategy is checked before anything is written: an unknown one must not leave an undeployed version behind.
        var strategyId = await StrategyIdAsync(resolved.Scope, strategy, cancellationToken);
        description = Shorten(description);

        var version = await CreateVersionAsync(resolved, enabled, description, cancellationToken);
        try
        {
            var deployment = await client.StartDeploymentAsync(resolved.Scope, new StartDeploymentRequest(resolved.ApplicationId, resolved.EnvironmentId,
                strategyId, resolved.ProfileId, version.ToString(CultureInfo.InvariantCulture), description), cancellationToken);
            return new FlagChange(version, Map(deployment));
        }
        catch (AwsServiceException e)
        {
            var why = e.Code == AppConfigError.Conflict
                ? $"another deployment is in progress in environment '{store.Environment}'"
                : AppConfigError.From(e).Describe();
            throw new InvalidOperationException(
                $"Version {version} of {resolved.Label} was created, but AppConfig did not start deploying it: {why}. Deploy version {version} when that is resolved.", e);
        }
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
                return Map(await GetAsync(resolved, newest.DeploymentNumber, cancellationToken));
            token = string.IsNullOrEmpty(page.NextToken) || page.NextToken == token ? null : page.NextToken;
        }
        while (token is not null);
        return null;
    }

    public async Task<FlagDeployment> GetDeploymentAsync(FlagStore store, int number, CancellationToken cancellationToken)
    {
        var resolved = await _stores.ResolveAsync(store, cancellationToken);
        return Map(await GetOursAsync(resolved, number, cancellationToken));
    }

    public async Task<FlagDeployment> StopDeploymentAsync(FlagStore store, int number, bool revert, CancellationToken cancellationToken)
    {
        var resolved = await _stores.ResolveAsync(store, cancellationToken);
        // Deployment numbers count per environment, across profiles: never stop or revert another profile's deployment.
        await GetOursAsync(resolved, number, cancellationToken);
        var stopped = await client.StopDeploymentAsync(resolved.Scope,
            new StopDeploymentRequest(resolved.ApplicationId, resolved.EnvironmentId, number, revert ? true : null), cancellationToken);
        return Map(stopped);
    }

    /// <summary>Reads the latest version, applies the change and creates the next version under the version lock.</summary>
    private async Task<int> CreateVersionAsync(ResolvedFlagStore store, IReadOnlyDictionary<string, bool> enabled, string description,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var latest = await LatestVersionAsync(store, cancellationToken)
                ?? throw new FlagNotFoundException($"{store.Label} has no hosted version yet, so it defines no flags.");
            var document = await ReadDocumentAsync(store, latest, cancellationToken);
            document.SetEnabled(enabled, $"{store.Label} (version {latest})");
            try
            {
                var created = await client.CreateHostedConfigurationVersionAsync(store.Scope, new CreateHostedConfigurationVersionRequest(
                    store.ApplicationId, store.ProfileId, document.ToUtf8(), ContentType, description, latest), cancellationToken);
                return created.VersionNumber
                    ?? throw new InvalidOperationException($"AppConfig created a version of {store.Label} without saying its number (no Version-Number header).");
            }
            catch (AwsServiceException e) when (e.Code == AppConfigError.Conflict && attempt < MaxAttempts)
            {
                logger.LogInformation("{Store}: version {Version} is no longer the latest (attempt {Attempt} of {Attempts}); re-reading and re-applying the change",
                    store.Label, latest, attempt, MaxAttempts);
            }
            catch (AwsServiceException e) when (e.Code == AppConfigError.Conflict)
            {
                throw new InvalidOperationException(
                    $"{store.Label} kept changing while OpsBot tried to change it ({MaxAttempts} attempts); nothing was changed. Try again.", e);
            }
            catch (AwsServiceException e) when (e.Code == AppConfigError.BadRequest)
            {
                throw new InvalidOperationException($"AppConfig refused the new version of {store.Label}: {AppConfigError.From(e).Describe()}", e);
            }
        }
    }

    /// <summary>The highest version number in the hosted store, or null when the profile has none.</summary>
    private async Task<int?> LatestVersionAsync(ResolvedFlagStore store, CancellationToken cancellationToken)
    {
        var versions = await client.ListAllHostedConfigurationVersionsAsync(store.Scope, store.ApplicationId, store.ProfileId, null, cancellationToken);
        return versions.Count == 0 ? null : versions.Max(v => v.VersionNumber);
    }

    private async Task<FeatureFlagsDocument> ReadDocumentAsync(ResolvedFlagStore store, int version, CancellationToken cancellationToken)
    {
        var hosted = await client.GetHostedConfigurationVersionAsync(store.Scope,
            new GetHostedConfigurationVersionRequest(store.ApplicationId, store.ProfileId, version), cancellationToken);
        return FeatureFlagsDocument.Parse(hosted.Content, $"{store.Label} (version {version})");
    }

    /// <summary>The strategy's id, given its id or its name (such as <c>AppConfig.AllAtOnce</c>).</summary>
    private async Task<string> StrategyIdAsync(AwsScope scope, string strategy, CancellationToken cancellationToken)
    {
        var strategies = await client.ListAllDeploymentStrategiesAsync(scope, cancellationToken);
        var byId = strategies.FirstOrDefault(s => s.Id == strategy);
        if (byId is not null)
            return byId.Id!;
        var byName = strategies.Where(s => s.Name == strategy).ToList();
        return byName.Count switch
        {
            1 => byName[0].Id!,
            0 => throw new AppConfigResourceNotFoundException(
                $"No AppConfig deployment strategy '{strategy}'; there are: {string.Join(", ", strategies.Select(s => s.Name == s.Id ? s.Name : $"{s.Name} ({s.Id})"))}."),
            _ => throw new AppConfigResourceNotFoundException(
                $"{byName.Count} AppConfig deployment strategies are named '{strategy}' ({string.Join(", ", byName.Select(s => s.Id))}); name one by its id."),
        };
    }

    private Task<Deployment> GetAsync(ResolvedFlagStore store, int number, CancellationToken cancellationToken) =>
        client.GetDeploymentAsync(store.Scope, new GetDeploymentRequest(store.ApplicationId, store.EnvironmentId, number), cancellationToken);

    private async Task<Deployment> GetOursAsync(ResolvedFlagStore store, int number, CancellationToken cancellationToken)
    {
        var deployment = await GetAsync(store, number, cancellationToken);
        return deployment.ConfigurationProfileId is { } profile && profile != store.ProfileId
            ? throw new InvalidOperationException(
                $"Deployment {number} in {store.Label} deploys another configuration profile ({deployment.ConfigurationName ?? profile}), not the flags.")
            : deployment;
    }

    /// <summary>AppConfig takes descriptions of up to 1024 characters; a longer one is cut, never inside a surrogate pair.</summary>
    private static string Shorten(string description)
    {
        if (description.Length <= MaxDescriptionLength)
            return description;
        var length = char.IsHighSurrogate(description[MaxDescriptionLength - 1]) ? MaxDescriptionLength - 1 : MaxDescriptionLength;
        return description[..length];
    }

    private static FlagDeployment Map(Deployment d) => new(
        d.DeploymentNumber,
        d.State ?? "UNKNOWN",
        d.PercentageComplete ?? 0,
        d.ConfigurationVersion,
        d.DeploymentStrategyId,
        d.StartedAt,
        d.CompletedAt,
        LastEvent(d.EventLog));

    /// <summary>The description of the newest event; on equal times the one listed first (AppConfig lists newest first).</summary>
    private static string? LastEvent(IReadOnlyList<DeploymentEvent>? events) =>
        events is null or { Count: 0 }
            ? null
            : events.Select((e, i) => (Event: e, Index: i))
                .OrderByDescending(x => x.Event.OccurredAt ?? DateTimeOffset.MinValue)
                .ThenBy(x => x.Index)
                .First().Event.Description;
}
