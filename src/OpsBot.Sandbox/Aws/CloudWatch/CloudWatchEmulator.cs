using System.Net;
using Microsoft.AspNetCore.Http;
using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.CloudWatch;

/// <summary>
/// CloudWatch over AWS JSON 1.0 (<c>X-Amz-Target: GraniteServiceVersion20100801.&lt;Op&gt;</c>), the protocol of
/// botocore, the JS v3 SDK and OpsBot: GetMetricData and DescribeAlarms. Being query-compatible, every error also
/// carries its awsQuery code in <c>x-amzn-query-error: Code;Sender</c>. The CBOR and awsQuery forms are refused.
/// </summary>
internal sealed class CloudWatchEmulator(GetMetricDataOperation getMetricData, DescribeAlarmsOperation describeAlarms) : IAwsServiceEmulator
{
    private const string TargetPrefix = "GraniteServiceVersion20100801.";
    private const string ContentType = "application/x-amz-json-1.0";

    public string SigningName => "monitoring";

    public Task<IResult> HandleAsync(AwsCall call, CancellationToken cancellationToken)
    {
        try
        {
            var target = call.Header("X-Amz-Target");
            if (call.Method != "POST" || target is null || !target.StartsWith(TargetPrefix, StringComparison.Ordinal))
            {
                throw new CloudWatchException(HttpStatusCode.BadRequest, "UnknownOperationException", "InvalidAction",
                    "The sandbox speaks CloudWatch's AWS JSON 1.0 protocol only: POST / with X-Amz-Target: GraniteServiceVersion20100801.<Operation>.");
            }
            var input = call.Json() ?? throw CloudWatchException.Serialization("The request body is not a JSON object.");
            var output = call.Target switch
            {
                "GetMetricData" => getMetricData.Handle(input),
                "DescribeAlarms" => describeAlarms.Handle(input),
                var other => throw new CloudWatchException(HttpStatusCode.BadRequest, "UnknownOperationException", "InvalidAction",
                    $"The sandbox does not emulate CloudWatch {other}; it emulates GetMetricData and DescribeAlarms."),
            };
            return Task.FromResult(AwsResults.Json(call, JsonCompaction.WithoutNulls(output), contentType: ContentType));
        }
        catch (CloudWatchException e)
        {
            return Task.FromResult(AwsResults.JsonError(call, e.Status, e.Type, e.Message, e.QueryCode));
        }
    }
}
