using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>
/// The seed's alarms, the guide's list, per function: on its alias (Resource = function:alias)
/// <c>{function}-error-rate</c>, metric math errors / invocations × 100 above 5 for 2 periods, and
/// <c>{function}-duration</c>, Duration Average above 10,000 ms for 1 period; on the API in front of it
/// <c>{function}-api-5xx</c>, AWS/ApiGateway 5XXError Average (the share of requests answered 5xx) above 0.01 for 1
/// period; on its dead-letter queue <c>{function}-dlq-depth</c>, AWS/SQS ApproximateNumberOfMessagesVisible Maximum
/// above 0 for 1 period. The period is 10 s rather than CloudWatch's usual minute, so that an alarm fires while a
/// person watches. Each notifies the world's alarm topic (<see cref="SandboxSeed.AlarmTopic"/>) on ALARM and on OK, as a
/// platform that pushes alarms to OpsBot sets them up (OK too, so that a recovery is heard).
/// </summary>
internal static class AlarmSeed
{
    /// <summary>The seeded alarms' period in seconds.</summary>
    public const int PeriodSeconds = 10;

    public static IReadOnlyList<AlarmDefinition> Alarms(AwsEmulatorOptions options, DateTimeOffset at)
    {
        IReadOnlyList<string> actions = [SandboxSeed.AlarmTopicArn(options.Region, options.AccountId)];
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

            alarms.Add(Single(options, actions, at, SandboxSeed.ApiServerErrorsAlarm(function),
                $"5XX error rate of {ApiGatewayMetrics.ApiName(function)} above 1% for 1 period of {PeriodSeconds} s (sandbox)",
                new MetricSpec(ApiGatewayMetrics.Namespace, ApiGatewayMetrics.ServerErrors, ApiGatewayMetrics.Dimensions(function)), Statistics.Average, 0.01));
            var queue = SqsMetrics.DeadLetterQueue(function);
            alarms.Add(Single(options, actions, at, SandboxSeed.DeadLetterQueueAlarm(function),
                $"Messages in {queue}, the dead-letter queue of {function} (sandbox)",
                new MetricSpec(SqsMetrics.Namespace, SqsMetrics.MessagesVisible, SqsMetrics.Dimensions(queue)), Statistics.Maximum, 0));
        }
        return alarms;
    }

    /// <summary>An alarm on one metric's statistic, above <paramref name="threshold"/> for 1 period.</summary>
    private static AlarmDefinition Single(AwsEmulatorOptions options, IReadOnlyList<string> actions, DateTimeOffset at, string name, string description,
        MetricSpec metric, string statistic, double threshold) =>
        new(name, Arn(options, name), description, new MetricStatSpec(metric, PeriodSeconds, statistic), null,
            EvaluationPeriods: 1, DatapointsToAlarm: 1, Threshold: threshold, "GreaterThanThreshold", "missing", actions, actions, at);

    public static string Arn(AwsEmulatorOptions options, string name) => AlarmArns.For(options.Region, options.AccountId, name);
}
