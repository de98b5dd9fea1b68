using System.Security.Cryptography;
using System.Text;

namespace OpsBot.Sandbox.Aws.CodeDeploy;

internal sealed partial class CodeDeployWorld
{
    /// <summary>
    /// CreateDeployment of a Lambda AppSpec (<c>AppSpecContent</c>, or the older <c>String</c>) into a group; the
    /// deployment is Created and starts on the next tick. A group runs one deployment at a time
    /// (DeploymentLimitExceededException). Function, alias and versions are checked when it starts, as CodeDeploy does:
    /// a wrong one fails the deployment rather than the call.
    /// </summary>
    public CodeDeployDeployment Create(CreateDeploymentRequest request)
    {
        lock (_lock)
        {
            var group = FindGroup(request.Application, request.Group);
            var (type, content) = (request.RevisionType, request.Content);
            if (type is null)
                throw CodeDeployFault.Required("Revision", "RevisionRequiredException");
            if (type is not ("AppSpecContent" or "String"))
                throw CodeDeployFault.InvalidRevision($"The sandbox deploys Lambda AppSpecs given inline (AppSpecContent), not revisions of type {type}.");
            if (string.IsNullOrEmpty(content))
                throw CodeDeployFault.InvalidRevision("The revision has no AppSpec content.");
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
            if (request.Sha256 is { Length: > 0 } given && !given.Equals(sha256, StringComparison.OrdinalIgnoreCase))
                throw CodeDeployFault.InvalidRevision($"The sha256 {given} of the AppSpec content does not match its content (sha256 {sha256}).");
            var spec = LambdaAppSpec.Read(content);
            var configName = request.ConfigName ?? group.DeploymentConfigName;
            var config = _configs.TryGetValue(configName, out var found) ? found : throw CodeDeployFault.NoConfig(configName);
            if (_deployments.Values.FirstOrDefault(d => d.Application == group.Application && d.Group == group.Name && !d.IsFinished) is { } active)
            {
                throw new CodeDeployFault("DeploymentLimitExceededException",
                    $"The Deployment Group '{group.Name}' already has an active Deployment '{active.Id}'");
            }
            var deployment = new CodeDeployDeployment
            {
                Id = NewDeploymentId(),
                Sequence = ++_sequence,
                Application = group.Application,
                Group = group.Name,
                Config = config,
                RevisionType = type,
                Content = content,
                Spec = spec,
                Description = request.Description,
                AutoRollback = request.AutoRollback ?? group.AutoRollback,
                CreateTime = _time.GetUtcNow(),
            };
            _deployments[deployment.Id] = deployment;
            return deployment;
        }
    }

    /// <summary>GetDeployment.</summary>
    public CodeDeployDeployment Get(string? id)
    {
        lock (_lock)
            return FindDeployment(id);
    }

    /// <summary>The deployment before <paramref name="deployment"/> in its group that succeeded (its revision is the "previous revision").</summary>
    public CodeDeployDeployment? PreviousSuccessful(CodeDeployDeployment deployment)
    {
        lock (_lock)
        {
            return _deployments.Values
                .Where(d => d.Application == deployment.Application && d.Group == deployment.Group && d.Sequence < deployment.Sequence && d.Status == CodeDeployDeployment.Succeeded)
                .MaxBy(d => d.Sequence);
        }
    }

