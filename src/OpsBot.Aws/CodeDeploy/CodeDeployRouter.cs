using Microsoft.Extensions.Logging;
using OpsBot.Aws.Http;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.CodeDeploy;

/// <summary>
/// The <c>codedeploy</c> engine: OpsBot hands the shift to a CodeDeploy deployment of the function's deployment group
/// (a Lambda AppSpec from the stable to the target version, under the configuration <see cref="CodeDeployConfigs"/>
/// picks for the plan), mirrors it with GetDeployment (mapping in <see cref="CodeDeployStatus"/>) and stops it, with
/// or without rollback, on a breach. Each CodeDeploy deployment carries <c>opsbot:{deployment id}</c> in its
/// description, which is how a start repeated after a crash finds the one already running instead of starting another.
/// </summary>
internal sealed class CodeDeployRouter(CodeDeployClient codeDeploy, ILogger<CodeDeployRouter> logger) : IDelegatedRouter
{
    /// <summary>How far OpsBot's clock may be ahead of CodeDeploy's when looking for a deployment by its creation time.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(15);

    /// <summary>The events on which CodeDeploy restores the previous version by itself.</summary>
    private static readonly string[] RollbackEvents =
        [AutoRollbackConfiguration.DeploymentFailure, AutoRollbackConfiguration.StopOnRequest, AutoRollbackConfiguration.StopOnAlarm];

    public string? CannotRun(DeploymentPlan plan) => CodeDeployConfigs.Choose(plan).Refusal;

    public async Task<string?> FindInProgressAsync(FunctionTarget target, CancellationToken cancellationToken)
    {
        if (target.CodeDeployApplication is not { Length: > 0 } application || target.CodeDeployGroup is not { Length: > 0 } group)
            return null;
        var running = await UnfinishedAsync(Scope(target), application, group, cancellationToken);
        return running.Count > 0 ? running[0] : null;
    }

    public async Task<string> StartAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        var target = deployment.Target;
        var (application, group) = GroupOf(target);
        var choice = CodeDeployConfigs.Choose(deployment.Plan);
        var config = choice.Config ?? throw new InvalidOperationException(choice.Refusal);
        var scope = Scope(target);

        if (await FindStartedAsync(scope, application, group, deployment, cancellationToken) is { } existing)
        {
            logger.LogInformation("CodeDeploy deployment {CodeDeployId} of {Deployment} is already running; not starting another", existing, deployment.Id);
            return existing;
        }
        if (!config.Predefined)
            await EnsureConfigAsync(scope, config, cancellationToken);

