using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Flags;
using OpsBot.Core.Identity;
using OpsBot.Core.Ports;

namespace OpsBot.Core.Runner;

/// <summary>
/// Carries flag changes out in AppConfig, each poll and when woken: starts an allowed change (one at a time per
/// environment, as AppConfig runs one deployment per environment), follows its deployment to the end, stops or
/// reverts it when a person asked, expires approvals that waited too long. Only I/O here; every change of state goes
/// through <see cref="FlagChangeWorkflow"/> and is committed with its notices.
/// </summary>
public sealed class FlagChangeReconciler(
    IFlagChangeStore store,
    IEnumerable<IFeatureFlags> featureFlags,
    IEnvironmentFreezes freezes,
    IOptionsMonitor<OpsBotOptions> options,
    TimeProvider time,
    ILogger<FlagChangeReconciler> logger)
{
    /// <summary>The AppConfig place of an environment's flags, or null when it has none configured.</summary>
    public static FlagStore? StoreOf(OpsBotOptions options, string environment) =>
        options.Environments.TryGetValue(environment, out var env) && env.FeatureFlags is { } f
            ? new FlagStore(f.Application, f.Environment, f.Profile, env.Region, env.RoleArn)
            : null;

    private IFeatureFlags? Flags => featureFlags.FirstOrDefault();

    public async Task AdvanceAsync(FlagChange c, CancellationToken cancellationToken)
    {
        var workflow = new FlagChangeWorkflow(c, time);
        var result = StoreOf(options.CurrentValue, c.Environment) is not { } place
            ? workflow.StartFailed($"{c.Environment} has no feature flags configured (OpsBot:Environments:{c.Environment}:FeatureFlags)")
            : Flags is null
            ? workflow.StartFailed("feature flags need the AWS adapter (OpsBot:Aws), which is not configured")
            : c.State switch
            {
                FlagChangeState.AwaitingApproval when time.GetUtcNow() - c.CreatedAt > c.Gates.ApprovalTimeout => workflow.TimeOut(),
                FlagChangeState.Pending => await StartAsync(workflow, place, cancellationToken),
                FlagChangeState.Deploying => await FollowAsync(workflow, place, cancellationToken),
                FlagChangeState.Stopping => await StopAsync(workflow, place, cancellationToken),
                _ => null,
            };
        if (result is { IsApplied: true } && !workflow.Changes.IsEmpty)
            await store.SaveAsync(c, workflow.Changes, cancellationToken);
    }

    private async Task<FlagTransition?> StartAsync(FlagChangeWorkflow workflow, FlagStore place, CancellationToken cancellationToken)
    {
        var c = workflow.Change;
        var busy = (await store.ListActiveAsync(cancellationToken))
            .FirstOrDefault(o => o.Id != c.Id && o.Environment == c.Environment && o.State is FlagChangeState.Deploying or FlagChangeState.Stopping);
        if (busy is not null)
            return null; // one at a time: this one goes when that one is done
        if (c.TurnsOn && await freezes.GetAsync(c.Environment, cancellationToken) is not null)
            return null; // turning a flag on waits for the freeze to lift (a follow-up, or one approved just before it)

        // A restart between AppConfig starting it and the commit: the deployment carries the change's id.
        if (await Flags!.LatestDeploymentAsync(place, cancellationToken) is { } latest && latest.Description?.Contains(c.Id, StringComparison.Ordinal) == true)
            return workflow.Started(int.TryParse(latest.ConfigurationVersion, out var v) ? v : 0, latest.Number, latest.State, latest.PercentageComplete);

        try
        {
            var edits = c.Settings.Select(s => new FlagEdit(s.Name, s.From, s.To)).ToList();
            var rollout = await Flags!.SetAsync(place, edits, c.Strategy, $"OpsBot {c.Id}: {c.Describe()} (by {c.RequestedBy})", cancellationToken);
            return workflow.Started(rollout.Version, rollout.Deployment.Number, rollout.Deployment.State, rollout.Deployment.PercentageComplete, rollout.KeptVersion);
        }
        catch (FlagConflictException e)
        {
            return workflow.StartFailed($"{e.Message.TrimEnd('.')}. Look at /flags list and ask again.");
        }
        catch (FlagNotFoundException e)
        {
            return workflow.StartFailed(e.Message);
        }
        catch (FlagDeploymentInProgressException e) when (c.Emergency && (c.Force || e.InProgress.IsFlags && e.InProgress.Description?.Contains("OpsBot flg-", StringComparison.Ordinal) == true))
        {
            // The emergency path stops what is in its way (another tool's deployment only with --force), then goes next poll.
            logger.LogWarning("Emergency flag change {Change} stops AppConfig deployment {Number} ({State}) in its way", c.Id, e.InProgress.Number, e.InProgress.State);
            await Flags!.StopDeploymentAsync(place, e.InProgress.Number, revert: e.InProgress.State != "DEPLOYING", cancellationToken, anyProfile: c.Force);
            return null;
        }
        catch (FlagDeploymentInProgressException e)
        {
            var whose = e.InProgress.IsFlags ? "of the flags" : "of another configuration profile";
            var hint = c.Emergency ? $" It was not started by OpsBot: /rollback flags {string.Join(' ', c.Settings.Select(s => s.Name))} --force stops it first." : " Try again when it is done.";
            return workflow.StartFailed($"AppConfig is running deployment {e.InProgress.Number} {whose} in {c.Environment} ({e.InProgress.State}); nothing was changed.{hint}");
        }
    }

    private async Task<FlagTransition?> FollowAsync(FlagChangeWorkflow workflow, FlagStore place, CancellationToken cancellationToken)
    {
        var seen = await Flags!.GetDeploymentAsync(place, workflow.Change.DeploymentNumber!.Value, cancellationToken);
        return workflow.Observed(seen.State, seen.PercentageComplete, seen.LastEvent);
    }

    private async Task<FlagTransition?> StopAsync(FlagChangeWorkflow workflow, FlagStore place, CancellationToken cancellationToken)
    {
        var c = workflow.Change;
        var number = c.DeploymentNumber!.Value;
        var now = await Flags!.GetDeploymentAsync(place, number, cancellationToken);
        if (now.State == "ROLLING_BACK")
            return workflow.Observed(now.State, now.PercentageComplete, now.LastEvent); // asked already; AppConfig is on it
        if (now.IsFinished && !(c.Reverting && now.State == "COMPLETE"))
            return now.State == "COMPLETE"
                ? workflow.StopFailed("it completed before it could be stopped; use Revert to undo it")
                : workflow.Observed(now.State, now.PercentageComplete, now.LastEvent);
        if (c.Reverting && now.CompletedAt is { } completed && time.GetUtcNow() - completed > Notifications.Cards.FlagCardBuilder.RevertWindow)
            return workflow.StopFailed("AppConfig reverts a deployment only within 72 hours of its completion");
        // Without Allow-Revert AppConfig stops only a DEPLOYING deployment; a baking or complete one needs it.
        var stopped = await Flags!.StopDeploymentAsync(place, number, revert: c.Reverting || now.State != "DEPLOYING", cancellationToken);
        return workflow.Observed(stopped.State, stopped.PercentageComplete, stopped.LastEvent);
    }
}
