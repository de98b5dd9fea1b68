using System.Collections.Concurrent;
using OpsBot.Aws.Http;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.AppConfig;

/// <summary>
/// Turns a <see cref="FlagStore"/>'s application, environment and profile (each a name or an id) into AppConfig ids,
/// with the list operations, once per scope: AppConfig's API takes ids, while operators configure names.
/// </summary>
internal sealed class AppConfigStoreResolver(AppConfigClient client)
{
    private readonly ConcurrentDictionary<(AwsScope Scope, string Application, string Environment, string Profile), ResolvedFlagStore> _resolved = new();

    public async Task<ResolvedFlagStore> ResolveAsync(FlagStore store, CancellationToken cancellationToken)
    {
        var scope = new AwsScope(store.Region, store.RoleArn);
        var key = (scope, store.Application, store.Environment, store.Profile);
        if (_resolved.TryGetValue(key, out var known))
            return known;

        var label = $"{store.Application}/{store.Environment}/{store.Profile}";
        var application = Pick(await client.ListAllApplicationsAsync(scope, cancellationToken), store.Application, a => a.Id, a => a.Name,
            "application", "");
        var applicationId = application.Id!;
        var within = $" in application '{store.Application}'";
        var environment = Pick(await client.ListAllEnvironmentsAsync(scope, applicationId, cancellationToken), store.Environment, e => e.Id, e => e.Name,
            "environment", within);
        var profile = Pick(await client.ListAllConfigurationProfilesAsync(scope, applicationId, null, cancellationToken), store.Profile, p => p.Id,
            p => p.Name, "configuration profile", within);
        CheckIsHostedFlags(profile, label);

        return _resolved.GetOrAdd(key, new ResolvedFlagStore(scope, applicationId, environment.Id!, profile.Id!, label));
    }

    /// <summary>The item whose id is <paramref name="wanted"/>, else the one item of that name.</summary>
    private static T Pick<T>(IReadOnlyList<T> items, string wanted, Func<T, string?> id, Func<T, string?> name, string what, string within)
    {
        var byId = items.FirstOrDefault(i => string.Equals(id(i), wanted, StringComparison.Ordinal));
        if (byId is not null)
            return byId;
        var byName = items.Where(i => string.Equals(name(i), wanted, StringComparison.Ordinal)).ToList();
        return byName.Count switch
        {
            1 => byName[0],
            0 => throw new AppConfigResourceNotFoundException(
                $"No AppConfig {what} named '{wanted}'{within}; " +
                (items.Count == 0 ? "there are none." : $"there are: {string.Join(", ", items.Select(i => $"{name(i)} ({id(i)})"))}.")),
            _ => throw new AppConfigResourceNotFoundException(
                $"{byName.Count} AppConfig {what}s are named '{wanted}'{within} ({string.Join(", ", byName.Select(id))}); configure one by its id."),
        };
    }

    /// <summary>Flags can only be read and written in a hosted profile of the feature-flag type.</summary>
    private static void CheckIsHostedFlags(ConfigurationProfileSummary profile, string label)
    {
        if (profile.Type is { } type && type != ConfigurationProfileSummary.FeatureFlagsType)
        {
            throw new AppConfigResourceNotFoundException(
                $"The configuration profile of {label} is of type {type}, not {ConfigurationProfileSummary.FeatureFlagsType}.");
        }
        if (profile.LocationUri is { } location && location != ConfigurationProfileSummary.HostedLocation)
        {
            throw new AppConfigResourceNotFoundException(
                $"The configuration profile of {label} is stored at {location}, not in the AppConfig hosted store, so OpsBot cannot change its flags.");
        }
    }
}
