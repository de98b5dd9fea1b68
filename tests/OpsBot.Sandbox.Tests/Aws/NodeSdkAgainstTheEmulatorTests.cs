using System.Text.Json.Nodes;
using OpsBot.Sandbox.Aws.CodeDeploy;
using OpsBot.Testing;

namespace OpsBot.Sandbox.Tests.Aws;

/// <summary>
/// The official AWS SDK for JavaScript v3 (the clients pinned in <c>tests/conformance/package-lock.json</c>) against the
/// emulator: <c>tests/conformance/emulator-lambda-codedeploy-sns.mjs</c> makes every Lambda, CodeDeploy and SNS call
/// OpsBot makes, some the services refuse, and one per service signed with a wrong secret; the answers must parse in
/// the SDK and agree with the world. The world's clock is the wall clock's time (frozen), since the SDK signs with the
/// wall clock. Needs Node 20+ and npm (<c>npm ci</c> runs when node_modules is missing).
/// </summary>
public sealed class NodeSdkAgainstTheEmulatorTests() : AwsEmulatorTestBase(DateTimeOffset.UtcNow)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    private static string ConformanceDirectory => NodeScripts.Folder("tests", "conformance");

    [Fact]
    public async Task The_official_JavaScript_SDK_makes_every_call_OpsBot_makes_and_reads_what_the_world_holds()
    {
        var sha = Lambda.UploadCode("influxdb_loader");

        var result = JsonNode.Parse(await NodeScripts.RunAsync(ConformanceDirectory, "emulator-lambda-codedeploy-sns.mjs", ["127.0.0.1", Server.BaseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)], RunTimeout))!;

        AssertLambda(result["lambda"]!, sha);
        AssertCodeDeploy(result["codedeploy"]!);
        AssertSns(result["sns"]!);

        // Signed with a wrong secret: refused as each service refuses it, and the SDK reads the refusal.
        AssertError(result["forged"]!["lambda"]!, "InvalidSignatureException", 403);
        AssertError(result["forged"]!["codedeploy"]!, "InvalidSignatureException", 403);
        AssertError(result["forged"]!["sns"]!, "SignatureDoesNotMatch", 403);
        Assert.Single(Pages.All());
    }

    private void AssertLambda(JsonNode l, string sha)
    {
        var read = Ok(l["getAlias"]!);
        Assert.Equal(("4", FunctionArn("lambda_router") + ":live"), (Str(read, "FunctionVersion"), Str(read, "AliasArn")));
        Assert.True(JsonNode.DeepEquals(read, Ok(l["getAliasByArn"]!)));

        var alias = Lambda.Alias("lambda_router");
        var updated = Ok(l["updateAlias"]!);
        Assert.Equal((alias.FunctionVersion, alias.RevisionId), (Str(updated, "FunctionVersion"), Str(updated, "RevisionId")));
        Assert.Equal((alias.AdditionalVersion, alias.AdditionalWeight), ("5", updated["RoutingConfig"]!["AdditionalVersionWeights"]!["5"]!.GetValue<double>()));
        Assert.Equal(0.25, alias.AdditionalWeight);
        AssertError(l["staleUpdate"]!, "PreconditionFailedException", 412,
            "The Revision Id provided does not match the latest Revision Id. Call the GetAlias API to retrieve the latest Revision Id");
        AssertError(l["badRouting"]!, "InvalidParameterValueException", 400);

        Assert.Equal(201, l["publish"]!["status"]!.GetValue<int>());
        var published = Ok(l["publish"]!);
        Assert.Equal(("6", sha, "sdk build"), (Str(published, "Version"), Str(published, "CodeSha256"), Str(published, "Description")));
        Assert.Equal(sha, Lambda.GetConfiguration("influxdb_loader", "6").Version.CodeSha256);

        var pages = l["versionPages"]!.AsArray();
        Assert.Equal(3, pages.Count);
        Assert.All(pages, p => Assert.True(Ok(p!)["Versions"]!.AsArray().Count <= 3));
        Assert.Equal(["$LATEST", "1", "2", "3", "4", "5", "6"],
            pages.SelectMany(p => Ok(p!)["Versions"]!.AsArray()).Select(v => Str(v!, "Version")));
        Assert.Equal(Lambda.ListVersions("influxdb_loader").Select(v => v.Version.RevisionId),
            pages.SelectMany(p => Ok(p!)["Versions"]!.AsArray()).Select(v => Str(v!, "RevisionId")));

        Assert.Equal(["live"], Ok(l["listAliases"]!)["Aliases"]!.AsArray().Select(a => Str(a!, "Name")));
        var configuration = Ok(l["configuration"]!);
        Assert.Equal(("4", FunctionArn("lambda_router") + ":live", "Active", "Successful"),
            (Str(configuration, "Version"), Str(configuration, "FunctionArn"), Str(configuration, "State"), Str(configuration, "LastUpdateStatus")));
        AssertError(l["notFound"]!, "ResourceNotFoundException", 404, $"Function not found: {FunctionArn("nope")}");
    }

    private void AssertCodeDeploy(JsonNode c)
    {
        var group = Ok(c["group"]!)["deploymentGroupInfo"]!;
        Assert.Equal(("rag_query_processor-deployment-group", "Lambda", "CodeDeployDefault.LambdaCanary10Percent5Minutes"),
            (Str(group, "deploymentGroupName"), Str(group, "computePlatform"), Str(group, "deploymentConfigName")));
        var predefined = Ok(c["predefined"]!)["deploymentConfigInfo"]!["trafficRoutingConfig"]!;
        Assert.Equal(("TimeBasedCanary", 10, 5), (Str(predefined, "type"),
            predefined["timeBasedCanary"]!["canaryPercentage"]!.GetValue<int>(), predefined["timeBasedCanary"]!["canaryInterval"]!.GetValue<int>()));

        var config = CodeDeploy.GetConfig("Sdk.Canary20Percent2Minutes");
        Assert.Equal(config.Id, Str(Ok(c["createConfig"]!), "deploymentConfigId"));
        Assert.Equal(config.Id, Str(Ok(c["createdConfig"]!)["deploymentConfigInfo"]!, "deploymentConfigId"));
        Assert.Equal((LambdaDeploymentConfig.Canary, 20, 2), (config.Type, config.Percentage, config.IntervalMinutes));
        AssertError(c["duplicateConfig"]!, "DeploymentConfigAlreadyExistsException", 400);

        var id = Str(Ok(c["create"]!), "deploymentId");
        var deployment = CodeDeploy.Get(id);
        var created = Ok(c["get"]!)["deploymentInfo"]!;
        Assert.Equal((id, "Created", "sdk deployment", "Lambda", "Sdk.Canary20Percent2Minutes"),
            (Str(created, "deploymentId"), Str(created, "status"), Str(created, "description"), Str(created, "computePlatform"), Str(created, "deploymentConfigName")));
        Assert.Equal(deployment.CreateTime.ToUnixTimeMilliseconds(), DateTimeOffset.Parse(Str(created, "createTime"), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds());
        Assert.Equal(deployment.Content, Str(created["revision"]!["appSpecContent"]!, "content"));
        Assert.Equal([id], Ok(c["list"]!)["deployments"]!.AsArray().Select(d => d!.GetValue<string>()));
        AssertError(c["limit"]!, "DeploymentLimitExceededException", 400);

        Assert.Equal("Succeeded", Str(Ok(c["stop"]!), "status"));
        var stopped = Ok(c["stopped"]!)["deploymentInfo"]!;
        Assert.Equal(("Stopped", "MANUAL_STOP"), (Str(stopped, "status"), Str(stopped["errorInformation"]!, "code")));
        Assert.Equal(CodeDeployDeployment.Stopped, CodeDeploy.Get(id).Status);
        AssertError(c["stopAgain"]!, "DeploymentAlreadyCompletedException", 400);
        AssertError(c["missing"]!, "DeploymentDoesNotExistException", 400);
        Assert.Equal(("4", null), (Lambda.Alias("rag_query_processor").FunctionVersion, Lambda.Alias("rag_query_processor").AdditionalVersion));
    }

    private void AssertSns(JsonNode s)
    {
        var page = Assert.Single(Pages.All());
        Assert.Equal(page.MessageId, Str(Ok(s["publish"]!), "MessageId"));
        Assert.Equal(("Rollback of lambda_router", "Error rate above 5% for 2 periods.\n\nDeployment: dep-sdk"), (page.Subject, page.Message));
        Assert.Equal(new Dictionary<string, string> { ["deployment_id"] = "dep-sdk", ["environment"] = "sandbox" }, page.Attributes);
        AssertError(s["notFound"]!, "NotFoundException", 404, "Topic does not exist", code: "NotFound");
        AssertError(s["noMessage"]!, "InvalidParameterException", 400, code: "InvalidParameter");
    }

    private static JsonNode Ok(JsonNode call)
    {
        Assert.True(call["ok"]!.GetValue<bool>(), call.ToJsonString());
        return call["output"]!;
    }

    private static string Str(JsonNode node, string member) => node[member]!.GetValue<string>();

    private static void AssertError(JsonNode call, string name, int status, string? message = null, string? code = null)
    {
        Assert.False(call["ok"]!.GetValue<bool>(), call.ToJsonString());
        var error = call["error"]!;
        Assert.Equal((name, code ?? name, status), (Str(error, "name"), Str(error, "code"), error["statusCode"]!.GetValue<int>()));
        Assert.Equal("client", Str(error, "fault"));
        if (message is not null)
            Assert.Equal(message, Str(error, "message"));
    }

}
