using System.Globalization;
using Microsoft.Extensions.Logging;
using OpsBot.Aws.Http;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.AppConfig;

/// <summary>
/// A flag change. Refused while a deployment is in progress in the environment (before anything is created). Built on
/// the deployed version; each edit's <see cref="FlagEdit.From"/> must be the deployed value. The next version is
/// created under AppConfig's version lock (<c>Latest-Version-Number</c>); when someone else created a version
/// meanwhile, what they changed is brought in and the change re-checked and re-applied, unless they changed a flag it
/// names. The new version is then deployed with <c>LatestDeploymentNumber</c>, so a deployment started meanwhile wins.
/// </summary>
internal sealed partial class AppConfigFeatureFlags
{
    /// <summary>Tries at creating a version when others keep creating versions at the same time.</summary>
    public const int MaxAttempts = 3;

    private const string ContentType = "application/json";
    private const int MaxDescriptionLength = 1024;

    public async Task<FlagRollout> SetAsync(FlagStore store, IReadOnlyList<FlagEdit> edits, string strategy, string description,
        CancellationToken cancellationToken)
    {
        if (edits.Count == 0)
            throw new ArgumentException("Name at least one flag to change.", nameof(edits));
        if (edits.GroupBy(e => e.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"The flag '{twice.Key}' is named more than once.", nameof(edits));
        var resolved = await _stores.ResolveAsync(store, cancellationToken);
        // The strategy is checked before anything is written: an unknown one must not leave an undeployed version behind.
        var strategyId = await StrategyIdAsync(resolved.Scope, strategy, cancellationToken);
        description = Shorten(description);

        var (version, state, kept) = await CreateVersionAsync(resolved, store.Environment, edits, description, cancellationToken);
        try
        {
            var deployment = await client.StartDeploymentAsync(resolved.Scope, new StartDeploymentRequest(resolved.ApplicationId, resolved.EnvironmentId,
                strategyId, resolved.ProfileId, version.ToString(CultureInfo.InvariantCulture), description,
                LatestDeploymentNumber: state.NewestDeploymentNumber), cancellationToken);
            return new FlagRollout(version, Map(deployment, resolved)) { KeptVersion = kept };
        }
        catch (AwsServiceException e)
        {
            var created = $"Version {version} of {resolved.Label} was created, but AppConfig did not start deploying it";
            if (e.Code == AppConfigError.Conflict && await InProgressOrNullAsync(resolved, cancellationToken) is { } other)
            {
                throw new FlagDeploymentInProgressException(
                    $"{created}: {Describe(other, resolved)} started meanwhile in environment '{store.Environment}'. Deploy version {version} when that is resolved.",
                    Map(other, resolved));
            }
            var why = e.Code == AppConfigError.Conflict
                ? $"another deployment is in progress in environment '{store.Environment}'"
                : AppConfigError.From(e).Describe();
            throw new InvalidOperationException($"{created}: {why}. Deploy version {version} when that is resolved.", e);
        }
    }

    /// <summary>
    /// Reads where the store stands, applies the edits to the deployed version and creates the next version under the
    /// version lock; on a conflict, again with what the versions created meanwhile changed.
    /// </summary>
    private async Task<(int Version, FlagStoreState State, int? Kept)> CreateVersionAsync(ResolvedFlagStore store, string environment,
        IReadOnlyList<FlagEdit> edits, string description, CancellationToken cancellationToken)
    {
        int? firstLatest = null;
        for (var attempt = 1; ; attempt++)
        {
            var state = await FlagStoreState.ReadAsync(client, store, cancellationToken);
            if (state.InProgress is { } active)
            {
                var deployment = await GetAsync(store, active.DeploymentNumber, cancellationToken);
                throw new FlagDeploymentInProgressException(
                    $"AppConfig is deploying {Describe(deployment, store)} in environment '{environment}'; it runs one deployment at a time, " +
                    "so nothing was changed. Try again when it has finished.", Map(deployment, store));
            }
            if (state is not { BaseVersion: { } deployed, LatestVersion: { } latest })
                throw new FlagNotFoundException($"{store.Label} has no hosted version yet, so it defines no flags.");

            var document = await ReadDocumentAsync(store, deployed, cancellationToken);
            // Where each named flag's current value comes from, for the conflict message.
            var foundIn = edits.ToDictionary(e => e.Name, _ => deployed, StringComparer.Ordinal);
            firstLatest ??= latest;
            if (latest != firstLatest)
            {
                // Versions were created since the first read: keep what they changed, on top of the deployed version.
                var before = await ReadDocumentAsync(store, firstLatest.Value, cancellationToken);
                var after = await ReadDocumentAsync(store, latest, cancellationToken);
                document.TakeChanges(before, after);
                foreach (var edit in edits.Where(e => Defined(before, e.Name) && Defined(after, e.Name) && before.IsEnabled(e.Name) != after.IsEnabled(e.Name)))
                    foundIn[edit.Name] = latest;
            }

            var source = Source(store, deployed);
            document.CheckDefined(edits.Select(e => e.Name), source);
            var changed = edits.Where(e => document.IsEnabled(e.Name) != e.From).Select(e => e with { To = !e.From }).ToList();
            if (changed.Count > 0)
                throw new FlagConflictException(ConflictMessage(changed, foundIn), changed);
            document.Apply(edits, source);
            try
            {
                var created = await client.CreateHostedConfigurationVersionAsync(store.Scope, new CreateHostedConfigurationVersionRequest(
                    store.ApplicationId, store.ProfileId, document.ToUtf8(), ContentType, description, latest), cancellationToken);
                return (created.VersionNumber
                    ?? throw new InvalidOperationException($"AppConfig created a version of {store.Label} without saying its number (no Version-Number header)."), state,
                    latest != firstLatest ? latest : null);
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

    private static bool Defined(FeatureFlagsDocument document, string flag) => document.Names.Contains(flag, StringComparer.Ordinal);

    /// <summary>"X was changed outside OpsBot (it is now on in version 7); nothing was changed." Hosted versions carry no author.</summary>
    private static string ConflictMessage(IReadOnlyList<FlagEdit> changed, IReadOnlyDictionary<string, int> foundIn)
    {
        static string OnOff(bool on) => on ? "on" : "off";
        if (changed is [var one])
            return $"{one.Name} was changed outside OpsBot (it is now {OnOff(one.To)} in version {foundIn[one.Name]}); nothing was changed.";
        var names = string.Join(", ", changed.Take(changed.Count - 1).Select(c => c.Name)) + " and " + changed[^1].Name;
        var now = string.Join(", ", changed.Select(c => $"{c.Name} is now {OnOff(c.To)} in version {foundIn[c.Name]}"));
        return $"{names} were changed outside OpsBot ({now}); nothing was changed.";
    }

    /// <summary>The deployment in progress in the environment, if one can be read; null otherwise.</summary>
    private async Task<Deployment?> InProgressOrNullAsync(ResolvedFlagStore store, CancellationToken cancellationToken)
    {
        try
        {
            var state = await FlagStoreState.ReadAsync(client, store, cancellationToken);
            return state.InProgress is { } active ? await GetAsync(store, active.DeploymentNumber, cancellationToken) : null;
        }
        catch (Exception e) when (e is AwsServiceException or HttpRequestException or InvalidOperationException or TimeoutException)
        {
            logger.LogWarning(e, "{Store}: could not read which deployment is in progress", store.Label);
            return null;
        }
    }

    /// <summary>"version 3 of the flags (deployment 7, DEPLOYING at 20%)" or "another configuration profile, settings, (deployment 7, BAKING at 100%)".</summary>
    private static string Describe(Deployment d, ResolvedFlagStore store)
    {
        var what = IsFlags(d, store) ? $"version {d.ConfigurationVersion} of the flags" : $"another configuration profile, {d.ConfigurationName ?? d.ConfigurationProfileId},";
        return string.Create(CultureInfo.InvariantCulture, $"{what} (deployment {d.DeploymentNumber}, {d.State} at {d.PercentageComplete ?? 0:0.#}%)");
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

    /// <summary>AppConfig takes descriptions of up to 1024 characters; a longer one is cut, never inside a surrogate pair.</summary>
    private static string Shorten(string description)
    {
        if (description.Length <= MaxDescriptionLength)
            return description;
        var length = char.IsHighSurrogate(description[MaxDescriptionLength - 1]) ? MaxDescriptionLength - 1 : MaxDescriptionLength;
        return description[..length];
    }
}
