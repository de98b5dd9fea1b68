using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Flags;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Runner;

/// <summary>
/// <c>/deploy … --enable-flag</c>: once a release has succeeded, its flags are turned on by a flag change of their own
/// (the guide's "then update feature flags"), approved with the deployment (its card said so), one per deployment
/// whatever restarts (its id is derived from the deployment's). A deployment that did not succeed never turns flags on.
/// Called by the runner each poll, before it advances flag changes (so it needs no wake-up: the runner is its caller).
/// </summary>
public sealed class FlagFollowUps(
    IDeploymentStore deployments,
    IFlagChangeStore store,
    IEnumerable<IFeatureFlags> featureFlags,
    IOptionsMonitor<OpsBotOptions> options,
    TimeProvider time,
    ILogger<FlagFollowUps> logger)
{
    /// <summary>How many of the newest deployments are looked at each poll (a follow-up is made the poll after success).</summary>
    public const int Scan = 50;

    public async Task CreateDueAsync(CancellationToken cancellationToken)
    {
        var succeeded = (await deployments.ListAsync(new DeploymentQuery(Limit: Scan), cancellationToken))
            .Where(d => d is { Kind: DeploymentKind.Release, State: DeploymentState.Succeeded, EnableFlags.Count: > 0 });
        foreach (var d in succeeded)
        {
            var id = NewFlagChange.FollowUpId(d.Id);
            if (await store.GetAsync(id, cancellationToken) is not null)
                continue;
            var env = d.Target.Environment;
            if (FlagChangeReconciler.StoreOf(options.CurrentValue, env) is not { } place || featureFlags.FirstOrDefault() is not { } flags ||
                !options.CurrentValue.Environments.TryGetValue(env, out var environment))
            {
                logger.LogError("Deployment {Deployment} asked to enable {Flags} in {Environment}, which has no feature flags now", d.Id, d.EnableFlags, env);
                continue;
            }
            var deployed = (await flags.ReadAsync(place, cancellationToken)).Flags;
            var settings = d.EnableFlags.Where(f => deployed.Any(x => x.Name == f))
                .Select(f => new FlagSetting(f, deployed.First(x => x.Name == f).Enabled, true)).ToList();
            var (change, changes) = NewFlagChange.Create(env, settings, environment.FeatureFlags!.DefaultStrategy(environment.IsGated),
                environment.Gates.ToSettings(), new Actor(d.RequestedBy, d.Channel), d.RequestReason, time, id: id, followUpOf: d);
            await store.CreateAsync(change, changes, cancellationToken); // the runner advances it in the same poll
        }
    }
}
