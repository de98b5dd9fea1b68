using System.Net;
using OpsBot.Aws.Http;
using OpsBot.Aws.Lambda;
using OpsBot.Aws.Tests.Http;

namespace OpsBot.Aws.Tests.Lambda;

public sealed class LambdaClientTests
{
    private const string Base = "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/";

    internal const string AliasAnswer = """
        {"AliasArn":"arn:aws:lambda:us-east-1:123456789012:function:lambda_router:live","Name":"live","FunctionVersion":"4",
         "Description":"","RoutingConfig":{"AdditionalVersionWeights":{"5":0.1}},"RevisionId":"9d2e7c1a-0000-1111-2222-333344445555"}
        """;

    internal static string Version(string version) => $$"""
        {"FunctionName":"lambda_router","FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:lambda_router:{{version}}",
         "Runtime":"python3.12","Role":"arn:aws:iam::123456789012:role/lambda","Handler":"app.handler","CodeSize":1024,
         "Description":"v{{version}}","Timeout":30,"MemorySize":256,"LastModified":"2026-11-20T08:00:00.000+0000",
         "CodeSha256":"sha-{{version}}","Version":"{{version}}","RevisionId":"rev-{{version}}","State":"Active",
         "LastUpdateStatus":"Successful","PackageType":"Zip","Architectures":["arm64"]}
        """;

    private static LambdaClient Client(RecordingHandler handler) => new(TestAws.Transport(handler));

