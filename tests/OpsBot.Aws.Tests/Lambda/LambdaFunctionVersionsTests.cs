using System.Net;
using OpsBot.Aws.Lambda;
using OpsBot.Aws.Tests.Http;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Tests.Lambda;

public sealed class LambdaFunctionVersionsTests
{
    private static readonly FunctionTarget Target = new() { Environment = "prod", Function = "lambda_router", Alias = "live", Region = "us-east-1" };

    private static LambdaFunctionVersions Versions(RecordingHandler handler) => new(new LambdaClient(TestAws.Transport(handler)));

    private static string Page(string? next, params string[] versions) =>
        $$"""{{{(next is null ? "" : $"\"NextMarker\":\"{next}\",")}}"Versions":[{{string.Join(",", versions.Select(LambdaClientTests.Version))}}]}""";

    [Fact]
    public async Task List_reads_every_page_leaves_out_LATEST_and_orders_numerically()
    {
        var handler = new RecordingHandler()
            .Answer(HttpStatusCode.OK, Page("p2", "$LATEST", "1", "10", "2"))
            .Answer(HttpStatusCode.OK, Page(null, "9", "11"));

        var versions = await Versions(handler).ListAsync(Target, default);

        Assert.Equal(["1", "2", "9", "10", "11"], versions);
        Assert.Equal(2, handler.Sent.Count);
        Assert.EndsWith("/versions?Marker=p2", handler.Last.Uri.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_of_a_missing_function_is_function_not_found()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.NotFound,
            """{"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:123456789012:function:lambda_router"}""",
            headers: [("X-Amzn-ErrorType", "ResourceNotFoundException")]);

        var e = await Assert.ThrowsAsync<FunctionNotFoundException>(() => Versions(handler).ListAsync(Target, default));

        Assert.Contains("function lambda_router", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_sends_the_description_and_returns_the_new_version_number()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.Created, LambdaClientTests.Version("7"));

        var version = await Versions(handler).PublishAsync(Target, "Published by OpsBot for Alice", default);

        Assert.Equal("7", version);
        Assert.Equal(HttpMethod.Post, handler.Last.Method);
        Assert.Equal("https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/lambda_router/versions", handler.Last.Uri.AbsoluteUri);
        JsonAssert.Equal("""{"Description":"Published by OpsBot for Alice"}""", handler.Last.Text);
    }

    [Fact]
    public async Task Publish_keeps_the_description_within_lambdas_256_characters()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.Created, LambdaClientTests.Version("7"));

        await Versions(handler).PublishAsync(Target, new string('x', 300), default);

        JsonAssert.Equal($$"""{"Description":"{{new string('x', 256)}}"}""", handler.Last.Text);
    }

    [Fact]
    public async Task Publish_while_the_function_is_being_updated_says_so()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.Conflict,
            """{"Type":"User","message":"The operation cannot be performed at this time. An update is in progress for resource: arn:aws:lambda:us-east-1:123456789012:function:lambda_router"}""",
            headers: [("X-Amzn-ErrorType", "ResourceConflictException")]);

        var e = await Assert.ThrowsAsync<FunctionUpdateInProgressException>(() => Versions(handler).PublishAsync(Target, "x", default));

        Assert.Single(handler.Sent);
        Assert.StartsWith("Cannot publish a version of lambda_router now: an update of the function is in progress (Lambda: The operation cannot be performed",
            e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_of_a_missing_function_is_function_not_found()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.NotFound, """{"Type":"User","Message":"Function not found"}""",
            headers: [("X-Amzn-ErrorType", "ResourceNotFoundException")]);

        await Assert.ThrowsAsync<FunctionNotFoundException>(() => Versions(handler).PublishAsync(Target, "x", default));
    }
}
