using System.Net;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Aws.Http;

namespace OpsBot.Aws.Tests.Http;

public sealed class AwsTransportTests
{
    [Fact]
    public async Task A_call_is_signed_with_sigv4_for_the_services_signing_name_and_region()
    {
        var handler = new RecordingHandler();
        await TestAws.Transport(handler).SendAsync(TestAws.GetAlias(), default);

        var sent = handler.Last;
        Assert.Equal("https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/lambda_router/aliases/live", sent.Uri.ToString());
        Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/lambda/aws4_request, SignedHeaders=", sent.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("20261127T080000Z", sent.Header("X-Amz-Date"));
        Assert.NotNull(sent.Header("X-Amz-Content-SHA256"));
    }

    [Fact]
    public async Task Endpoints_can_be_overridden_globally_and_per_service()
    {
        var handler = new RecordingHandler();
        var transport = TestAws.Transport(handler, configure: o =>
        {
            o.ServiceUrl = "http://127.0.0.1:4566";
            o.ServiceUrls["cloudwatch"] = "http://127.0.0.1:4999/";
        });
        await transport.SendAsync(TestAws.GetAlias(), default);
        await transport.SendAsync(new AwsRequest { Service = AwsService.CloudWatch, Operation = "DescribeAlarms", Scope = TestAws.Scope, Body = "{}"u8.ToArray(), ContentType = "application/x-amz-json-1.0" }, default);

        Assert.Equal(["http://127.0.0.1:4566/2015-03-31/functions/lambda_router/aliases/live", "http://127.0.0.1:4999/"],
            handler.Sent.Select(s => s.Uri.ToString()));
        Assert.Contains("/us-east-1/monitoring/aws4_request", handler.Last.Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Throttling_is_retried_with_backoff_and_the_retry_after_the_service_asks_for_is_honoured()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
        var handler = new RecordingHandler()
            .Answer(HttpStatusCode.TooManyRequests, """{"Type":"User","message":"Rate exceeded","Reason":"CallerRateLimitExceeded"}""", headers: [("Retry-After", "3"), ("X-Amzn-ErrorType", "TooManyRequestsException")])
            .Answer(HttpStatusCode.OK, """{"Name":"live"}""");

        var waited = await TestAws.AdvanceUntilDoneAsync(time, TestAws.Transport(handler, time).SendAsync(TestAws.GetAlias(), default));

        Assert.Equal(2, handler.Sent.Count);
        Assert.True(waited >= TimeSpan.FromSeconds(3), $"waited {waited}");
        Assert.NotEqual(handler.Sent.First().Header("X-Amz-Date"), handler.Last.Header("X-Amz-Date")); // re-signed per attempt
    }

    [Fact]
    public async Task A_throttling_code_in_a_400_is_retried_and_5xx_too_until_the_attempts_run_out()
    {
        var time = new FakeTimeProvider();
        var handler = new RecordingHandler()
            .Answer(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.codedeploy#ThrottlingException","message":"Rate exceeded"}""")
            .Answer(HttpStatusCode.ServiceUnavailable, "")
            .Answer(HttpStatusCode.InternalServerError, """{"__type":"ServiceException","message":"oops"}""");
        var request = new AwsRequest { Service = AwsService.CodeDeploy, Operation = "GetDeployment", Scope = TestAws.Scope, Body = "{}"u8.ToArray(), ContentType = "application/x-amz-json-1.1" };

        var call = TestAws.Transport(handler, time).SendAsync(request, default);
        var e = await Assert.ThrowsAsync<AwsServiceException>(() => TestAws.AdvanceUntilDoneAsync(time, call));

        Assert.Equal(4, handler.Sent.Count);
        Assert.Equal("ServiceException", e.Code);
        Assert.Equal(HttpStatusCode.InternalServerError, e.Status);
    }

    [Fact]
    public async Task A_client_error_is_not_retried_and_carries_code_message_status_and_request_id()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.NotFound,
            """{"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope"}""",
            headers: [("X-Amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.awsgirlfriend/"), ("x-amzn-RequestId", "7c2e4b0a-1111-2222-3333-444455556666")]);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => TestAws.Transport(handler).SendAsync(TestAws.GetAlias(), default));

        Assert.Single(handler.Sent);
        Assert.Equal("ResourceNotFoundException", e.Code);
        Assert.Equal(HttpStatusCode.NotFound, e.Status);
        Assert.Equal("7c2e4b0a-1111-2222-3333-444455556666", e.RequestId);
        Assert.Equal("lambda GetAlias failed: ResourceNotFoundException (HTTP 404): Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope [request 7c2e4b0a-1111-2222-3333-444455556666]", e.Message);
    }

    [Fact]
    public async Task The_query_compatible_error_header_gives_cloudwatchs_code()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.NotFound,
            """{"__type":"com.amazonaws.cloudwatch#ResourceNotFoundException","message":"No alarm"}""",
            "application/x-amz-json-1.0", ("x-amzn-query-error", "ResourceNotFound;Sender"));
        var request = new AwsRequest { Service = AwsService.CloudWatch, Operation = "DescribeAlarms", Scope = TestAws.Scope, Body = "{}"u8.ToArray(), ContentType = "application/x-amz-json-1.0" };

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => TestAws.Transport(handler).SendAsync(request, default));

        Assert.Equal("ResourceNotFound", e.Code);
        Assert.Equal("No alarm", e.Detail);
    }

    [Fact]
    public async Task An_awsquery_xml_error_is_parsed()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.NotFound, """
            <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error>
              <RequestId>9a1c2f54-0000-1111-2222-333344445555</RequestId>
            </ErrorResponse>
            """, "text/xml");
        var request = new AwsRequest { Service = AwsService.Sns, Operation = "Publish", Scope = TestAws.Scope, Body = "Action=Publish"u8.ToArray(), ContentType = "application/x-www-form-urlencoded; charset=utf-8" };

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => TestAws.Transport(handler).SendAsync(request, default));

        Assert.Equal("NotFound", e.Code);
        Assert.Equal("Topic does not exist", e.Detail);
        Assert.Equal("9a1c2f54-0000-1111-2222-333344445555", e.RequestId);
    }

    [Fact]
    public async Task No_answer_at_all_is_retried_then_reported_as_connection_failed()
    {
        var time = new FakeTimeProvider();
        var handler = new RecordingHandler().Refuse();
        var call = TestAws.Transport(handler, time, o => o.MaxAttempts = 2).SendAsync(TestAws.GetAlias(), default);
        var e = await Assert.ThrowsAsync<AwsServiceException>(() => TestAws.AdvanceUntilDoneAsync(time, call));
        Assert.Equal(2, handler.Sent.Count);
        Assert.Equal("ConnectionFailed", e.Code);
        Assert.Null(e.Status);
    }

    [Fact]
    public async Task Without_a_region_anywhere_the_error_says_what_to_set()
    {
        var handler = new RecordingHandler();
        var transport = TestAws.Transport(handler, configure: o => o.Region = null);
        var saved = (Environment.GetEnvironmentVariable("AWS_REGION"), Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION"));
        if (saved.Item1 is not null || saved.Item2 is not null)
            return; // the machine names a region; nothing to show here
        var e = await Assert.ThrowsAsync<AwsConfigurationException>(() => transport.SendAsync(new AwsRequest
        {
            Service = AwsService.Lambda, Operation = "GetAlias", Scope = new AwsScope(), Method = HttpMethod.Get, Path = "/x",
        }, default));
        Assert.Equal("No AWS region: set the environment's Region, OpsBot:Aws:Region, AWS_REGION or AWS_DEFAULT_REGION.", e.Message);
    }
}
