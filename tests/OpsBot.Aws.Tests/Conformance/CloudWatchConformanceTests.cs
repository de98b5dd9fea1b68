using OpsBot.Aws.CloudWatch;
using OpsBot.Aws.Http;
using Xunit.Abstractions;

namespace OpsBot.Aws.Tests.Conformance;

/// <summary>Every CloudWatch operation of <see cref="CloudWatchClient"/> (AWS JSON 1.0, query-compatible), sent and read as the official SDK does (see <see cref="RowTable{TClient}"/>).</summary>
[Collection(ConformanceServer.Collection)]
public sealed class CloudWatchConformanceTests(ConformanceServer server, ITestOutputHelper output)
{
    private static readonly AwsScope Scope = new(ConformanceServer.Region);
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1754000000);

    /// <summary>The dimensions OpsBot's metric batch asks for: the version behind the alias.</summary>
    private static readonly Dimension[] Live =
        [new("FunctionName", "lambda_router"), new("Resource", "lambda_router:live"), new("ExecutedVersion", "8")];

    private const string Dimensions =
        """[{"Name":"FunctionName","Value":"lambda_router"},{"Name":"Resource","Value":"lambda_router:live"},{"Name":"ExecutedVersion","Value":"8"}]""";

    private static MetricDataQuery Query(string id, string metric, string stat) =>
        new(id, new MetricStat(new Metric("AWS/Lambda", metric, Live), 60, stat), ReturnData: true);

    private static readonly RowTable<CloudWatchClient> Rows = new("cloudwatch", t => new CloudWatchClient(t))
    {
        {
            "GetMetricData: a metric check's expression over inputs that return no data, a p99 and a Forbidden result", "GetMetricData",
            """
            {"MetricDataQueries":[
               {"Id":"c0_0","MetricStat":{"Metric":{"Namespace":"AWS/ApiGateway","MetricName":"5XXError","Dimensions":[{"Name":"ApiName","Value":"api"}]},"Period":60,"Stat":"Sum"},"ReturnData":false},
               {"Id":"c0_1","MetricStat":{"Metric":{"Namespace":"AWS/ApiGateway","MetricName":"Count","Dimensions":[{"Name":"ApiName","Value":"api"}]},"Period":60,"Stat":"Sum"},"ReturnData":false},
               {"Id":"c0","Expression":"100 * c0_0 / c0_1","ReturnData":true,"Period":60},
               {"Id":"q0_p99","MetricStat":{"Metric":{"Namespace":"AWS/Lambda","MetricName":"Duration"},"Period":60,"Stat":"p99"},"ReturnData":true}],
             "StartTime":1754000000,"EndTime":1754000600,"ScanBy":"TimestampAscending"}
            """,
            CannedResponse.Json("""
                {"MetricDataResults":[
                   {"Id":"c0","Label":"c0","Timestamps":[1754000000,1754000060],"Values":[1.5,0.0],"StatusCode":"Complete"},
                   {"Id":"q0_p99","Label":"Duration","Timestamps":[],"Values":[],"StatusCode":"Forbidden","Messages":[{"Code":"Forbidden","Value":"no access"}]}],
                 "Messages":[]}
                """),
            c => c.GetMetricDataAsync(Scope, new(
                [
                    new("c0_0", new MetricStat(new Metric("AWS/ApiGateway", "5XXError", [new("ApiName", "api")]), 60, "Sum"), ReturnData: false),
                    new("c0_1", new MetricStat(new Metric("AWS/ApiGateway", "Count", [new("ApiName", "api")]), 60, "Sum"), ReturnData: false),
                    new("c0", Expression: "100 * c0_0 / c0_1", ReturnData: true, Period: 60),
                    new("q0_p99", new MetricStat(new Metric("AWS/Lambda", "Duration"), 60, "p99"), ReturnData: true),
                ],
                Start, Start.AddMinutes(10), ScanBy: ScanBy.TimestampAscending), default),
            o => [("MetricDataResults.0.Id", o.MetricDataResults?[0].Id), ("MetricDataResults.0.Values", o.MetricDataResults?[0].Values),
                  ("MetricDataResults.0.Timestamps", o.MetricDataResults?[0].Timestamps), ("MetricDataResults.1.StatusCode", o.MetricDataResults?[1].StatusCode),
                  ("MetricDataResults.1.Messages.0.Value", o.MetricDataResults?[1].Messages?[0].Value)]
        },
        {
            "GetMetricData: three queries with dimensions, Period, Stat, ScanBy, NextToken", "GetMetricData",
            $$"""
            {"MetricDataQueries":[
               {"Id":"q0_invocations","MetricStat":{"Metric":{"Namespace":"AWS/Lambda","MetricName":"Invocations","Dimensions":{{Dimensions}}},"Period":60,"Stat":"Sum"},"ReturnData":true},
               {"Id":"q0_errors","MetricStat":{"Metric":{"Namespace":"AWS/Lambda","MetricName":"Errors","Dimensions":{{Dimensions}}},"Period":60,"Stat":"Sum"},"ReturnData":true},
               {"Id":"q0_duration","MetricStat":{"Metric":{"Namespace":"AWS/Lambda","MetricName":"Duration","Dimensions":{{Dimensions}}},"Period":60,"Stat":"Average"},"ReturnData":true}],
             "StartTime":"2025-07-31T22:13:20Z","EndTime":"2025-07-31T22:23:20Z","NextToken":"t-1","ScanBy":"TimestampAscending"}
            """,
            CannedResponse.Json("""
                {"MetricDataResults":[
                   {"Id":"q0_invocations","Label":"Invocations","Timestamps":[1754000000,1754000060],"Values":[120.0,98.0],"StatusCode":"PartialData"},
                   {"Id":"q0_errors","Label":"Errors","Timestamps":[1754000000,1754000060],"Values":[0.0,2.0],"StatusCode":"Complete"},
                   {"Id":"q0_duration","Label":"Duration","Timestamps":[1754000060.5],"Values":[812.25],"StatusCode":"Complete","Messages":[{"Code":"Info","Value":"x"}]}],
                 "NextToken":"t-2","Messages":[]}
                """),
            c => c.GetMetricDataAsync(Scope, new(
                [Query("q0_invocations", "Invocations", "Sum"), Query("q0_errors", "Errors", "Sum"), Query("q0_duration", "Duration", "Average")],
                Start, Start.AddMinutes(10), NextToken: "t-1", ScanBy: ScanBy.TimestampAscending), default),
            o => [("NextToken", o.NextToken), ("MetricDataResults.0.Id", o.MetricDataResults?[0].Id), ("MetricDataResults.0.Values", o.MetricDataResults?[0].Values),
                  ("MetricDataResults.0.StatusCode", o.MetricDataResults?[0].StatusCode), ("MetricDataResults.1.Timestamps", o.MetricDataResults?[1].Timestamps),
                  ("MetricDataResults.2.Timestamps", o.MetricDataResults?[2].Timestamps), ("MetricDataResults.2.Messages.0.Code", o.MetricDataResults?[2].Messages?[0].Code)]
        },
        {
            "DescribeAlarms by AlarmNames, both AlarmTypes, MaxRecords, NextToken", "DescribeAlarms",
            """{"AlarmNames":["lambda_router-errors","lambda_router-health"],"AlarmTypes":["MetricAlarm","CompositeAlarm"],"MaxRecords":100,"NextToken":"t-1"}""",
            CannedResponse.Json("""
                {"MetricAlarms":[{"AlarmName":"lambda_router-errors","AlarmArn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:lambda_router-errors",
                   "StateValue":"ALARM","StateReason":"Threshold Crossed","StateUpdatedTimestamp":1.754000123456E9,"Namespace":"AWS/Lambda","MetricName":"Errors"}],
                 "CompositeAlarms":[{"AlarmName":"lambda_router-health","AlarmRule":"ALARM(lambda_router-errors)","StateValue":"OK","StateUpdatedTimestamp":1754000000}],
                 "NextToken":"t-2"}
                """),
            c => c.DescribeAlarmsAsync(Scope, new(AlarmNames: ["lambda_router-errors", "lambda_router-health"],
                AlarmTypes: [AlarmType.MetricAlarm, AlarmType.CompositeAlarm], MaxRecords: 100, NextToken: "t-1"), default),
            o => [("NextToken", o.NextToken), ("MetricAlarms.0.StateValue", o.MetricAlarms?[0].StateValue), ("MetricAlarms.0.StateReason", o.MetricAlarms?[0].StateReason),
                  ("MetricAlarms.0.StateUpdatedTimestamp", o.MetricAlarms?[0].StateUpdatedTimestamp), ("MetricAlarms.0.MetricName", o.MetricAlarms?[0].MetricName),
                  ("CompositeAlarms.0.AlarmRule", o.CompositeAlarms?[0].AlarmRule), ("CompositeAlarms.0.StateValue", o.CompositeAlarms?[0].StateValue)]
        },
        {
            "DescribeAlarms by prefix and state", "DescribeAlarms",
            """{"AlarmNamePrefix":"lambda_router-","StateValue":"ALARM"}""",
            CannedResponse.Json("""{"MetricAlarms":[{"AlarmName":"lambda_router-errors","StateValue":"ALARM"}],"CompositeAlarms":[]}"""),
            c => c.DescribeAlarmsAsync(Scope, new(AlarmNamePrefix: "lambda_router-", StateValue: AlarmStateValue.Alarm), default),
            o => [("MetricAlarms.0.AlarmName", o.MetricAlarms?[0].AlarmName), ("CompositeAlarms", o.CompositeAlarms)]
        },
        {
            "DescribeAlarms with a bad token: x-amzn-query-error InvalidNextToken", "DescribeAlarms", """{"AlarmNames":["a"],"NextToken":"stale"}""",
            CannedResponse.Json("""{"__type":"com.amazonaws.cloudwatch#InvalidNextToken","message":"The service returned an invalid token."}""", 400,
                ("x-amzn-query-error", "InvalidNextToken;Sender")),
            c => c.DescribeAlarmsAsync(Scope, new(AlarmNames: ["a"], NextToken: "stale"), default),
            "InvalidNextToken"
        },
        {
            "GetMetricData of a bad query: x-amzn-query-error InvalidParameterValue", "GetMetricData",
            """{"MetricDataQueries":[{"Id":"errors","MetricStat":{"Metric":{"Namespace":"AWS/Lambda","MetricName":"Errors"},"Period":60,"Stat":"Sum"},"ReturnData":true}],"StartTime":1754000000,"EndTime":1754000600}""",
            CannedResponse.Json("""{"__type":"com.amazonaws.cloudwatch#InvalidParameterValueException","message":"bad period"}""", 400,
                ("x-amzn-query-error", "InvalidParameterValue;Sender")),
            c => c.GetMetricDataAsync(Scope, new([new("errors", new MetricStat(new Metric("AWS/Lambda", "Errors"), 60, "Sum"), ReturnData: true)], Start, Start.AddMinutes(10)), default),
            "InvalidParameterValue"
        },
    };

    public static TheoryData<string> Operations => Rows.Names;

    [Theory]
    [MemberData(nameof(Operations))]
    public Task Is_sent_and_read_as_the_official_SDK_does(string row) => Rows.RunAsync(row, server, output);
}
