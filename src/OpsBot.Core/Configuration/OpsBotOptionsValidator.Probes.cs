using OpsBot.Core.Ports;

namespace OpsBot.Core.Configuration;

public sealed partial class OpsBotOptionsValidator
{
    private static readonly string[] Comparisons =
        ["GreaterThanThreshold", "GreaterThanOrEqualToThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"];

    /// <summary>Each probe of an environment: a type something runs, settings its adapter can use (no network call here).</summary>
    private static void ValidateProbes(string key, EnvironmentOptions env, IReadOnlyDictionary<string, IHealthProbe> probeTypes, Action<string, string> fail)
    {
        foreach (var (name, probe) in env.Probes)
        {
            var pk = $"{key}:Probes:{name}";
            if (!FunctionName().IsMatch(name))
                fail(pk, "a probe name is 1..64 letters, digits, dashes and underscores");
            if (probe.Timeout <= TimeSpan.Zero || probe.Timeout > TimeSpan.FromMinutes(1))
                fail($"{pk}:Timeout", $"must be within 00:00:00.001..00:01:00, not {probe.Timeout}");
            if (probe.Type == ProbeOptions.MetricType)
            {
                foreach (var problem in MetricProblems(probe))
                    fail($"{pk}:{problem.Field}", problem.Message);
            }
            else if (probeTypes.TryGetValue(probe.Type, out var adapter))
            {
                foreach (var problem in adapter.Validate(probe))
                {
                    var colon = problem.IndexOf(": ", StringComparison.Ordinal);
                    fail(colon > 0 ? $"{pk}:{problem[..colon]}" : pk, colon > 0 ? problem[(colon + 2)..] : problem);
                }
            }
            else
            {
                var known = probeTypes.Keys.Append(ProbeOptions.MetricType).Order();
                fail($"{pk}:Type", string.IsNullOrEmpty(probe.Type)
                    ? $"a probe needs a Type (known: {Known(known)})"
                    : $"unknown probe type '{probe.Type}' (known: {Known(known)})");
            }
        }
    }

    private static IEnumerable<(string Field, string Message)> MetricProblems(ProbeOptions p)
    {
        if (!Comparisons.Contains(p.Comparison, StringComparer.Ordinal))
            yield return ("Comparison", $"unknown comparison '{p.Comparison}' (known: {Known(Comparisons)})");
        if (p.Expression is null)
        {
            if (string.IsNullOrWhiteSpace(p.Namespace) || string.IsNullOrWhiteSpace(p.MetricName))
                yield return ("MetricName", "a metric probe needs Namespace and MetricName, or an Expression over Metrics");
            if (!IsStatistic(p.Statistic))
                yield return ("Statistic", $"'{p.Statistic}' is not a CloudWatch statistic (Sum, Average, Maximum, Minimum, SampleCount, p99…)");
            if (p.Metrics.Count > 0)
                yield return ("Metrics", "Metrics are the inputs of an Expression; set Expression, or use Namespace and MetricName alone");
            yield break;
        }
        if (string.IsNullOrWhiteSpace(p.Expression))
            yield return ("Expression", "must not be empty");
        if (p.MetricName is not null)
            yield return ("MetricName", "set either MetricName (one metric) or Expression (over Metrics), not both");
        if (p.Metrics.Count == 0)
            yield return ("Metrics", "an Expression needs its input metrics under Metrics (m1, m2, …)");
        foreach (var (id, m) in p.Metrics)
        {
            if (!MetricId().IsMatch(id))
                yield return ($"Metrics:{id}", "an id starts with a lowercase letter and holds letters, digits and underscores");
            if (string.IsNullOrWhiteSpace(m.Namespace) || string.IsNullOrWhiteSpace(m.MetricName))
                yield return ($"Metrics:{id}", "needs Namespace and MetricName");
            if (!IsStatistic(m.Statistic))
                yield return ($"Metrics:{id}:Statistic", $"'{m.Statistic}' is not a CloudWatch statistic");
        }
    }

    private static bool IsStatistic(string s) =>
        s is "Sum" or "Average" or "Maximum" or "Minimum" or "SampleCount" || Percentile().IsMatch(s);

    [System.Text.RegularExpressions.GeneratedRegex("\\Ap(\\d{1,2}(\\.\\d{1,2})?|100)\\z")]
    private static partial System.Text.RegularExpressions.Regex Percentile();

    [System.Text.RegularExpressions.GeneratedRegex("\\A[a-z][a-zA-Z0-9_]*\\z")]
    private static partial System.Text.RegularExpressions.Regex MetricId();
}
