using OpsBot.Core.Health;
using OpsBot.Core.Identity;

namespace OpsBot.Core.Deployments;

// What the runner saw: health judged, providers failing or answering again, the alias adopted, CodeDeploy started or
// stopped, a rollback attempt failed, a re-page due. The reconciler does the I/O and reports it here; only the
// workflow writes the deployment.
public sealed partial class DeploymentWorkflow
{
    /// <summary>
    /// Records one poll's judgement: the next counters, the samples to store, and a card refresh when the summary
    /// changed. The verdict is the caller's to act on (<see cref="AutoRollBack"/>, <see cref="ProviderFailed"/>).
    /// </summary>
    public void RecordHealth(HealthJudgement judgement)
    {
        var previous = _d.Health.Last?.Summary;
        _d.Health = judgement.Tracking;
        Changes.Samples.AddRange(judgement.Samples);
        if (judgement.Report.Summary != previous)
            Changes.Notices.Add(new Notice(NoticeKind.Card, judgement.Report.Summary));
    }

    /// <summary>
    /// A provider could not be read or called. Not a pass: the deployment holds where it is. After
    /// <paramref name="maxErrors"/> polls in a row an alias deployment pauses and pages instead of rolling back, so
    /// that an outage does not roll back every deployment at once; CodeDeploy carries on, and the page says so.
    /// </summary>
    public void ProviderFailed(string what, int maxErrors)
    {
        var errors = _d.Health.ProviderErrors + 1;
        _d.Health = _d.Health with { ProviderErrors = errors };
        if (errors == 1 && maxErrors > 1)
            Observe($"{Capitalize(what)}; holding at {_d.Weight}% until it can be read.");
        if (errors != maxErrors || _d.State == DeploymentState.Paused)
            return;
        var reason = $"{what} ({maxErrors} polls in a row)";
        if (IsAliasEngine)
            Pause(Actor.System, reason);
        else
            Observe($"{Capitalize(reason)}. CodeDeploy continues on its own; watch it or roll back.", page: true);
    }

    /// <summary>Every provider answered this poll: the count of failures in a row starts again.</summary>
    public void ProviderAnswered()
    {
        if (_d.Health.ProviderErrors != 0)
            _d.Health = _d.Health with { ProviderErrors = 0 };
    }

    /// <summary>The alias has a new revision that still routes what OpsBot set (<paramref name="routing"/>): adopt it, not drift.</summary>
    public void AdoptAliasRevision(string revision, string routing)
    {
        _d.AliasRevision = revision;
        Observe($"Alias {_d.Target.Alias} has a new revision but still routes {routing}; carrying on.");
    }

    /// <summary>The CodeDeploy deployment that carries this one was started.</summary>
    public void RecordExternalStart(string externalId)
    {
        _d.ExternalId = externalId;
        Observe($"CodeDeploy deployment {externalId} started.", new Dictionary<string, string> { ["codedeploy"] = externalId });
    }

    /// <summary>CodeDeploy was asked to stop and roll back (<paramref name="asked"/>), or needs no asking: either way it is not asked again.</summary>
    public void RecordExternalStop(bool asked)
    {
        _d.ExternalStopRequested = true;
        if (asked)
            Observe($"Asked CodeDeploy to stop {_d.ExternalId} and roll back.");
    }

    /// <summary>CodeDeploy failed or was stopped by someone: roll back (CodeDeploy is already rolling back on its own, so it is not asked to).</summary>
    public TransitionResult ExternalEnded(string reason)
    {
        var result = AutoRollBack(reason);
        if (result.IsApplied)
            _d.ExternalStopRequested = true;
        return result;
    }

    /// <summary>CodeDeploy moved the alias within a step: the card shows the weight it routes now.</summary>
    public void ObserveExternalWeight(int weight)
    {
        if (weight == _d.Weight || _d.State != DeploymentState.Baking)
            return;
        _d.Weight = weight;
        Observe($"CodeDeploy routes {weight}% to version {_d.TargetVersion}.");
    }

    /// <summary>A rollback attempt failed: retried until <paramref name="maxAttempts"/>, then the rollback has failed (alias locked, paged).</summary>
    public void RollbackAttemptFailed(string failure, int maxAttempts)
    {
        _d.RollbackAttempts++;
        if (_d.RollbackAttempts >= maxAttempts)
            FailRollback(failure);
        else
            Observe($"Rollback attempt {_d.RollbackAttempts} of {maxAttempts} failed: {failure}; retrying.");
    }

    /// <summary>A failed rollback pages again every <paramref name="interval"/> until a person's rollback succeeds; true when it paged.</summary>
    public bool Repage(TimeSpan interval)
    {
        var now = _time.GetUtcNow();
        if (_d.State != DeploymentState.RollbackFailed || (_d.LastPagedAt is { } last && now - last < interval))
            return false;
        _d.LastPagedAt = now;
        Observe($"Rollback still failed ({_d.LastError}). Alias {_d.Target.Alias} stays locked on this deployment until a person's /rollback {_d.Target.Function} succeeds.", page: true);
        return true;
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
