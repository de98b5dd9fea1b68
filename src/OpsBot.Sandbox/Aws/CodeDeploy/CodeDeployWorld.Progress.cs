using OpsBot.Sandbox.Aws.Lambda;

namespace OpsBot.Sandbox.Aws.CodeDeploy;

internal sealed partial class CodeDeployWorld
{
    /// <summary>
    /// Moves every unfinished deployment on to <paramref name="now"/>: a Created one starts (its AppSpec checked against
    /// the alias, its first shift made); an InProgress one gets the weight its configuration says for the time since it
    /// started (canary: the percentage, then all after the interval; linear: the percentage more every interval;
    /// all-at-once: everything), and succeeds once all traffic is on the target version. Missed ticks are caught up in
    /// one step.
    /// </summary>
    public void Tick(DateTimeOffset now)
    {
        lock (_lock)
        {
            foreach (var deployment in _deployments.Values.Where(d => !d.IsFinished).OrderBy(d => d.Sequence).ToList())
                _deployments[deployment.Id] = deployment.Status == CodeDeployDeployment.Created ? Start(deployment, now) : Advance(deployment, now);
        }
    }

    private CodeDeployDeployment Start(CodeDeployDeployment deployment, DateTimeOffset now)
    {
        var spec = deployment.Spec;
        deployment = deployment with { Status = CodeDeployDeployment.InProgress, StartTime = now };
        LambdaAlias alias;
        try
        {
            alias = _lambda.Alias(spec.Function, spec.Alias);
            _lambda.GetConfiguration(spec.Function, spec.TargetVersion);
            _lambda.GetConfiguration(spec.Function, spec.CurrentVersion);
        }
        catch (LambdaFault e)
        {
            return Fail(deployment, now, "INVALID_LAMBDA_CONFIGURATION", $"The AppSpec's Lambda function, alias or versions could not be used: {e.Message}");
        }
        if (spec.CurrentVersion == spec.TargetVersion)
            return Fail(deployment, now, "INVALID_LAMBDA_CONFIGURATION", $"The AppSpec's CurrentVersion and TargetVersion are both {spec.CurrentVersion}.");
        if (alias.FunctionVersion != spec.CurrentVersion)
        {
            return Fail(deployment, now, "INVALID_LAMBDA_CONFIGURATION",
                $"The alias {spec.Alias} of {spec.Function} points to version {alias.FunctionVersion}, not to the AppSpec's CurrentVersion {spec.CurrentVersion}.");
        }
        return Advance(deployment, now);
    }

    private CodeDeployDeployment Advance(CodeDeployDeployment deployment, DateTimeOffset now)
    {
        var spec = deployment.Spec;
        var weight = deployment.Config.WeightAt(now - deployment.StartTime!.Value, _minute);
        if (weight != deployment.Weight)
        {
            try
            {
                if (weight >= 100)
                    _lambda.ShiftAlias(spec.Function, spec.Alias, spec.TargetVersion, null, 0);
                else
                    _lambda.ShiftAlias(spec.Function, spec.Alias, spec.CurrentVersion, spec.TargetVersion, weight / 100.0);
            }
            catch (LambdaFault e)
            {
                return Fail(deployment, now, "INVALID_LAMBDA_CONFIGURATION", $"Shifting {weight}% of the traffic to version {spec.TargetVersion} failed: {e.Message}");
            }
            deployment = deployment with { Weight = weight };
        }
        return weight >= 100 ? deployment with { Status = CodeDeployDeployment.Succeeded, CompleteTime = now } : deployment;
    }

    /// <summary>The deployment Failed; with rollback on DEPLOYMENT_FAILURE, the traffic it shifted goes back.</summary>
    private CodeDeployDeployment Fail(CodeDeployDeployment deployment, DateTimeOffset now, string code, string message)
    {
        deployment = deployment with { Status = CodeDeployDeployment.Failed, CompleteTime = now, Error = new DeploymentError(code, message) };
        return deployment.Weight > 0 && deployment.AutoRollback.On(AutoRollbackSetting.OnFailure) ? RollBack(deployment, now) : deployment;
    }

    /// <summary>
    /// Rolls <paramref name="deployment"/> back as CodeDeploy does: a new deployment (creator <c>codeDeployRollback</c>)
    /// routes all traffic to the AppSpec's CurrentVersion again; each deployment's rollbackInfo names the other. The
    /// rollback is all at once, so it has succeeded by the time it is recorded. Answers the rolled-back deployment,
    /// which is also stored.
    /// </summary>
    private CodeDeployDeployment RollBack(CodeDeployDeployment deployment, DateTimeOffset now)
    {
        var spec = deployment.Spec;
        var rollbackId = NewDeploymentId();
        string? failure = null;
        try
        {
            _lambda.ShiftAlias(spec.Function, spec.Alias, spec.CurrentVersion, null, 0);
        }
        catch (LambdaFault e)
        {
            failure = e.Message;
        }
        var content = LambdaAppSpec.Json(spec.Function, spec.Alias, spec.TargetVersion, spec.CurrentVersion);
        var rollback = new CodeDeployDeployment
        {
            Id = rollbackId,
            Sequence = ++_sequence,
            Application = deployment.Application,
            Group = deployment.Group,
            Config = _configs["CodeDeployDefault.LambdaAllAtOnce"],
            RevisionType = "AppSpecContent",
            Content = content,
            Spec = spec with { CurrentVersion = spec.TargetVersion, TargetVersion = spec.CurrentVersion },
            Creator = "codeDeployRollback",
            AutoRollback = new AutoRollbackSetting(false, []),
            Status = failure is null ? CodeDeployDeployment.Succeeded : CodeDeployDeployment.Failed,
            CreateTime = now,
            StartTime = now,
            CompleteTime = now,
            Weight = failure is null ? 100 : 0,
            Error = failure is null ? null : new DeploymentError("INVALID_LAMBDA_CONFIGURATION", failure),
            Rollback = new DeploymentRollback(null, deployment.Id, $"Rollback of deployment {deployment.Id}."),
        };
        _deployments[rollback.Id] = rollback;
        var message = failure is null
            ? $"rolled back by deployment {rollback.Id}: all traffic of {spec.Function}:{spec.Alias} is on version {spec.CurrentVersion} again."
            : $"the rollback deployment {rollback.Id} failed: {failure}";
        deployment = deployment with { Rollback = new DeploymentRollback(rollback.Id, null, message), Weight = failure is null ? 0 : deployment.Weight };
        _deployments[deployment.Id] = deployment;
        return deployment;
    }
}
