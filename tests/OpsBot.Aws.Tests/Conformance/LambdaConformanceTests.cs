using OpsBot.Aws.Http;
using OpsBot.Aws.Lambda;
using Xunit.Abstractions;

namespace OpsBot.Aws.Tests.Conformance;

/// <summary>Every Lambda operation of <see cref="LambdaClient"/> (restJson1), sent and read as the official SDK does (see <see cref="RowTable{TClient}"/>).</summary>
[Collection(ConformanceServer.Collection)]
public sealed class LambdaConformanceTests(ConformanceServer server, ITestOutputHelper output)
{
    private static readonly AwsScope Scope = new(ConformanceServer.Region);
    private const string Arn = "arn:aws:lambda:us-east-1:123456789012:function:lambda_router";

    private static readonly CannedResponse Alias = CannedResponse.Json($$$"""
        {"AliasArn":"{{{Arn}}}:live","Name":"live","FunctionVersion":"7","Description":"prod",
         "RoutingConfig":{"AdditionalVersionWeights":{"8":0.05}},"RevisionId":"r-2"}
        """);

    private static readonly CannedResponse Version = CannedResponse.Json($$"""
        {"FunctionName":"lambda_router","FunctionArn":"{{Arn}}:8","Version":"8","Description":"opsbot","CodeSha256":"c2hhMjU2",
         "RevisionId":"r-3","LastModified":"2025-07-31T22:13:20.000+0000","State":"Active","LastUpdateStatus":"Successful"}
        """, 201);