    [Fact]
    public async Task GetAlias_is_a_GET_of_the_alias_without_a_body_and_reads_its_weighted_routing()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, AliasAnswer);

        var alias = await Client(handler).GetAliasAsync(TestAws.Scope, new GetAliasRequest("lambda_router", "live"), default);

        var sent = handler.Last;
        Assert.Equal(HttpMethod.Get, sent.Method);
        Assert.Equal(Base + "lambda_router/aliases/live", sent.Uri.AbsoluteUri);
        Assert.Empty(sent.Body);
        Assert.Null(sent.Header("Content-Type"));
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:lambda_router:live", alias.AliasArn);
        Assert.Equal("live", alias.Name);
        Assert.Equal("4", alias.FunctionVersion);
        Assert.Equal(0.1, alias.RoutingConfig!.AdditionalVersionWeights!["5"]);
        Assert.Equal("9d2e7c1a-0000-1111-2222-333344445555", alias.RevisionId);
    }

    [Fact]
    public async Task A_function_arn_is_escaped_as_one_path_label()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, AliasAnswer);

        await Client(handler).GetAliasAsync(TestAws.Scope, new GetAliasRequest("arn:aws:lambda:us-east-1:123456789012:function:lambda_router", "live"), default);

        Assert.Equal(Base + "arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Alambda_router/aliases/live", handler.Last.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task UpdateAlias_is_a_PUT_whose_json_body_holds_only_the_body_members()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, AliasAnswer);
        var request = new UpdateAliasRequest("lambda_router", "live")
        {
            FunctionVersion = "4",
            Description = "canary of 5",
            RoutingConfig = AliasRoutingConfiguration.To("5", 0.1),
            RevisionId = "rev-1",
        };

        var alias = await Client(handler).UpdateAliasAsync(TestAws.Scope, request, default);

        var sent = handler.Last;
        Assert.Equal(HttpMethod.Put, sent.Method);
        Assert.Equal(Base + "lambda_router/aliases/live", sent.Uri.AbsoluteUri);
        Assert.Equal("application/json", sent.Header("Content-Type"));
        JsonAssert.Equal("""
            {"FunctionVersion":"4","Description":"canary of 5","RoutingConfig":{"AdditionalVersionWeights":{"5":0.1}},"RevisionId":"rev-1"}
            """, sent.Text);
        Assert.Equal("9d2e7c1a-0000-1111-2222-333344445555", alias.RevisionId);
    }

    [Fact]
    public async Task UpdateAlias_clears_shifting_with_an_empty_weights_map()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """{"Name":"live","FunctionVersion":"5","RevisionId":"rev-2"}""");

        var alias = await Client(handler).UpdateAliasAsync(TestAws.Scope,
            new UpdateAliasRequest("lambda_router", "live") { FunctionVersion = "5", RoutingConfig = AliasRoutingConfiguration.None }, default);

        JsonAssert.Equal("""{"FunctionVersion":"5","RoutingConfig":{"AdditionalVersionWeights":{}}}""", handler.Last.Text);
        Assert.Null(alias.RoutingConfig);
    }

    [Fact]
    public async Task PublishVersion_is_a_POST_to_versions_answered_with_201_and_the_new_configuration()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.Created, Version("6"));

        var published = await Client(handler).PublishVersionAsync(TestAws.Scope,
            new PublishVersionRequest("lambda_router") { Description = "Published by OpsBot", CodeSha256 = "abc=", RevisionId = "rev-9" }, default);

        var sent = handler.Last;
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal(Base + "lambda_router/versions", sent.Uri.AbsoluteUri);
        Assert.Equal("application/json", sent.Header("Content-Type"));
        JsonAssert.Equal("""{"CodeSha256":"abc=","Description":"Published by OpsBot","RevisionId":"rev-9"}""", sent.Text);
        Assert.Equal("6", published.Version);
        Assert.Equal("lambda_router", published.FunctionName);
        Assert.Equal("sha-6", published.CodeSha256);
        Assert.Equal("Active", published.State);
        Assert.Equal("Successful", published.LastUpdateStatus);
        Assert.Equal("2026-11-20T08:00:00.000+0000", published.LastModified);
    }

    [Fact]
    public async Task PublishVersion_without_options_sends_an_empty_object()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.Created, Version("6"));

        await Client(handler).PublishVersionAsync(TestAws.Scope, new PublishVersionRequest("lambda_router"), default);

        JsonAssert.Equal("{}", handler.Last.Text);
    }

    [Fact]
    public async Task ListVersionsByFunction_puts_Marker_and_MaxItems_in_the_query()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, $$"""{"NextMarker":"next/+=","Versions":[{{Version("1")}}]}""");

        var page = await Client(handler).ListVersionsByFunctionAsync(TestAws.Scope,
            new ListVersionsByFunctionRequest("lambda_router") { Marker = "m/1+=", MaxItems = 50 }, default);

        var sent = handler.Last;
        Assert.Equal(HttpMethod.Get, sent.Method);
        Assert.Equal(Base + "lambda_router/versions?Marker=m%2F1%2B%3D&MaxItems=50", sent.Uri.AbsoluteUri);
        Assert.Empty(sent.Body);
        Assert.Equal("next/+=", page.NextMarker);
        Assert.Equal("1", Assert.Single(page.Versions).Version);
    }

    [Fact]
    public async Task All_versions_are_read_by_following_NextMarker_to_the_last_page()
    {
        var handler = new RecordingHandler()
            .Answer(HttpStatusCode.OK, $$"""{"NextMarker":"page2","Versions":[{{Version("$LATEST")}},{{Version("1")}}]}""")
            .Answer(HttpStatusCode.OK, $$"""{"NextMarker":"page3","Versions":[{{Version("2")}}]}""")
            .Answer(HttpStatusCode.OK, $$"""{"Versions":[{{Version("3")}}]}""");

        var versions = await Client(handler).ListAllVersionsByFunctionAsync(TestAws.Scope, "lambda_router", default);

        Assert.Equal(["$LATEST", "1", "2", "3"], versions.Select(v => v.Version));
        Assert.Equal([Base + "lambda_router/versions", Base + "lambda_router/versions?Marker=page2", Base + "lambda_router/versions?Marker=page3"],
            handler.Sent.Select(s => s.Uri.AbsoluteUri));
    }

    [Fact]
    public async Task ListAliases_puts_FunctionVersion_Marker_and_MaxItems_in_the_query_and_all_pages_are_followed()
    {
        var handler = new RecordingHandler()
            .Answer(HttpStatusCode.OK, $$"""{"NextMarker":"p2","Aliases":[{{AliasAnswer}}]}""")
            .Answer(HttpStatusCode.OK, $$"""{"NextMarker":"p2","Aliases":[{{AliasAnswer}}]}""")
            .Answer(HttpStatusCode.OK, """{"Aliases":[{"Name":"beta","FunctionVersion":"5","RevisionId":"r-b"}]}""");
        var client = Client(handler);

        var page = await client.ListAliasesAsync(TestAws.Scope, new ListAliasesRequest("lambda_router") { FunctionVersion = "5", Marker = "p1", MaxItems = 10 }, default);
        Assert.Equal(Base + "lambda_router/aliases?FunctionVersion=5&Marker=p1&MaxItems=10", handler.Last.Uri.AbsoluteUri);
        Assert.Equal("p2", page.NextMarker);
        Assert.Equal("live", Assert.Single(page.Aliases).Name);

        var all = await client.ListAllAliasesAsync(TestAws.Scope, "lambda_router", "5", default);
        Assert.Equal(["live", "beta"], all.Select(a => a.Name));
        Assert.Equal([Base + "lambda_router/aliases?FunctionVersion=5", Base + "lambda_router/aliases?FunctionVersion=5&Marker=p2"],
            handler.Sent.Skip(1).Select(s => s.Uri.AbsoluteUri));
    }

    [Fact]
    public async Task GetFunctionConfiguration_puts_the_Qualifier_in_the_query()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, Version("5"));

        var config = await Client(handler).GetFunctionConfigurationAsync(TestAws.Scope, new GetFunctionConfigurationRequest("lambda_router") { Qualifier = "live" }, default);

        Assert.Equal(HttpMethod.Get, handler.Last.Method);
        Assert.Equal(Base + "lambda_router/configuration?Qualifier=live", handler.Last.Uri.AbsoluteUri);
        Assert.Equal("5", config.Version);
        Assert.Equal("rev-5", config.RevisionId);

        await Client(handler).GetFunctionConfigurationAsync(TestAws.Scope, new GetFunctionConfigurationRequest("lambda_router"), default);
        Assert.Equal(Base + "lambda_router/configuration", handler.Last.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task A_404_carries_the_error_type_header_and_the_body_message()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.NotFound,
            """{"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope"}""",
            headers: [("X-Amzn-ErrorType", "ResourceNotFoundException"), ("x-amzn-RequestId", "req-404")]);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => Client(handler).GetAliasAsync(TestAws.Scope, new GetAliasRequest("nope", "live"), default));

        Assert.Equal("ResourceNotFoundException", e.Code);
        Assert.Equal(HttpStatusCode.NotFound, e.Status);
        Assert.Equal("Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope", e.Detail);
        Assert.Equal("req-404", e.RequestId);
    }

    [Fact]
    public async Task A_412_for_a_stale_revision_is_parsed_and_not_retried()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.PreconditionFailed,
            """{"Type":"User","message":"The Revision Id provided does not match the latest Revision Id. Call the GetAlias API to retrieve the latest Revision Id"}""",
            headers: [("X-Amzn-ErrorType", "PreconditionFailedException")]);

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => Client(handler).UpdateAliasAsync(TestAws.Scope,
            new UpdateAliasRequest("lambda_router", "live") { FunctionVersion = "4", RevisionId = "old" }, default));

        Assert.Single(handler.Sent);
        Assert.Equal("PreconditionFailedException", e.Code);
        Assert.Equal(HttpStatusCode.PreconditionFailed, e.Status);
        Assert.StartsWith("The Revision Id provided does not match", e.Detail, StringComparison.Ordinal);
    }
}
