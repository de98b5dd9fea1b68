namespace OpsBot.Sns.Tests.Support;

/// <summary>
/// CloudWatch alarm messages (the SNS <c>Message</c>) in the format of AWS's "Amazon SNS notification examples for
/// CloudWatch alarms" and of the alarm payloads in aws/aws-lambda-go's test data: single metric, extended statistic,
/// metric math, composite, and one from before AlarmArn existed.
/// </summary>
internal static class CloudWatchSamples
{
    /// <summary>An alarm on lambda_router's errors through its live alias, as CloudWatch sends it today.</summary>
    public const string ErrorRateAlarm = """
        {"AlarmName":"lambda_router-error-rate","AlarmDescription":"Errors of lambda_router's live alias above 5 a minute","AWSAccountId":"123456789012","AlarmConfigurationUpdatedTimestamp":"2026-11-20T09:00:00.000+0000","NewStateValue":"ALARM","NewStateReason":"Threshold Crossed: 1 out of the last 1 datapoints [12.0 (03/12/26 10:14:00)] was greater than the threshold (5.0) (minimum 1 datapoint for OK -> ALARM transition).","StateChangeTime":"2026-12-03T10:15:02.123+0000","Region":"US East (N. Virginia)","AlarmArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:lambda_router-error-rate","OldStateValue":"OK","OKActions":["arn:aws:sns:us-east-1:123456789012:opsbot-alarms-prod"],"AlarmActions":["arn:aws:sns:us-east-1:123456789012:opsbot-alarms-prod"],"InsufficientDataActions":[],"Trigger":{"MetricName":"Errors","Namespace":"AWS/Lambda","StatisticType":"Statistic","Statistic":"SUM","Unit":null,"Dimensions":[{"value":"lambda_router:live","name":"Resource"},{"value":"lambda_router","name":"FunctionName"},{"value":"5","name":"ExecutedVersion"}],"Period":60,"EvaluationPeriods":1,"DatapointsToAlarm":1,"ComparisonOperator":"GreaterThanThreshold","Threshold":5.0,"TreatMissingData":"missing","EvaluateLowSampleCountPercentile":""}}
        """;

    /// <summary>The same alarm back to OK.</summary>
    public const string ErrorRateRecovered = """
        {"AlarmName":"lambda_router-error-rate","AlarmDescription":null,"AWSAccountId":"123456789012","NewStateValue":"OK","NewStateReason":"Threshold Crossed: 1 out of the last 1 datapoints [0.0 (03/12/26 10:28:00)] was not greater than the threshold (5.0) (minimum 1 datapoint for ALARM -> OK transition).","StateChangeTime":"2026-12-03T10:29:02.001+0000","Region":"US East (N. Virginia)","AlarmArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:lambda_router-error-rate","OldStateValue":"ALARM","Trigger":{"MetricName":"Errors","Namespace":"AWS/Lambda","StatisticType":"Statistic","Statistic":"SUM","Unit":null,"Dimensions":[{"value":"lambda_router","name":"FunctionName"}],"Period":60,"EvaluationPeriods":1,"ComparisonOperator":"GreaterThanThreshold","Threshold":5.0,"TreatMissingData":"missing","EvaluateLowSampleCountPercentile":""}}
        """;

    /// <summary>p99 duration: StatisticType says the statistic is in ExtendedStatistic.</summary>
    public const string DurationP99Alarm = """
        {"AlarmName":"lambda_router-duration","AlarmDescription":"p99 duration above 10 s","AWSAccountId":"123456789012","NewStateValue":"ALARM","NewStateReason":"Threshold Crossed: 2 out of the last 2 datapoints [10432.5 (03/12/26 10:14:00), 11020.0 (03/12/26 10:13:00)] were greater than the threshold (10000.0) (minimum 2 datapoints for OK -> ALARM transition).","StateChangeTime":"2026-12-03T10:15:02.123-0130","Region":"US East (N. Virginia)","AlarmArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:lambda_router-duration","OldStateValue":"INSUFFICIENT_DATA","Trigger":{"MetricName":"Duration","Namespace":"AWS/Lambda","StatisticType":"ExtendedStatistic","ExtendedStatistic":"p99","Unit":"Milliseconds","Dimensions":[{"value":"lambda_router","name":"FunctionName"}],"Period":60,"EvaluationPeriods":2,"ComparisonOperator":"GreaterThanThreshold","Threshold":10000.0,"TreatMissingData":"notBreaching","EvaluateLowSampleCountPercentile":""}}
        """;

