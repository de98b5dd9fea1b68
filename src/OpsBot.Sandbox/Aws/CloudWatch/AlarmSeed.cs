using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>
/// The seed's alarms, per function, on its alias (Resource = function:alias): <c>{function}-error-rate</c>, metric
/// math errors / invocations × 100 above 5 for 2 periods, and <c>{function}-duration</c>, Duration Average above
/// 10,000 ms for 1 period. The period is 10 s rather than CloudWatch's usual minute, so that a canary's alarm fires
/// while a person watches; both notify the ops topic.
/// </summary>
internal static class AlarmSeed
{
    /// <summary>The seeded alarms' period in seconds.</summary>
    public const int PeriodSeconds = 10;

    public static IReadOnlyList<AlarmDefinition> Alarms(AwsEmulatorOptions options, DateTimeOffset at)
    {
        IReadOnlyList<string> actions = [$"arn:aws:sns:{options.Region}:{options.AccountId}:{SandboxSeed.OpsTopic}"];
        var alarms = new List<AlarmDefinition>();
        foreach (var function in SandboxSeed.Functions)
        {
            var alias = LambdaMetrics.AliasDimensions(function, SandboxSeed.Alias);
            var errorRate = SandboxSeed.ErrorRateAlarm(function);
            alarms.Add(new AlarmDefinition(
                errorRate,
                Arn(options, errorRate),
                $"Error rate of {function}:{SandboxSeed.Alias} above 5% for 2 periods of {PeriodSeconds} s (sandbox)",
                null,
                [
                    new DataQuery("errors", new MetricStatSpec(new MetricSpec(LambdaMetrics.Namespace, LambdaMetrics.Errors, alias), PeriodSeconds, Statistics.Sum), null, null, false),
                    new DataQuery("invocations", new MetricStatSpec(new MetricSpec(LambdaMetrics.Namespace, LambdaMetrics.Invocations, alias), PeriodSeconds, Statistics.Sum), null, null, false),
                    new DataQuery("error_rate", null, "errors / invocations * 100", "Error rate (%)", true),
                ],
                EvaluationPeriods: 2,
                DatapointsToAlarm: 2,
                Threshold: 5,
                "GreaterThanThreshold",
                "missing",
                actions,
                actions,
                at));

            var duration = SandboxSeed.DurationAlarm(function);
            alarms.Add(new AlarmDefinition(
                duration,
                Arn(options, duration),
                $"Average duration of {function}:{SandboxSeed.Alias} above 10 s for 1 period of {PeriodSeconds} s (sandbox)",
                new MetricStatSpec(new MetricSpec(LambdaMetrics.Namespace, LambdaMetrics.Duration, alias), PeriodSeconds, Statistics.Average),
                null,
                EvaluationPeriods: 1,
                DatapointsToAlarm: 1,
                Threshold: 10_000,
                "GreaterThanThreshold",
                "missing",
                actions,
                actions,
                at));
        }
        return alarms;
    }

    public static string Arn(AwsEmulatorOptions options, string name) => AlarmArns.For(options.Region, options.AccountId, name);
}