    private static readonly RowTable<LambdaClient> Rows = new("lambda", t => new LambdaClient(t))
    {
        {
            "GetAlias of a function given by ARN", "GetAlias", $$"""{"FunctionName":"{{Arn}}","Name":"live"}""", Alias,
            c => c.GetAliasAsync(Scope, new(Arn, "live"), default),
            a => [("AliasArn", a.AliasArn), ("FunctionVersion", a.FunctionVersion), ("RevisionId", a.RevisionId),
                  ("RoutingConfig.AdditionalVersionWeights.8", a.RoutingConfig?.AdditionalVersionWeights?["8"])]
        },
        {
            "UpdateAlias with routing weights and RevisionId", "UpdateAlias",
            """{"FunctionName":"lambda_router","Name":"live","FunctionVersion":"7","RoutingConfig":{"AdditionalVersionWeights":{"8":0.05}},"RevisionId":"r-1"}""",
            Alias,
            c => c.UpdateAliasAsync(Scope, new("lambda_router", "live") { FunctionVersion = "7", RoutingConfig = AliasRoutingConfiguration.To("8", 0.05), RevisionId = "r-1" }, default),
            a => [("RevisionId", a.RevisionId), ("RoutingConfig.AdditionalVersionWeights.8", a.RoutingConfig?.AdditionalVersionWeights?["8"])]
        },
        {
            "UpdateAlias with an empty weights map, which clears shifting", "UpdateAlias",
            """{"FunctionName":"lambda_router","Name":"live","FunctionVersion":"8","RoutingConfig":{"AdditionalVersionWeights":{}},"RevisionId":"r-2"}""",
            CannedResponse.Json("""{"Name":"live","FunctionVersion":"8","RoutingConfig":{"AdditionalVersionWeights":{}},"RevisionId":"r-3"}"""),
            c => c.UpdateAliasAsync(Scope, new("lambda_router", "live") { FunctionVersion = "8", RoutingConfig = AliasRoutingConfiguration.None, RevisionId = "r-2" }, default),
            a => [("FunctionVersion", a.FunctionVersion), ("RevisionId", a.RevisionId), ("RoutingConfig.AdditionalVersionWeights", a.RoutingConfig?.AdditionalVersionWeights)]
        },
        {
            "PublishVersion with CodeSha256, Description and RevisionId", "PublishVersion",
            """{"FunctionName":"lambda_router","CodeSha256":"c2hhMjU2","Description":"opsbot","RevisionId":"r-2"}""", Version,
            c => c.PublishVersionAsync(Scope, new("lambda_router") { CodeSha256 = "c2hhMjU2", Description = "opsbot", RevisionId = "r-2" }, default),
            v => [("Version", v.Version), ("RevisionId", v.RevisionId), ("State", v.State), ("LastUpdateStatus", v.LastUpdateStatus), ("LastModified", v.LastModified)]
        },
        {
            "ListVersionsByFunction with Marker and MaxItems", "ListVersionsByFunction",
            $$"""{"FunctionName":"{{Arn}}","Marker":"a b+c/d=e&f","MaxItems":50}""",
            CannedResponse.Json("""{"NextMarker":"m-2","Versions":[{"Version":"$LATEST","State":"Active"},{"Version":"7","CodeSha256":"x","State":"Inactive"}]}"""),
            c => c.ListVersionsByFunctionAsync(Scope, new(Arn) { Marker = "a b+c/d=e&f", MaxItems = 50 }, default),
            p => [("NextMarker", p.NextMarker), ("Versions.0.Version", p.Versions[0].Version), ("Versions.1.Version", p.Versions[1].Version), ("Versions.1.State", p.Versions[1].State)]
        },
        {
            "ListAliases filtered by FunctionVersion, with Marker and MaxItems", "ListAliases",
            """{"FunctionName":"lambda_router","FunctionVersion":"7","Marker":"m-1","MaxItems":20}""",
            CannedResponse.Json("""{"NextMarker":"m-2","Aliases":[{"Name":"live","FunctionVersion":"7","RevisionId":"r-1","RoutingConfig":{"AdditionalVersionWeights":{"8":0.5}}}]}"""),
            c => c.ListAliasesAsync(Scope, new("lambda_router") { FunctionVersion = "7", Marker = "m-1", MaxItems = 20 }, default),
            p => [("NextMarker", p.NextMarker), ("Aliases.0.Name", p.Aliases[0].Name), ("Aliases.0.RoutingConfig.AdditionalVersionWeights.8", p.Aliases[0].RoutingConfig?.AdditionalVersionWeights?["8"])]
        },
        {
            "GetFunctionConfiguration with a Qualifier", "GetFunctionConfiguration", """{"FunctionName":"lambda_router","Qualifier":"live"}""", Version,
            c => c.GetFunctionConfigurationAsync(Scope, new("lambda_router") { Qualifier = "live" }, default),
            v => [("FunctionArn", v.FunctionArn), ("Version", v.Version), ("CodeSha256", v.CodeSha256), ("State", v.State)]
        },
        {
            "GetFunctionConfiguration of a version that logs to its own log group", "GetFunctionConfiguration", """{"FunctionName":"lambda_router","Qualifier":"8"}""",
            CannedResponse.Json($$$"""
                {"FunctionName":"lambda_router","FunctionArn":"{{{Arn}}}:8","Version":"8","State":"Active",
                 "LoggingConfig":{"LogFormat":"JSON","ApplicationLogLevel":"INFO","SystemLogLevel":"WARN","LogGroup":"/ons/platform/lambda_router"}}
                """),
            c => c.GetFunctionConfigurationAsync(Scope, new("lambda_router") { Qualifier = "8" }, default),
            v => [("LoggingConfig.LogGroup", v.LoggingConfig?.LogGroup), ("LoggingConfig.LogFormat", v.LoggingConfig?.LogFormat)]
        },
        {
            "UpdateAlias with a stale RevisionId: 412 PreconditionFailedException", "UpdateAlias",
            """{"FunctionName":"lambda_router","Name":"live","FunctionVersion":"7","RevisionId":"r-0"}""",
            CannedResponse.Json("""{"Type":"User","message":"The Revision Id provided does not match the latest Revision Id."}""", 412, ("X-Amzn-ErrorType", "PreconditionFailedException")),
            c => c.UpdateAliasAsync(Scope, new("lambda_router", "live") { FunctionVersion = "7", RevisionId = "r-0" }, default),
            "PreconditionFailedException"
        },
        {
            "GetAlias of a missing alias: 404 ResourceNotFoundException", "GetAlias", """{"FunctionName":"lambda_router","Name":"gone"}""",
            CannedResponse.Json("""{"Type":"User","Message":"Alias not found"}""", 404, ("X-Amzn-ErrorType", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/")),
            c => c.GetAliasAsync(Scope, new("lambda_router", "gone"), default),
            "ResourceNotFoundException"
        },
    };

    public static TheoryData<string> Operations => Rows.Names;

    [Theory]
    [MemberData(nameof(Operations))]
    public Task Is_sent_and_read_as_the_official_SDK_does(string row) => Rows.RunAsync(row, server, output);
}
