using System.Text;
using OpsBot.Core.Alarms;
using OpsBot.Core.Ports;
using OpsBot.Sns.Alarms;
using OpsBot.Sns.Inbound;
using OpsBot.Sns.Tests.Support;

namespace OpsBot.Sns.Tests.Alarms;

public sealed class CloudWatchAlarmMessageTests
{
    [Fact]
    public void A_single_metric_alarm_reads_into_an_alarm_event()
    {
        var alarm = Parse(CloudWatchSamples.ErrorRateAlarm, "7f6c4b7e-0c55-5d3a-9d6a-3c2b1a0f9e8d");

        Assert.Equal("7f6c4b7e-0c55-5d3a-9d6a-3c2b1a0f9e8d", alarm.MessageId);
        Assert.Equal(RecordingAlarmIntake.ProdTopic, alarm.TopicArn);
        Assert.Equal("lambda_router-error-rate", alarm.AlarmName);
        Assert.Equal("arn:aws:cloudwatch:us-east-1:123456789012:alarm:lambda_router-error-rate", alarm.AlarmArn);
        Assert.Equal("123456789012", alarm.AccountId);
        Assert.Equal("us-east-1", alarm.Region);
        Assert.Equal(AlarmState.Alarm, alarm.NewState);
        Assert.Equal(AlarmState.Ok, alarm.OldState);
        Assert.StartsWith("Threshold Crossed: 1 out of the last 1 datapoints [12.0 (03/12/26 10:14:00)]", alarm.Reason, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 10, 15, 2, 123, TimeSpan.Zero), alarm.StateChangeTime);
        Assert.Equal("Errors of lambda_router's live alias above 5 a minute", alarm.Description);
        var trigger = alarm.Trigger!;
        Assert.Equal("AWS/Lambda", trigger.Namespace);
        Assert.Equal("Errors", trigger.MetricName);
        Assert.Equal("SUM", trigger.Statistic);
        Assert.Equal([new AlarmDimension("Resource", "lambda_router:live"), new AlarmDimension("FunctionName", "lambda_router"), new AlarmDimension("ExecutedVersion", "5")],
            trigger.Dimensions);
        Assert.Equal("lambda_router", alarm.Dimension("FunctionName"));
        Assert.Empty(trigger.Expressions);
        Assert.Equal(5.0, trigger.Threshold);
        Assert.Equal("GreaterThanThreshold", trigger.ComparisonOperator);
        Assert.Equal(60, trigger.PeriodSeconds);
        Assert.Equal(1, trigger.EvaluationPeriods);
    }

    [Fact]
    public void A_recovery_reads_as_OK_from_ALARM_with_a_null_description()
    {
        var alarm = Parse(CloudWatchSamples.ErrorRateRecovered);

        Assert.Equal(AlarmState.Ok, alarm.NewState);
        Assert.Equal(AlarmState.Alarm, alarm.OldState);
        Assert.Null(alarm.Description);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 10, 29, 2, 1, TimeSpan.Zero), alarm.StateChangeTime);
    }

    [Fact]
    public void An_extended_statistic_is_read_from_ExtendedStatistic_and_an_offset_without_a_colon_is_kept()
    {
        var alarm = Parse(CloudWatchSamples.DurationP99Alarm);

        Assert.Equal("p99", alarm.Trigger!.Statistic);
        Assert.Equal(AlarmState.InsufficientData, alarm.OldState);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 10, 15, 2, 123, TimeSpan.FromMinutes(-90)), alarm.StateChangeTime);
        Assert.Equal(2, alarm.Trigger.EvaluationPeriods);
    }

    [Fact]
    public void A_metric_math_alarm_gives_its_expressions_and_the_dimensions_of_its_metrics()
    {
        var trigger = Parse(CloudWatchSamples.MetricMathAlarm).Trigger!;

        Assert.Equal(["100*m1/m2"], trigger.Expressions);
        Assert.Equal([new AlarmDimension("FunctionName", "rag_query_processor")], trigger.Dimensions);
        Assert.Equal("AWS/Lambda", trigger.Namespace);
        Assert.Null(trigger.MetricName); // two metrics: Errors and Invocations
        Assert.Equal(5.0, trigger.Threshold);
        Assert.Equal(60, trigger.PeriodSeconds);
    }

    [Fact]
    public void A_composite_alarm_has_no_trigger()
    {
        var alarm = Parse(CloudWatchSamples.CompositeAlarm);

        Assert.Equal("lambda_router-health", alarm.AlarmName);
        Assert.Null(alarm.Trigger);
        Assert.Null(alarm.Dimension("FunctionName"));
    }

    [Fact]
    public void An_alarm_message_from_before_AlarmArn_gets_the_ARN_from_its_account_and_the_topic_s_region()
    {
        var alarm = Parse(CloudWatchSamples.LegacyAlarm, topic: "arn:aws:sns:us-east-1:663000815183:alarm-test");

        Assert.Equal("arn:aws:cloudwatch:us-east-1:663000815183:alarm:alarm-test", alarm.AlarmArn);
        Assert.Equal([new AlarmDimension("QueueName", "fault-handling-test")], alarm.Trigger!.Dimensions);
        Assert.Equal("AVERAGE", alarm.Trigger.Statistic);
    }

    [Theory]
    [InlineData(CloudWatchSamples.OpsBotPage)]
    [InlineData("Hello world")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"AlarmName":"x","NewStateValue":"WARNING"}""")]
    [InlineData("""{"AlarmName":"","NewStateValue":"ALARM"}""")]
    [InlineData("""{"NewStateValue":"ALARM"}""")]
    [InlineData("""{"AlarmName":42,"NewStateValue":"ALARM"}""")]
    public void A_message_that_is_not_an_alarm_reads_as_none(string message)
    {
        var alarm = CloudWatchAlarmMessage.Parse(Envelope(message, RecordingAlarmIntake.ProdTopic), out var why);

        Assert.Null(alarm);
        Assert.NotNull(why);
    }

    [Fact]
    public void Fields_of_an_unexpected_type_are_left_out_rather_than_refusing_the_alarm()
    {
        var alarm = Parse("""{"AlarmName":"a","NewStateValue":"ALARM","OldStateValue":7,"StateChangeTime":"soon","Trigger":{"Threshold":"high","Period":60.5,"Dimensions":[{"name":"FunctionName"},7,{"name":"X","value":"y"}]}}""");

        Assert.Null(alarm.OldState);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 10, 15, 2, 456, TimeSpan.Zero), alarm.StateChangeTime); // the SNS Timestamp
        Assert.Null(alarm.Trigger!.Threshold);
        Assert.Null(alarm.Trigger.PeriodSeconds);
        Assert.Equal([new AlarmDimension("X", "y")], alarm.Trigger.Dimensions);
    }

    [Theory]
    [InlineData("2026-12-03T10:15:02.123+0000", "2026-12-03T10:15:02.1230000+00:00")]
    [InlineData("2026-12-03T10:15:02.123+0530", "2026-12-03T10:15:02.1230000+05:30")]
    [InlineData("2026-12-03T10:15:02.123Z", "2026-12-03T10:15:02.1230000+00:00")]
    [InlineData("2026-12-03T10:15:02+00:00", "2026-12-03T10:15:02.0000000+00:00")]
    public void CloudWatch_s_times_parse_with_their_offset(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CloudWatchAlarmMessage.Time(text));

    private static AlarmEvent Parse(string message, string messageId = "m-1", string topic = RecordingAlarmIntake.ProdTopic) =>
        CloudWatchAlarmMessage.Parse(Envelope(message, topic, messageId), out var why) ?? throw new InvalidOperationException(why);

    private static SnsEnvelope Envelope(string message, string topic, string messageId = "m-1")
    {
        var json = SnsMessages.Notification(message, messageId, topic).With("Signature", "AAAA");
        return SnsEnvelopeParser.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()), out var error) ?? throw new InvalidOperationException(error);
    }
}
