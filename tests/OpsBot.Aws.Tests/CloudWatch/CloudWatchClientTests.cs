using System.Net;
using OpsBot.Aws.CloudWatch;
using OpsBot.Aws.Http;
using OpsBot.Aws.Tests.Http;

namespace OpsBot.Aws.Tests.CloudWatch;

public sealed class CloudWatchClientTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1754000000);

    private static GetMetricDataInput ErrorsOfLive() => new(
        [
            new MetricDataQuery("e1", new MetricStat(new Metric("AWS/Lambda", "Errors",
                [new Dimension("FunctionName", "fn"), new Dimension("Resource", "fn:live")]), 60, "Sum"), ReturnData: true),
        ],
        Start, Start.AddSeconds(600), ScanBy: ScanBy.TimestampDescending);

    [Fact]
    public async Task GetMetricData_posts_json_1_0_with_the_target_and_query_mode_and_reads_the_results()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """
            {"MetricDataResults":[{"Id":"e1","Label":"Errors","Timestamps":[1754000540.0,1754000480],"Values":[2.0,0.0],
              "StatusCode":"Complete","Messages":[]}],"Messages":[{"Code":"Info","Value":"hello"}]}
            """, "application/x-amz-json-1.0");

        var output = await new CloudWatchClient(TestAws.Transport(handler)).GetMetricDataAsync(TestAws.Scope, ErrorsOfLive(), default);

        CloudWatchWire.AssertJsonRpc(handler.Last, "GetMetricData", """
            {"MetricDataQueries":[{"Id":"e1","MetricStat":{"Metric":{"Namespace":"AWS/Lambda","MetricName":"Errors",
              "Dimensions":[{"Name":"FunctionName","Value":"fn"},{"Name":"Resource","Value":"fn:live"}]},"Period":60,"Stat":"Sum"},"ReturnData":true}],
             "StartTime":1754000000,"EndTime":1754000600,"ScanBy":"TimestampDescending"}
            """);
        var result = Assert.Single(output.MetricDataResults!);
        Assert.Equal("e1", result.Id);
        Assert.Equal("Errors", result.Label);
        Assert.Equal([Start.AddSeconds(540), Start.AddSeconds(480)], result.Timestamps);
        Assert.Equal([2.0, 0.0], result.Values);
        Assert.Equal(MetricDataStatus.Complete, result.StatusCode);
        Assert.Equal(new MessageData("Info", "hello"), Assert.Single(output.Messages!));
        Assert.Null(output.NextToken);
    }

    [Fact]
    public async Task All_pages_of_metric_data_are_followed_and_merged_per_id()
    {
        var handler = new RecordingHandler()
            .Answer(HttpStatusCode.OK, """
                {"MetricDataResults":[{"Id":"e1","Label":"Errors","Timestamps":[1754000000],"Values":[1],"StatusCode":"PartialData"},
                                      {"Id":"i1","Label":"Invocations","Timestamps":[1754000000],"Values":[10],"StatusCode":"PartialData"}],
                 "NextToken":"page-2"}
                """)
            .Answer(HttpStatusCode.OK, """
                {"MetricDataResults":[{"Id":"i1","Label":"Invocations","Timestamps":[1754000060],"Values":[20],"StatusCode":"Complete"},
                                      {"Id":"e1","Label":"Errors","Timestamps":[1754000060],"Values":[3],"StatusCode":"Complete",
                                       "Messages":[{"Code":"Note","Value":"late"}]}]}
                """);

        var results = await new CloudWatchClient(TestAws.Transport(handler)).GetAllMetricDataAsync(TestAws.Scope, ErrorsOfLive(), default);

        Assert.Equal(2, handler.Sent.Count);
        Assert.False(CloudWatchWire.Body(handler.Sent.First()).ContainsKey("NextToken"));
        Assert.Equal("page-2", (string?)CloudWatchWire.Body(handler.Last)["NextToken"]);
        Assert.Equal(["e1", "i1"], results.Select(r => r.Id));
        var errors = results[0];
        Assert.Equal([Start, Start.AddSeconds(60)], errors.Timestamps);
        Assert.Equal([1.0, 3.0], errors.Values);
        Assert.Equal(MetricDataStatus.Complete, errors.StatusCode);
        Assert.Equal([new MessageData("Note", "late")], errors.Messages);
        Assert.Equal([10.0, 20.0], results[1].Values);
    }

    [Fact]
    public async Task A_failed_page_status_sticks_to_the_merged_result()
    {
        var handler = new RecordingHandler()
            .Answer(HttpStatusCode.OK, """{"MetricDataResults":[{"Id":"e1","Timestamps":[],"Values":[],"StatusCode":"InternalError"}],"NextToken":"t"}""")
            .Answer(HttpStatusCode.OK, """{"MetricDataResults":[{"Id":"e1","Timestamps":[1754000000],"Values":[1],"StatusCode":"Complete"}]}""");

        var results = await new CloudWatchClient(TestAws.Transport(handler)).GetAllMetricDataAsync(TestAws.Scope, ErrorsOfLive(), default);

        Assert.Equal(MetricDataStatus.InternalError, Assert.Single(results).StatusCode);
    }

    [Fact]
    public async Task A_next_token_that_comes_back_twice_stops_the_paging()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """{"MetricDataResults":[],"NextToken":"same"}""");

        var e = await Assert.ThrowsAsync<AwsServiceException>(() =>
            new CloudWatchClient(TestAws.Transport(handler)).GetAllMetricDataAsync(TestAws.Scope, ErrorsOfLive(), default));

        Assert.Equal("RepeatedNextToken", e.Code);
        Assert.Equal(2, handler.Sent.Count);
    }

    [Fact]
    public async Task A_query_compatible_error_takes_its_code_from_the_header_and_is_not_retried()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.BadRequest,
            """{"__type":"com.amazonaws.cloudwatch#InvalidParameterValueException","message":"The parameter MetricDataQueries.member.1.Id must match pattern"}""",
            "application/x-amz-json-1.0", ("x-amzn-query-error", "InvalidParameterValue;Sender"), ("x-amzn-RequestId", "req-1"));

        var e = await Assert.ThrowsAsync<AwsServiceException>(() =>
            new CloudWatchClient(TestAws.Transport(handler)).GetMetricDataAsync(TestAws.Scope, ErrorsOfLive(), default));

        Assert.Single(handler.Sent);
        Assert.Equal("InvalidParameterValue", e.Code);
        Assert.Equal(HttpStatusCode.BadRequest, e.Status);
        Assert.Equal("The parameter MetricDataQueries.member.1.Id must match pattern", e.Detail);
        Assert.Equal("req-1", e.RequestId);
        Assert.Equal("GetMetricData", e.Operation);
    }

    [Fact]
    public async Task DescribeAlarms_asks_by_name_for_both_alarm_types_and_reads_metric_and_composite_alarms()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """
            {"MetricAlarms":[{"AlarmName":"fn-errors","AlarmArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:fn-errors",
               "StateValue":"ALARM","StateReason":"Threshold Crossed: 1 datapoint [6.0] was greater than the threshold (5.0).",
               "StateUpdatedTimestamp":1754000123.456,"MetricName":"Errors","Namespace":"AWS/Lambda","Statistic":"Sum","Period":60,
               "EvaluationPeriods":1,"Threshold":5.0,"ComparisonOperator":"GreaterThanThreshold","Dimensions":[{"Name":"FunctionName","Value":"fn"}]}],
             "CompositeAlarms":[{"AlarmName":"fn-health","AlarmRule":"ALARM(fn-errors)","StateValue":"OK","StateReason":"all good",
               "StateUpdatedTimestamp":1754000000}]}
            """, "application/x-amz-json-1.0");
        var input = new DescribeAlarmsInput(AlarmNames: ["fn-errors", "fn-health"], AlarmTypes: [AlarmType.MetricAlarm, AlarmType.CompositeAlarm], MaxRecords: 100);

        var output = await new CloudWatchClient(TestAws.Transport(handler)).DescribeAlarmsAsync(TestAws.Scope, input, default);

        CloudWatchWire.AssertJsonRpc(handler.Last, "DescribeAlarms",
            """{"AlarmNames":["fn-errors","fn-health"],"AlarmTypes":["MetricAlarm","CompositeAlarm"],"MaxRecords":100}""");
        var metric = Assert.Single(output.MetricAlarms!);
        Assert.Equal("fn-errors", metric.AlarmName);
        Assert.Equal(AlarmStateValue.Alarm, metric.StateValue);
        Assert.StartsWith("Threshold Crossed", metric.StateReason, StringComparison.Ordinal);
        Assert.Equal(Start.AddMilliseconds(123_456), metric.StateUpdatedTimestamp);
        var composite = Assert.Single(output.CompositeAlarms!);
        Assert.Equal(("fn-health", "OK", "ALARM(fn-errors)"), (composite.AlarmName, composite.StateValue, composite.AlarmRule));
        Assert.Equal(Start, composite.StateUpdatedTimestamp);
    }

    [Fact]
    public async Task All_pages_of_alarms_are_followed()
    {
        var handler = new RecordingHandler()
            .Answer(HttpStatusCode.OK, """{"MetricAlarms":[{"AlarmName":"a","StateValue":"OK"}],"CompositeAlarms":[],"NextToken":"n2"}""")
            .Answer(HttpStatusCode.OK, """{"MetricAlarms":[],"CompositeAlarms":[{"AlarmName":"c","StateValue":"ALARM"}],"NextToken":"n3"}""")
            .Answer(HttpStatusCode.OK, """{"MetricAlarms":[{"AlarmName":"b","StateValue":"INSUFFICIENT_DATA"}]}""");

        var output = await new CloudWatchClient(TestAws.Transport(handler)).DescribeAllAlarmsAsync(TestAws.Scope,
            new DescribeAlarmsInput(AlarmNames: ["a", "b", "c"]), default);

        Assert.Equal([null, "n2", "n3"], handler.Sent.Select(s => (string?)CloudWatchWire.Body(s)["NextToken"]));
        Assert.Equal(["a", "b"], output.MetricAlarms!.Select(a => a.AlarmName));
        Assert.Equal(["c"], output.CompositeAlarms!.Select(a => a.AlarmName));
    }
}
