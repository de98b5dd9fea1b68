using System.Text.Json;
using OpsBot.Aws.Http;
using OpsBot.Aws.Sns;
using Xunit.Abstractions;

namespace OpsBot.Aws.Tests.Conformance;

/// <summary>SNS Publish as <see cref="SnsClient"/> sends it (awsQuery), sent and read as the official SDK does (see <see cref="RowTable{TClient}"/>).
/// Known, accepted difference: the JS SDK's form Content-Type has no charset, OpsBot's (like botocore's) says utf-8.</summary>
[Collection(ConformanceServer.Collection)]
public sealed class SnsConformanceTests(ConformanceServer server, ITestOutputHelper output)
{
    private static readonly AwsScope Scope = new(ConformanceServer.Region);
    private const string Topic = "arn:aws:sns:us-east-1:123456789012:opsbot-events";
    private const string Message = "Deploy dep-42 of lambda_router: 10% → 100% & done = ok + 'quotes' / ~tilde\nsecond line";

    private static CannedResponse Published(string? sequenceNumber = null) => CannedResponse.Xml($"""
        <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
          <PublishResult><MessageId>94f20ce6-13c5-43a0-9a9e-ca52d816e90b</MessageId>{(sequenceNumber is null ? "" : $"<SequenceNumber>{sequenceNumber}</SequenceNumber>")}</PublishResult>
          <ResponseMetadata><RequestId>f187a3c1-376f-11df-8963-01868b7c937a</RequestId></ResponseMetadata>
        </PublishResponse>
        """);

    private static readonly RowTable<SnsClient> Rows = new("sns", t => new SnsClient(t), new WireOptions { IgnoreCharset = true })
    {
        {
            // OpsBot numbers map entries in key order; the SDK in the input's order, so the input lists them sorted.
            "Publish with Subject, Message and MessageAttributes", "Publish",
            JsonSerializer.Serialize(new
            {
                TopicArn = Topic, Subject = "OpsBot: dep-42 promoted", Message,
                MessageAttributes = new
                {
                    deployment_id = new { DataType = "String", StringValue = "dep-42" },
                    environment = new { DataType = "String", StringValue = "prod" },
                },
            }),
            Published("10000000000000000001"),
            c => c.PublishAsync(Scope, new(Topic, Message, "OpsBot: dep-42 promoted", new Dictionary<string, MessageAttributeValue>
            {
                [SnsOpsNotifier.EnvironmentAttribute] = MessageAttributeValue.String("prod"), [SnsOpsNotifier.DeploymentIdAttribute] = MessageAttributeValue.String("dep-42"),
            }), default),
            r => [("MessageId", r.MessageId), ("SequenceNumber", r.SequenceNumber)]
        },
        {
            "Publish of a bare message", "Publish", JsonSerializer.Serialize(new { TopicArn = Topic, Message = "ok" }), Published(),
            c => c.PublishAsync(Scope, new(Topic, "ok"), default),
            r => [("MessageId", r.MessageId)]
        },
        {
            "Publish to a deleted topic: XML NotFound", "Publish", JsonSerializer.Serialize(new { TopicArn = Topic, Message = "ok" }),
            new CannedResponse(404, """
                <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
                  <Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error>
                  <RequestId>9dd01905-5012-5f99-8663-4b3ecd0dfaef</RequestId>
                </ErrorResponse>
                """, new Dictionary<string, string> { ["content-type"] = "text/xml" }),
            c => c.PublishAsync(Scope, new(Topic, "ok"), default),
            "NotFound"
        },
        {
            "Publish refused: XML AuthorizationError", "Publish", JsonSerializer.Serialize(new { TopicArn = Topic, Message = "ok" }),
            new CannedResponse(403, """
                <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
                  <Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>not authorized</Message></Error>
                  <RequestId>9dd01905-5012-5f99-8663-4b3ecd0dfaf0</RequestId>
                </ErrorResponse>
                """, new Dictionary<string, string> { ["content-type"] = "text/xml" }),
            c => c.PublishAsync(Scope, new(Topic, "ok"), default),
            "AuthorizationError"
        },
    };

    public static TheoryData<string> Operations => Rows.Names;

    [Theory]
    [MemberData(nameof(Operations))]
    public Task Is_sent_and_read_as_the_official_SDK_does(string row) => Rows.RunAsync(row, server, output);
}
