using System.Collections.Concurrent;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Testing;

/// <summary>
/// CodeDeploy for Lambda, in memory: a started deployment shifts the <see cref="FakeLambda"/> alias to the plan's first
/// weight at once, then to each next weight after the previous bake, as time passes; it can be stopped (with rollback)
/// or made to fail.
/// </summary>
public sealed class FakeCodeDeploy(FakeLambda lambda, TimeProvider time) : IDelegatedRouter
{
    private readonly ConcurrentDictionary<string, Run> _runs = new();
    private int _next;

    public int Starts;

    public IReadOnlyCollection<string> Ids => [.. _runs.Keys];

    public string? CannotRun(DeploymentPlan plan)
    {
        var s = plan.Steps;
        var canary = s.Count == 2;
        var linear = s.Count > 2 && s.Select((step, i) => step.Weight == s[0].Weight * (i + 1)).All(x => x) && s.Take(s.Count - 1).All(x => x.Bake == s[0].Bake);
        if (s.Any(step => step.Gate))
            return $"CodeDeploy cannot pause for a person, so it cannot run plan {plan.Name}, which has gated steps. Use --engine alias.";
        return s.Count == 1 || canary || linear
            ? null
            : $"CodeDeploy cannot run plan {plan.Name} ({plan.Describe()}): its steps are unequal. Use --engine alias.";
    }

    public Task<string?> FindInProgressAsync(FunctionTarget target, CancellationToken cancellationToken)
    {
        var running = _runs.Values.FirstOrDefault(r => r.Deployment.Target.AliasKey == target.AliasKey && Status(r) == DelegatedStatus.InProgress);
        return Task.FromResult(running?.Id);
    }

    public Task<string> StartAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        var existing = _runs.Values.FirstOrDefault(r => r.Deployment.Id == deployment.Id);
        if (existing is not null)
            return Task.FromResult(existing.Id);
        Interlocked.Increment(ref Starts);
        var id = $"d-FAKE{Interlocked.Increment(ref _next):D5}";
        var run = new Run(id, deployment, time.GetUtcNow());
        _runs[id] = run;
        Apply(run);
        return Task.FromResult(id);
    }

    public Task<DelegatedDeployment> GetAsync(FunctionTarget target, string id, CancellationToken cancellationToken)
    {
        var run = _runs[id];
        if (!run.Failed && !run.Stopped)
            Apply(run);
        return Task.FromResult(new DelegatedDeployment(id, Status(run), run.Message));
    }

    public Task StopAsync(FunctionTarget target, string id, bool rollback, CancellationToken cancellationToken)
    {
        var run = _runs[id];
        run.Stopped = true;
        run.Message = "stopped by request";
        if (rollback)
            Restore(run);
        return Task.CompletedTask;
    }

    /// <summary>CodeDeploy fails on its own (a hook failed) and rolls back.</summary>
    public void Fail(string id, string message)
    {
        var run = _runs[id];
        run.Failed = true;
        run.Message = message;
        Restore(run);
    }

    private void Restore(Run run)
    {
        var t = run.Deployment.Target;
        lambda.ChangeBehindOpsBotsBack(t.Environment, t.Function, run.Deployment.StableVersion, alias: t.Alias);
    }

    private DelegatedStatus Status(Run run) =>
        run.Failed ? DelegatedStatus.Failed
        : run.Stopped ? DelegatedStatus.Stopped
        : StepAt(run) >= run.Deployment.Plan.LastIndex ? DelegatedStatus.Succeeded
        : DelegatedStatus.InProgress;

    private int StepAt(Run run)
    {
        var elapsed = time.GetUtcNow() - run.StartedAt;
        var steps = run.Deployment.Plan.Steps;
        var index = 0;
        var until = steps[0].Bake;
        while (index < steps.Count - 1 && elapsed >= until)
        {
            index++;
            until += steps[index].Bake;
        }
        return index;
    }

    private void Apply(Run run)
    {
        var d = run.Deployment;
        var weight = d.Plan[StepAt(run)].Weight;
        if (weight == run.AppliedWeight)
            return;
        run.AppliedWeight = weight;
        var t = d.Target;
        if (weight >= 100)
            lambda.ChangeBehindOpsBotsBack(t.Environment, t.Function, d.TargetVersion, alias: t.Alias);
        else
            lambda.ChangeBehindOpsBotsBack(t.Environment, t.Function, d.StableVersion, d.TargetVersion, weight / 100.0, t.Alias);
    }

    private sealed class Run(string id, Deployment deployment, DateTimeOffset startedAt)
    {
        public string Id { get; } = id;
        public Deployment Deployment { get; } = deployment;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public int AppliedWeight { get; set; }
        public bool Stopped { get; set; }
        public bool Failed { get; set; }
        public string? Message { get; set; }
    }
}