    /// <summary>
    /// StopDeployment: the deployment is Stopped at once. With rollback (asked, or else the deployment's rollback
    /// settings on DEPLOYMENT_STOP_ON_REQUEST) and traffic already shifted, the alias goes back to the AppSpec's
    /// CurrentVersion by a rollback deployment, as CodeDeploy does. Answers StopDeployment's status and message.
    /// </summary>
    public (string Status, string Message) Stop(string? id, bool? autoRollbackEnabled)
    {
        lock (_lock)
        {
            var deployment = FindDeployment(id);
            if (deployment.IsFinished)
                throw new CodeDeployFault("DeploymentAlreadyCompletedException", $"Deployment {deployment.Id} has already completed.");
            var rollback = autoRollbackEnabled ?? deployment.AutoRollback.On(AutoRollbackSetting.OnStopRequest);
            var now = _time.GetUtcNow();
            deployment = deployment with
            {
                Status = CodeDeployDeployment.Stopped,
                CompleteTime = now,
                Error = new DeploymentError("MANUAL_STOP", "The deployment was stopped by a user."),
            };
            _deployments[deployment.Id] = deployment;
            if (rollback && deployment.Weight > 0)
            {
                var rolledBack = RollBack(deployment, now);
                return ("Succeeded", $"Deployment {deployment.Id} stopped; {rolledBack.Rollback!.Message}");
            }
            return ("Succeeded", $"Deployment {deployment.Id} stopped{(deployment.Weight > 0 ? $" with {deployment.Weight}% of the traffic on version {deployment.Spec.TargetVersion}" : "")}.");
        }
    }

    /// <summary>
    /// ListDeployments: the ids of the deployments of a group (or of all groups, when neither application nor group is
    /// given), newest first, filtered by status and creation time, a page at a time.
    /// </summary>
    public (IReadOnlyList<string> Ids, string? NextToken) List(ListDeploymentsRequest request)
    {
        if (request.Statuses?.FirstOrDefault(s => !CodeDeployDeployment.Statuses.Contains(s)) is { } unknown)
            throw new CodeDeployFault("InvalidDeploymentStatusException", $"Deployment status {unknown} is not valid.");
        if (request.CreatedFrom is { } from && request.CreatedTo is { } to && from > to)
            throw new CodeDeployFault("InvalidTimeRangeException", "The start of the time range is after its end.");
        lock (_lock)
        {
            if (request.Application is not null || request.Group is not null)
            {
                if (request.Application is null)
                    throw CodeDeployFault.Required("Application name", "ApplicationNameRequiredException");
                FindGroup(request.Application, request.Group);
            }
            var matching = _deployments.Values
                .Where(d => request.Application is null || (d.Application == request.Application && d.Group == request.Group))
                .Where(d => request.Statuses is null || request.Statuses.Contains(d.Status))
                .Where(d => (request.CreatedFrom is null || d.CreateTime >= request.CreatedFrom) && (request.CreatedTo is null || d.CreateTime <= request.CreatedTo))
                .OrderByDescending(d => d.Sequence)
                .ToList();
            var start = 0;
            if (request.NextToken is { } token)
            {
                // The token names the last id of the previous page, so that new deployments do not shift the pages.
                var after = DecodeToken(token) is { } last ? matching.FindIndex(d => d.Id == last) : -1;
                start = after >= 0 ? after + 1 : throw new CodeDeployFault("InvalidNextTokenException", "The next token is invalid.");
            }
            var page = matching.Skip(start).Take(PageSize).Select(d => d.Id).ToList();
            return (page, start + PageSize < matching.Count ? EncodeToken(page[^1]) : null);
        }
    }

    /// <summary>GetDeploymentGroup, with the group's last successful and last attempted deployments.</summary>
    public CodeDeployGroupView GetGroup(string? application, string? group)
    {
        lock (_lock)
        {
            var found = FindGroup(application, group);
            var mine = _deployments.Values.Where(d => d.Application == found.Application && d.Group == found.Name).OrderByDescending(d => d.Sequence).ToList();
            return new CodeDeployGroupView(found, mine.FirstOrDefault(d => d.Status == CodeDeployDeployment.Succeeded), mine.FirstOrDefault());
        }
    }

    private static string EncodeToken(string id) => Convert.ToBase64String(Encoding.UTF8.GetBytes("after:" + id));

    private static string? DecodeToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith("after:", StringComparison.Ordinal) ? text["after:".Length..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