        var created = await codeDeploy.CreateDeploymentAsync(scope, new CreateDeploymentInput(application)
        {
            DeploymentGroupName = group,
            Revision = RevisionLocation.AppSpec(LambdaAppSpec.For(deployment)),
            DeploymentConfigName = config.Name,
            Description = $"OpsBot deployment {deployment.Id}: version {deployment.TargetVersion} of {target.Function}:{target.Alias} " +
                          $"by {deployment.RequestedBy} ({Marker(deployment.Id)})",
            AutoRollbackConfiguration = new AutoRollbackConfiguration(true, RollbackEvents),
        }, cancellationToken);
        return created.DeploymentId is { Length: > 0 } id
            ? id
            : throw new InvalidOperationException($"CodeDeploy created a deployment for {deployment.Id} but answered no deploymentId");
    }

    /// <summary>GetDeployment, mapped as <see cref="CodeDeployStatus"/> documents.</summary>
    public async Task<DelegatedDeployment> GetAsync(FunctionTarget target, string id, CancellationToken cancellationToken)
    {
        var answer = await codeDeploy.GetDeploymentAsync(Scope(target), new GetDeploymentInput(id), cancellationToken);
        return answer.DeploymentInfo is { } info
            ? CodeDeployStatus.ToDelegated(id, info)
            : throw new InvalidOperationException($"CodeDeploy answered GetDeployment of {id} without deploymentInfo");
    }

    public async Task StopAsync(FunctionTarget target, string id, bool rollback, CancellationToken cancellationToken)
    {
        try
        {
            await codeDeploy.StopDeploymentAsync(Scope(target), new StopDeploymentInput(id) { AutoRollbackEnabled = rollback }, cancellationToken);
        }
        catch (AwsServiceException e) when (e.Code == "DeploymentAlreadyCompletedException")
        {
            // Nothing left to stop; the caller reads the outcome (and the alias) next.
            logger.LogInformation("CodeDeploy deployment {CodeDeployId} had already completed when asked to stop", id);
        }
    }

    /// <summary>The marker in a CodeDeploy deployment's description that says which OpsBot deployment it belongs to.</summary>
    internal static string Marker(string deploymentId) => $"opsbot:{deploymentId}";

    /// <summary>True when <paramref name="description"/> carries the marker of exactly <paramref name="deploymentId"/> (not of a longer id).</summary>
    internal static bool IsMarked(string? description, string deploymentId)
    {
        var marker = Marker(deploymentId);
        for (var at = description?.IndexOf(marker, StringComparison.Ordinal) ?? -1; at >= 0; at = description!.IndexOf(marker, at + 1, StringComparison.Ordinal))
        {
            var end = at + marker.Length;
            if (end == description!.Length || !(char.IsAsciiLetterOrDigit(description[end]) || description[end] is '-' or '_'))
                return true;
        }
        return false;
    }

    /// <summary>
    /// A CodeDeploy deployment this OpsBot deployment already started, finished or not: one created since shortly
    /// before the OpsBot deployment was (a fast all-at-once may have finished before a lost commit of its id).
    /// </summary>
    private async Task<string?> FindStartedAsync(AwsScope scope, string application, string group, Deployment deployment, CancellationToken cancellationToken)
    {
        var deploymentId = deployment.Id;
        var since = await codeDeploy.ListAllDeploymentsAsync(scope, new ListDeploymentsInput
        {
            ApplicationName = application,
            DeploymentGroupName = group,
            CreateTimeRange = new TimeRange(deployment.CreatedAt > DateTimeOffset.MinValue + ClockSkew ? deployment.CreatedAt - ClockSkew : null),
        }, cancellationToken);
        foreach (var id in since)
        {
            try
            {
                var info = (await codeDeploy.GetDeploymentAsync(scope, new GetDeploymentInput(id), cancellationToken)).DeploymentInfo;
                if (IsMarked(info?.Description, deploymentId))
                    return id;
            }
            catch (AwsServiceException e) when (e.Code == "DeploymentDoesNotExistException")
            {
                // Listed a moment ago and gone now: not ours to find.
            }
        }
        return null;
    }

    private Task<IReadOnlyList<string>> UnfinishedAsync(AwsScope scope, string application, string group, CancellationToken cancellationToken) =>
        codeDeploy.ListAllDeploymentsAsync(scope, new ListDeploymentsInput
        {
            ApplicationName = application,
            DeploymentGroupName = group,
            IncludeOnlyStatuses = CodeDeployStatus.Unfinished,
        }, cancellationToken);

    /// <summary>Creates a custom configuration unless it exists; one that exists under OpsBot's name must mean what the name says.</summary>
    private async Task EnsureConfigAsync(AwsScope scope, CodeDeployConfig config, CancellationToken cancellationToken)
    {
        try
        {
            var existing = (await codeDeploy.GetDeploymentConfigAsync(scope, new GetDeploymentConfigInput(config.Name), cancellationToken)).DeploymentConfigInfo;
            if (existing?.TrafficRoutingConfig is { } routing && !SameRouting(routing, config.Routing))
            {
                throw new InvalidOperationException(
                    $"CodeDeploy deployment config {config.Name} exists but routes traffic differently from what its name says; " +
                    "delete it so that OpsBot can create it again.");
            }
            return;
        }
        catch (AwsServiceException e) when (e.Code == "DeploymentConfigDoesNotExistException")
        {
            // Created below.
        }
        try
        {
            await codeDeploy.CreateDeploymentConfigAsync(scope, new CreateDeploymentConfigInput(config.Name)
            {
                ComputePlatform = "Lambda",
                TrafficRoutingConfig = config.Routing,
            }, cancellationToken);
            logger.LogInformation("Created CodeDeploy deployment config {Config}", config.Name);
        }
        catch (AwsServiceException e) when (e.Code == "DeploymentConfigAlreadyExistsException")
        {
            // Another replica created it in between; the name fixes what it means.
        }
    }

    private static bool SameRouting(TrafficRoutingConfig actual, TrafficRoutingConfig wanted) =>
        actual.Type == wanted.Type && wanted.Type switch
        {
            TrafficRoutingConfig.Canary => actual.TimeBasedCanary == wanted.TimeBasedCanary,
            TrafficRoutingConfig.Linear => actual.TimeBasedLinear == wanted.TimeBasedLinear,
            _ => true,
        };

    private static (string Application, string Group) GroupOf(FunctionTarget target) =>
        target is { CodeDeployApplication: { Length: > 0 } application, CodeDeployGroup: { Length: > 0 } group }
            ? (application, group)
            : throw new InvalidOperationException($"{target} has no CodeDeploy application and deployment group configured.");

    private static AwsScope Scope(FunctionTarget target) => new(target.Region, target.RoleArn);
}
