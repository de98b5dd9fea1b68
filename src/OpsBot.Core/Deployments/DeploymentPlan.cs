namespace OpsBot.Core.Deployments;

/// <summary>One step of a plan: route <see cref="Weight"/>% to the new version, then watch it for <see cref="Bake"/>.</summary>
/// <param name="Weight">Percentage of traffic on the new version, 1..100.</param>
/// <param name="Bake">How long to hold the weight while health is watched.</param>
/// <param name="Gate">When true, a person must promote after this step has baked healthy.</param>
public sealed record PlanStep(int Weight, TimeSpan Bake, bool Gate = false);

/// <summary>An ordered list of steps whose weights rise to 100%.</summary>
public sealed record DeploymentPlan(string Name, IReadOnlyList<PlanStep> Steps)
{
    public const string Canary = "canary";
    public const string Linear = "linear";
    public const string AllAtOnce = "all-at-once";

    /// <summary>The guide's plans: canary 10% for 5 min; linear 10, 20, 50, 100% every 10 min; all at once with a bake.</summary>
    public static IReadOnlyDictionary<string, DeploymentPlan> BuiltIn { get; } = new Dictionary<string, DeploymentPlan>(StringComparer.OrdinalIgnoreCase)
    {
        [Canary] = new(Canary, [new(10, TimeSpan.FromMinutes(5)), new(100, TimeSpan.Zero)]),
        [Linear] = new(Linear, [new(10, TimeSpan.FromMinutes(10)), new(20, TimeSpan.FromMinutes(10)), new(50, TimeSpan.FromMinutes(10)), new(100, TimeSpan.Zero)]),
        [AllAtOnce] = new(AllAtOnce, [new(100, TimeSpan.FromMinutes(10))]),
    };

    public PlanStep this[int index] => Steps[index];

    public int LastIndex => Steps.Count - 1;

    /// <summary>Why the plan cannot run, or null when it can.</summary>
    public string? Problem()
    {
        if (Steps.Count == 0)
            return $"plan '{Name}' has no steps";
        for (var i = 0; i < Steps.Count; i++)
        {
            var step = Steps[i];
            if (step.Weight is < 1 or > 100)
                return $"plan '{Name}' step {i + 1}: weight {step.Weight}% is outside 1..100";
            if (i > 0 && step.Weight <= Steps[i - 1].Weight)
                return $"plan '{Name}' step {i + 1}: weight {step.Weight}% does not rise above {Steps[i - 1].Weight}%";
            if (step.Bake < TimeSpan.Zero)
                return $"plan '{Name}' step {i + 1}: bake {step.Bake} is negative";
        }
        return Steps[^1].Weight == 100 ? null : $"plan '{Name}' ends at {Steps[^1].Weight}%, not 100%";
    }

    /// <summary>
    /// Applies what an operator gives on the command line: the first step's percentage and the bake of every step
    /// that is followed by another (or of the only step, for all-at-once).
    /// </summary>
    public DeploymentPlan WithOverrides(int? firstStepPercentage, int? bakeMinutes)
    {
        var steps = Steps.ToList();
        if (firstStepPercentage is { } pct && steps.Count > 1)
            steps[0] = steps[0] with { Weight = pct };
        if (bakeMinutes is { } minutes)
        {
            for (var i = 0; i < steps.Count; i++)
            {
                if (i < steps.Count - 1 || steps.Count == 1)
                    steps[i] = steps[i] with { Bake = TimeSpan.FromMinutes(minutes) };
            }
        }
        return this with { Steps = steps };
    }

    /// <summary>"10% → 100%" style summary for cards and messages.</summary>
    public string Describe() => string.Join(" → ", Steps.Select(s => $"{s.Weight}%"));

    public bool Equals(DeploymentPlan? other) =>
        other is not null && Name == other.Name && Steps.SequenceEqual(other.Steps);

    public override int GetHashCode() => HashCode.Combine(Name, Steps.Count);
}
