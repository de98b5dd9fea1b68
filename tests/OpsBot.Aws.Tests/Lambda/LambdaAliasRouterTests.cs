using System.Net;
using OpsBot.Aws.Lambda;
using OpsBot.Aws.Tests.Http;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Tests.Lambda;

public sealed class LambdaAliasRouterTests
{
    private static readonly FunctionTarget Target = new() { Environment = "prod", Function = "lambda_router", Alias = "live", Region = "eu-west-2" };

    private static LambdaAliasRouter Router(RecordingHandler handler) => new(new LambdaClient(TestAws.Transport(handler)));

    [Fact]
    public async Task Read_gives_the_primary_version_the_additional_one_with_its_weight_and_the_revision()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, LambdaClientTests.AliasAnswer);

        var traffic = await Router(handler).ReadAsync(Target, default);

        Assert.Equal(new AliasTraffic("4", "5", 0.1, "9d2e7c1a-0000-1111-2222-333344445555"), traffic);
        Assert.Equal(10, traffic.PercentOf("5"), 6);
    }

    [Fact]
    public async Task Read_goes_to_the_targets_region()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, LambdaClientTests.AliasAnswer);

        await Router(handler).ReadAsync(Target, default);

        Assert.Equal("https://lambda.eu-west-2.amazonaws.com/2015-03-31/functions/lambda_router/aliases/live", handler.Last.Uri.AbsoluteUri);
        Assert.Contains("/eu-west-2/lambda/aws4_request", handler.Last.Header("Authorization"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"Name":"live","FunctionVersion":"4","RevisionId":"r1"}""")]
    [InlineData("""{"Name":"live","FunctionVersion":"4","RoutingConfig":{"AdditionalVersionWeights":{}},"RevisionId":"r1"}""")]
    public async Task An_alias_without_an_additional_version_routes_everything_to_its_primary(string answer)
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, answer);

        var traffic = await Router(handler).ReadAsync(Target, default);

        Assert.Equal(new AliasTraffic("4", null, 0, "r1"), traffic);
    }

    [Fact]
    public async Task Route_sends_the_step_as_a_weight_fraction_guarded_by_the_revision_and_returns_what_Lambda_answered()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK,
            """{"Name":"live","FunctionVersion":"4","RoutingConfig":{"AdditionalVersionWeights":{"5":0.25}},"RevisionId":"r2"}""");

        var traffic = await Router(handler).RouteAsync(Target, AliasRoute.Step("4", "5", 25), "r1", default);

        Assert.Equal(HttpMethod.Put, handler.Last.Method);
        Assert.Equal("https://lambda.eu-west-2.amazonaws.com/2015-03-31/functions/lambda_router/aliases/live", handler.Last.Uri.AbsoluteUri);
        JsonAssert.Equal("""{"FunctionVersion":"4","RoutingConfig":{"AdditionalVersionWeights":{"5":0.25}},"RevisionId":"r1"}""", handler.Last.Text);
        Assert.Equal(new AliasTraffic("4", "5", 0.25, "r2"), traffic);
        Assert.True(traffic.Matches(AliasRoute.Step("4", "5", 25)));
    }

    [Fact]
    public async Task Route_to_one_version_clears_the_additional_weights()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """{"Name":"live","FunctionVersion":"5","RoutingConfig":{"AdditionalVersionWeights":{}},"RevisionId":"r3"}""");

        var traffic = await Router(handler).RouteAsync(Target, AliasRoute.Step("4", "5", 100), "r2", default);

        JsonAssert.Equal("""{"FunctionVersion":"5","RoutingConfig":{"AdditionalVersionWeights":{}},"RevisionId":"r2"}""", handler.Last.Text);
        Assert.True(traffic.Matches(AliasRoute.Only("5")));
    }

    [Fact]
    public async Task A_stale_revision_is_an_alias_conflict_that_names_the_alias_and_is_not_retried()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.PreconditionFailed,
            """{"Type":"User","message":"The Revision Id provided does not match the latest Revision Id."}""",
            headers: [("X-Amzn-ErrorType", "PreconditionFailedException")]);

        var e = await Assert.ThrowsAsync<AliasConflictException>(() => Router(handler).RouteAsync(Target, AliasRoute.Step("4", "5", 10), "r1", default));

        Assert.Single(handler.Sent);
        Assert.Equal("alias live of lambda_router changed since OpsBot read it (revision r1 is no longer current)", e.Message);
    }

    [Fact]
    public async Task A_missing_function_or_alias_is_function_not_found()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.NotFound,
            """{"Type":"User","Message":"Alias not found: arn:aws:lambda:eu-west-2:123456789012:function:lambda_router:live"}""",
            headers: [("X-Amzn-ErrorType", "ResourceNotFoundException")]);

        var read = await Assert.ThrowsAsync<FunctionNotFoundException>(() => Router(handler).ReadAsync(Target, default));
        await Assert.ThrowsAsync<FunctionNotFoundException>(() => Router(handler).RouteAsync(Target, AliasRoute.Only("4"), "r1", default));

        Assert.Equal("Lambda has no alias live of function lambda_router in eu-west-2 (prod): " +
                     "Alias not found: arn:aws:lambda:eu-west-2:123456789012:function:lambda_router:live", read.Message);
    }
}