    /// <summary>Error rate as metric math: 100 * Errors / Invocations of the function.</summary>
    public const string MetricMathAlarm = """
        {"AlarmName":"rag_query_processor-error-rate","AlarmDescription":"Error rate above 5%","AWSAccountId":"123456789012","NewStateValue":"ALARM","NewStateReason":"Threshold Crossed: 1 out of the last 1 datapoints [12.5 (03/12/26 10:14:00)] was greater than the threshold (5.0) (minimum 1 datapoint for OK -> ALARM transition).","StateChangeTime":"2026-12-03T10:15:02.123+0000","Region":"US East (N. Virginia)","AlarmArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:rag_query_processor-error-rate","OldStateValue":"OK","Trigger":{"Period":60,"EvaluationPeriods":1,"ComparisonOperator":"GreaterThanThreshold","Threshold":5.0,"TreatMissingData":"missing","EvaluateLowSampleCountPercentile":"","Metrics":[{"Expression":"100*m1/m2","Id":"e1","Label":"error rate","ReturnData":true},{"Id":"m1","MetricStat":{"Metric":{"Dimensions":[{"value":"rag_query_processor","name":"FunctionName"}],"MetricName":"Errors","Namespace":"AWS/Lambda"},"Period":60,"Stat":"Sum"},"ReturnData":false},{"Id":"m2","MetricStat":{"Metric":{"Dimensions":[{"value":"rag_query_processor","name":"FunctionName"}],"MetricName":"Invocations","Namespace":"AWS/Lambda"},"Period":60,"Stat":"Sum"},"ReturnData":false}]}}
        """;

    /// <summary>A composite alarm: a rule over other alarms, no Trigger.</summary>
    public const string CompositeAlarm = """
        {"AlarmName":"lambda_router-health","AlarmDescription":"Any of lambda_router's alarms","AWSAccountId":"123456789012","NewStateValue":"ALARM","NewStateReason":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:lambda_router-error-rate transitioned to ALARM at Thursday 03 December, 2026 10:15:02 UTC","StateChangeTime":"2026-12-03T10:15:03.000+0000","Region":"US East (N. Virginia)","AlarmArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:lambda_router-health","OldStateValue":"OK","AlarmRule":"ALARM(\"lambda_router-error-rate\") OR ALARM(\"lambda_router-duration\")","TriggeringChildren":[{"Arn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:lambda_router-error-rate","State":{"Value":"ALARM","Timestamp":"2026-12-03T10:15:02.123+0000"}}]}
        """;

    /// <summary>The 2012 format (a published example): no AlarmArn, dimension keys in the other order, a null description.</summary>
    public const string LegacyAlarm = """
        {"AlarmName":"alarm-test","AlarmDescription":null,"AWSAccountId":"663000815183","NewStateValue":"OK","OldStateValue":"INSUFFICIENT_DATA","NewStateReason":"Threshold Crossed: 1 datapoint (1.0) was not greater than or equal to the threshold (2.0).","StateChangeTime":"2012-03-23T00:01:43.726+0000","Region":"US - N. Virginia","Trigger":{"MetricName":"ApproximateNumberOfMessagesVisible","Namespace":"AWS/SQS","Statistic":"AVERAGE","Unit":null,"Dimensions":[{"name":"QueueName","value":"fault-handling-test"}],"Period":60,"EvaluationPeriods":1,"ComparisonOperator":"GreaterThanOrEqualToThreshold","Threshold":2.0}}
        """;

    /// <summary>One of OpsBot's own pages, published on a topic it shares with alarms.</summary>
    public const string OpsBotPage = """
        {"source":"opsbot","kind":"rollback-failed","environment":"prod","function":"lambda_router","text":"Rollback of lambda_router failed; the alias stays locked."}
        """;
}
