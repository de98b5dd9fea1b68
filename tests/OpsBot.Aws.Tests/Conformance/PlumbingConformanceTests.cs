using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpsBot.Aws.Http;
using Xunit.Abstractions;

namespace OpsBot.Aws.Tests.Conformance;

/// <summary>
/// OpsBot's plumbing (<see cref="AwsProtocols"/> over <see cref="AwsTransport"/>) sends what the official AWS SDK for
/// JavaScript v3 sends, one protocol each: awsJson1_1, restJson1 with an ARN label, awsQuery; and the official signer
/// accepts OpsBot's signature. The per-operation rows of the service clients follow the same three steps.
/// </summary>
[Collection(ConformanceServer.Collection)]
public sealed class PlumbingConformanceTests(ConformanceServer server, ITestOutputHelper output)
{
    private static readonly AwsScope Scope = new(ConformanceServer.Region);

    [Fact]
    public async Task CodeDeploy_GetDeployment_over_awsJson_is_sent_as_the_SDK_sends_it_and_its_signature_verifies()
    {
        const string answer = """{"deploymentInfo":{"deploymentId":"d-ABCDEFGHI","status":"Succeeded","createTime":1754000000.5}}""";
        var sdk = await server.SdkAsync("codedeploy", "GetDeployment", """{"deploymentId":"d-ABCDEFGHI"}""", CannedResponse.Json(answer));

        await server.QueueAsync(CannedResponse.Json(answer));
        var parsed = await server.Transport().JsonRpcAsync<object, JsonObject>(Scope, AwsService.CodeDeploy, "GetDeployment",
            new { deploymentId = "d-ABCDEFGHI" }, AwsJson.Camel, default);
        var opsBot = await server.LastAsync();

        Notes(WireComparison.AssertSame(sdk.Request, opsBot));
        await AssertSignatureVerifiesAsync(opsBot);
        Assert.Null(sdk.Error);
        Assert.Equal("Succeeded", sdk.Output!["deploymentInfo"]!["status"]!.GetValue<string>());
        Assert.Equal("2025-07-31T22:13:20.500Z", sdk.Output["deploymentInfo"]!["createTime"]!.GetValue<string>());
        Assert.Equal("Succeeded", parsed["deploymentInfo"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lambda_GetAlias_over_restJson_with_an_arn_label_is_sent_as_the_SDK_sends_it_and_its_signature_verifies()
    {
        const string arn = "arn:aws:lambda:us-east-1:123456789012:function:lambda_router";
        const string answer = """{"AliasArn":"arn:aws:lambda:us-east-1:123456789012:function:lambda_router:live","Name":"live","FunctionVersion":"7","RoutingConfig":{"AdditionalVersionWeights":{"8":0.1}},"RevisionId":"r-1"}""";
        var sdk = await server.SdkAsync("lambda", "GetAlias", $$"""{"FunctionName":"{{arn}}","Name":"live"}""", CannedResponse.Json(answer));

        await server.QueueAsync(CannedResponse.Json(answer));
        var response = await server.Transport().RestJsonAsync(new AwsRequest
        {
            Service = AwsService.Lambda,
            Operation = "GetAlias",
            Scope = Scope,
            Method = HttpMethod.Get,
            Path = $"/2015-03-31/functions/{AwsProtocols.Label(arn)}/aliases/{AwsProtocols.Label("live")}",
        }, default);
        var opsBot = await server.LastAsync();

        Notes(WireComparison.AssertSame(sdk.Request, opsBot));
        Assert.Equal("/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Alambda_router/aliases/live", opsBot.Path);
        var verdict = await AssertSignatureVerifiesAsync(opsBot);
        Assert.Contains("/functions/arn%253Aaws%253Alambda", verdict.CanonicalRequest, StringComparison.Ordinal); // non-S3: encoded twice
        Assert.Equal(0.1, sdk.Output!["RoutingConfig"]!["AdditionalVersionWeights"]!["8"]!.GetValue<double>());
        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task A_restJson_query_string_with_reserved_characters_is_sent_as_the_SDK_sends_it_and_its_signature_verifies()
    {
        const string marker = "a b+c/d=e&f%g~hé";
        var sdk = await server.SdkAsync("lambda", "ListVersionsByFunction", JsonSerializer.Serialize(new { FunctionName = "lambda_router", Marker = marker, MaxItems = 50 }));

        await server.Transport().RestJsonAsync(new AwsRequest
        {
            Service = AwsService.Lambda,
            Operation = "ListVersionsByFunction",
            Scope = Scope,
            Method = HttpMethod.Get,
            Path = $"/2015-03-31/functions/{AwsProtocols.Label("lambda_router")}/versions",
        }.With("Marker", marker).With("MaxItems", 50), default);
        var opsBot = await server.LastAsync();

        Notes(WireComparison.AssertSame(sdk.Request, opsBot));
        await AssertSignatureVerifiesAsync(opsBot);
    }

    [Fact]
    public async Task Sns_Publish_over_awsQuery_is_sent_as_the_SDK_sends_it_and_its_signature_verifies()
    {
        const string topic = "arn:aws:sns:us-east-1:123456789012:opsbot-events";
        const string message = "Deploy d-1 of fn: 10% → 100% & done = ok + 'quotes' / ~tilde";
        var sdk = await server.SdkAsync("sns", "Publish", JsonSerializer.Serialize(new
        {
            TopicArn = topic, Subject = "OpsBot", Message = message,
            MessageAttributes = new { kind = new { DataType = "String", StringValue = "deploy" } },
        }));

        var xml = await server.Transport().QueryAsync(Scope, AwsService.Sns, "Publish", "2010-03-31",
        [
            new("TopicArn", topic), new("Subject", "OpsBot"), new("Message", message),
            new("MessageAttributes.entry.1.Name", "kind"), new("MessageAttributes.entry.1.Value.DataType", "String"),
            new("MessageAttributes.entry.1.Value.StringValue", "deploy"),
        ], default);
        var opsBot = await server.LastAsync();

        // Known, accepted difference: the JS SDK sends no charset; OpsBot (like botocore) says charset=utf-8.
        Notes(WireComparison.AssertSame(sdk.Request, opsBot, new WireOptions { IgnoreCharset = true }));
        Assert.Equal("application/x-www-form-urlencoded", sdk.Request.Header("Content-Type"));
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", opsBot.Header("Content-Type"));
        await AssertSignatureVerifiesAsync(opsBot);
        Assert.Equal("00000000-0000-0000-0000-000000000001", sdk.Output!["MessageId"]!.GetValue<string>());
        Assert.Equal("00000000-0000-0000-0000-000000000001", xml.Descendants().Single(e => e.Name.LocalName == "MessageId").Value);
    }

    [Fact]
    public async Task The_pinned_CloudWatch_client_speaks_awsJson1_0_with_query_mode_and_OpsBot_sends_the_same()
    {
        const string answer = """{"MetricDataResults":[{"Id":"e1","Label":"Errors","Timestamps":[1754000540.0],"Values":[0.0],"StatusCode":"Complete"}],"Messages":[]}""";
        var sdk = await server.SdkAsync("cloudwatch", "GetMetricData", """
            {"MetricDataQueries":[{"Id":"e1","MetricStat":{"Metric":{"Namespace":"AWS/Lambda","MetricName":"Errors",
               "Dimensions":[{"Name":"FunctionName","Value":"fn"},{"Name":"Resource","Value":"fn:live"}]},"Period":60,"Stat":"Sum"},"ReturnData":true}],
             "StartTime":"2025-07-31T22:13:20Z","EndTime":"2025-07-31T22:23:20Z","ScanBy":"TimestampDescending"}
            """, CannedResponse.Json(answer));

        var json = new JsonSerializerOptions(AwsJson.Pascal) { Converters = { new EpochSecondsConverter() } };
        await server.Transport().JsonRpcAsync<object, JsonObject>(Scope, AwsService.CloudWatch, "GetMetricData", new
        {
            MetricDataQueries = new[]
            {
                new
                {
                    Id = "e1",
                    MetricStat = new
                    {
                        Metric = new { Namespace = "AWS/Lambda", MetricName = "Errors", Dimensions = new[] { new { Name = "FunctionName", Value = "fn" }, new { Name = "Resource", Value = "fn:live" } } },
                        Period = 60,
                        Stat = "Sum",
                    },
                    ReturnData = true,
                },
            },
            StartTime = DateTimeOffset.FromUnixTimeSeconds(1754000000),
            EndTime = DateTimeOffset.FromUnixTimeSeconds(1754000600),
            ScanBy = "TimestampDescending",
        }, json, default);
        var opsBot = await server.LastAsync();

        Assert.Equal("application/x-amz-json-1.0", sdk.Request.Header("Content-Type"));
        Assert.Equal("GraniteServiceVersion20100801.GetMetricData", sdk.Request.Header("X-Amz-Target"));
        Assert.Equal("true", sdk.Request.Header("x-amzn-query-mode"));
        Assert.Contains("\"StartTime\":1754000000,", sdk.Request.Text, StringComparison.Ordinal);
        Notes(WireComparison.AssertSame(sdk.Request, opsBot));
        await AssertSignatureVerifiesAsync(opsBot);
        Assert.Equal("2025-07-31T22:22:20.000Z", sdk.Output!["MetricDataResults"]![0]!["Timestamps"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_request_altered_after_signing_does_not_verify()
    {
        await server.Transport().JsonRpcAsync<object, JsonObject>(Scope, AwsService.CodeDeploy, "GetDeployment",
            new { deploymentId = "d-ABCDEFGHI" }, AwsJson.Camel, default);
        var signed = await server.LastAsync();
        await AssertSignatureVerifiesAsync(signed);

        var body = await server.VerifyAsync(signed.WithBody(Encoding.UTF8.GetBytes("""{"deploymentId":"d-ZZZZZZZZZ"}""")));
        var target = await server.VerifyAsync(signed.WithHeader("X-Amz-Target", "CodeDeploy_20141006.StopDeployment"));

        Assert.False(body.Valid, body.ToString());
        Assert.NotEqual(body.Actual, body.Expected);
        Assert.Contains("x-amz-content-sha256", body.Reason, StringComparison.Ordinal);
        Assert.False(target.Valid, target.ToString());
        Assert.NotEqual(target.Actual, target.Expected);
    }

    private async Task<VerifyResult> AssertSignatureVerifiesAsync(CapturedRequest request)
    {
        var verdict = await server.VerifyAsync(request);
        Assert.True(verdict.Valid, $"the official signer rejects OpsBot's signature: {verdict}\n--- request:\n{request}");
        return verdict;
    }

    private void Notes(IReadOnlyList<string> notes)
    {
        foreach (var note in notes)
            output.WriteLine("note: " + note);
    }
}
