using System.Net;
using OpsBot.Aws.Http;
using OpsBot.Aws.Sns;
using OpsBot.Aws.Tests.Http;

namespace OpsBot.Aws.Tests.Sns;

public sealed class SnsClientTests
{
    private const string Topic = "arn:aws:sns:us-east-1:123456789012:opsbot-dev-pages";

    [Fact]
    public async Task Publish_posts_the_awsquery_form_and_reads_the_message_id()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, SnsWire.PublishAnswer, "text/xml");
        var input = new PublishInput(Topic, "Rollback failed: a & b = 100% ✗\nsecond line", "Rollback failed",
            new Dictionary<string, MessageAttributeValue>
            {
                ["environment"] = MessageAttributeValue.String("dev"),
                ["deployment_id"] = MessageAttributeValue.String("d-42"),
            });

        var published = await new SnsClient(TestAws.Transport(handler)).PublishAsync(TestAws.Scope, input, default);

        var sent = handler.Last;
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://sns.us-east-1.amazonaws.com/", sent.Uri.ToString());
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", sent.Header("Content-Type"));
        Assert.Null(sent.Header("X-Amz-Target"));
        Assert.Contains("/us-east-1/sns/aws4_request", sent.Header("Authorization"), StringComparison.Ordinal);
        SnsWire.AssertForm(
        [
            ("Action", "Publish"), ("Version", "2010-03-31"), ("TopicArn", Topic),
            ("Message", "Rollback failed: a & b = 100% ✗\nsecond line"), ("Subject", "Rollback failed"),
            ("MessageAttributes.entry.1.Name", "deployment_id"), ("MessageAttributes.entry.1.Value.DataType", "String"),
            ("MessageAttributes.entry.1.Value.StringValue", "d-42"),
            ("MessageAttributes.entry.2.Name", "environment"), ("MessageAttributes.entry.2.Value.DataType", "String"),
            ("MessageAttributes.entry.2.Value.StringValue", "dev"),
        ], sent);
        Assert.Equal(new PublishResponse("94f20ce6-13c5-43a0-9a9e-ca52d816e90b"), published);
    }

    [Fact]
    public async Task Without_subject_or_attributes_only_the_required_members_are_sent()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, SnsWire.PublishAnswer, "text/xml");

        await new SnsClient(TestAws.Transport(handler)).PublishAsync(TestAws.Scope, new PublishInput(Topic, "hi"), default);

        SnsWire.AssertForm([("Action", "Publish"), ("Version", "2010-03-31"), ("TopicArn", Topic), ("Message", "hi")], handler.Last);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "Sender", "NotFound", "Topic does not exist")]
    [InlineData(HttpStatusCode.BadRequest, "Sender", "InvalidParameter", "Invalid parameter: Subject")]
    [InlineData(HttpStatusCode.Forbidden, "Sender", "AuthorizationError", "User is not authorized to perform: SNS:Publish")]
    public async Task An_xml_error_is_thrown_with_its_code_message_and_request_id_and_not_retried(HttpStatusCode status, string type, string code, string message)
    {
        var handler = new RecordingHandler().Answer(status, $"""
            <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <Error><Type>{type}</Type><Code>{code}</Code><Message>{message}</Message></Error>
              <RequestId>9a1c2f54-0000-1111-2222-333344445555</RequestId>
            </ErrorResponse>
            """, "text/xml");

        var e = await Assert.ThrowsAsync<AwsServiceException>(() =>
            new SnsClient(TestAws.Transport(handler)).PublishAsync(TestAws.Scope, new PublishInput(Topic, "hi"), default));

        Assert.Single(handler.Sent);
        Assert.Equal(("sns", "Publish", code, message, status), (e.Service, e.Operation, e.Code, e.Detail, e.Status));
        Assert.Equal("9a1c2f54-0000-1111-2222-333344445555", e.RequestId);
    }

    [Fact]
    public async Task An_answer_without_a_message_id_is_an_error()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, "<PublishResponse><PublishResult/></PublishResponse>", "text/xml");

        var e = await Assert.ThrowsAsync<AwsServiceException>(() =>
            new SnsClient(TestAws.Transport(handler)).PublishAsync(TestAws.Scope, new PublishInput(Topic, "hi"), default));

        Assert.Equal("MalformedResponse", e.Code);
    }
}
