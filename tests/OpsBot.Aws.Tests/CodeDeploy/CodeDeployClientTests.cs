using System.Net;
using OpsBot.Aws.CodeDeploy;
using OpsBot.Aws.Http;
using OpsBot.Aws.Tests.Http;

namespace OpsBot.Aws.Tests.CodeDeploy;

public sealed class CodeDeployClientTests
{
    private const string Json11 = "application/x-amz-json-1.1";

    private static CodeDeployClient Client(RecordingHandler handler) => new(TestAws.Transport(handler));

    private static void AssertCall(SentRequest sent, string operation, string body)
    {
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://codedeploy.us-east-1.amazonaws.com/", sent.Uri.AbsoluteUri);
        Assert.Equal($"CodeDeploy_20141006.{operation}", sent.Header("X-Amz-Target"));
        Assert.Equal(Json11, sent.Header("Content-Type"));
        Assert.Contains("/us-east-1/codedeploy/aws4_request", sent.Header("Authorization"), StringComparison.Ordinal);
        JsonAssert.Equal(body, sent.Text);
    }

    [Fact]
    public async Task CreateDeployment_sends_the_appspec_inline_with_its_sha256_and_the_rollback_events()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """{"deploymentId":"d-ABCDEF123"}""", Json11);
        var input = new CreateDeploymentInput("ons-data-platform-lambda-app")
        {
            DeploymentGroupName = "lambda_router-deployment-group",
            Revision = RevisionLocation.AppSpec("version: 0.0"),
            DeploymentConfigName = "CodeDeployDefault.LambdaCanary10Percent5Minutes",
            Description = "OpsBot deployment dep-x",
            AutoRollbackConfiguration = new AutoRollbackConfiguration(true, ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST"]),
        };

        var created = await Client(handler).CreateDeploymentAsync(TestAws.Scope, input, default);

        AssertCall(handler.Last, "CreateDeployment", $$$"""
            {"applicationName":"ons-data-platform-lambda-app","deploymentGroupName":"lambda_router-deployment-group",
             "revision":{"revisionType":"AppSpecContent","appSpecContent":{"content":"version: 0.0","sha256":"{{{Sha256Hex("version: 0.0")}}}"}},
             "deploymentConfigName":"CodeDeployDefault.LambdaCanary10Percent5Minutes","description":"OpsBot deployment dep-x",
             "autoRollbackConfiguration":{"enabled":true,"events":["DEPLOYMENT_FAILURE","DEPLOYMENT_STOP_ON_REQUEST"]}}
            """);
        Assert.Equal("d-ABCDEF123", created.DeploymentId);
    }

    [Fact]
    public void The_appspec_sha256_is_the_lowercase_hex_sha256_of_the_utf8_content()
    {
        var revision = RevisionLocation.AppSpec("abc");

        // FIPS 180-2 test vector for "abc".
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", revision.AppSpecContent!.Sha256);
    }

    [Fact]
    public async Task GetDeployment_reads_status_error_times_description_and_rollback()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """
            {"deploymentInfo":{"applicationName":"app","deploymentGroupName":"group","deploymentConfigName":"CodeDeployDefault.LambdaAllAtOnce",
             "deploymentId":"d-1","status":"Failed","errorInformation":{"code":"HOOK_EXECUTION_FAILURE","message":"BeforeAllowTraffic failed"},
             "createTime":1795766400.5,"startTime":1795766401,"completeTime":1795766460.25,"description":"OpsBot deployment dep-x (opsbot:dep-x)",
             "creator":"user","rollbackInfo":{"rollbackDeploymentId":"d-2","rollbackMessage":"rolled back"},"computePlatform":"Lambda",
             "deploymentOverview":{"Pending":0},"revision":{"revisionType":"AppSpecContent"}}}
            """, Json11);

        var info = (await Client(handler).GetDeploymentAsync(TestAws.Scope, new GetDeploymentInput("d-1"), default)).DeploymentInfo!;

        AssertCall(handler.Last, "GetDeployment", """{"deploymentId":"d-1"}""");
        Assert.Equal("d-1", info.DeploymentId);
        Assert.Equal("Failed", info.Status);
        Assert.Equal(new ErrorInformation("HOOK_EXECUTION_FAILURE", "BeforeAllowTraffic failed"), info.ErrorInformation);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795766400500), info.CreateTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795766401), info.StartTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795766460250), info.CompleteTime);
        Assert.Equal("OpsBot deployment dep-x (opsbot:dep-x)", info.Description);
        Assert.Equal("d-2", info.RollbackInfo!.RollbackDeploymentId);
        Assert.Equal("Lambda", info.ComputePlatform);
    }

    [Fact]
    public async Task StopDeployment_says_whether_to_roll_back()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """{"status":"Pending","statusMessage":"Stopping"}""", Json11);

        var stopped = await Client(handler).StopDeploymentAsync(TestAws.Scope, new StopDeploymentInput("d-1") { AutoRollbackEnabled = true }, default);

        AssertCall(handler.Last, "StopDeployment", """{"deploymentId":"d-1","autoRollbackEnabled":true}""");
        Assert.Equal("Pending", stopped.Status);
        Assert.Equal("Stopping", stopped.StatusMessage);
    }

    [Fact]
    public async Task ListDeployments_filters_by_group_and_status_and_all_pages_are_followed()
    {
        var handler = new RecordingHandler()
            .Answer(HttpStatusCode.OK, """{"deployments":["d-1","d-2"],"nextToken":"t2"}""", Json11)
            .Answer(HttpStatusCode.OK, """{"deployments":["d-3"]}""", Json11);
        var input = new ListDeploymentsInput { ApplicationName = "app", DeploymentGroupName = "group", IncludeOnlyStatuses = ["InProgress", "Baking"] };

        var ids = await Client(handler).ListAllDeploymentsAsync(TestAws.Scope, input, default);

        Assert.Equal(["d-1", "d-2", "d-3"], ids);
        var sent = handler.Sent.ToList();
        AssertCall(sent[0], "ListDeployments", """{"applicationName":"app","deploymentGroupName":"group","includeOnlyStatuses":["InProgress","Baking"]}""");
        AssertCall(sent[1], "ListDeployments", """{"applicationName":"app","deploymentGroupName":"group","includeOnlyStatuses":["InProgress","Baking"],"nextToken":"t2"}""");
    }

    [Fact]
    public async Task GetDeploymentGroup_reads_the_groups_config_alarms_and_last_deployments()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """
            {"deploymentGroupInfo":{"applicationName":"app","deploymentGroupId":"g-1","deploymentGroupName":"group",
             "deploymentConfigName":"CodeDeployDefault.LambdaAllAtOnce","serviceRoleArn":"arn:aws:iam::123456789012:role/codedeploy",
             "alarmConfiguration":{"enabled":true,"ignorePollAlarmFailure":false,"alarms":[{"name":"lambda_router-error-rate"}]},
             "autoRollbackConfiguration":{"enabled":true,"events":["DEPLOYMENT_FAILURE"]},
             "deploymentStyle":{"deploymentType":"BLUE_GREEN","deploymentOption":"WITH_TRAFFIC_CONTROL"},"computePlatform":"Lambda",
             "lastSuccessfulDeployment":{"deploymentId":"d-9","status":"Succeeded","endTime":1795766400,"createTime":1795766000}}}
            """, Json11);

        var group = (await Client(handler).GetDeploymentGroupAsync(TestAws.Scope, new GetDeploymentGroupInput("app", "group"), default)).DeploymentGroupInfo!;

        AssertCall(handler.Last, "GetDeploymentGroup", """{"applicationName":"app","deploymentGroupName":"group"}""");
        Assert.Equal("CodeDeployDefault.LambdaAllAtOnce", group.DeploymentConfigName);
        Assert.Equal("lambda_router-error-rate", Assert.Single(group.AlarmConfiguration!.Alarms!).Name);
        Assert.Equal(["DEPLOYMENT_FAILURE"], group.AutoRollbackConfiguration!.Events!);
        Assert.Equal("d-9", group.LastSuccessfulDeployment!.DeploymentId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795766400), group.LastSuccessfulDeployment.EndTime);
        Assert.Null(group.LastAttemptedDeployment);
    }

    [Fact]
    public async Task GetDeploymentConfig_reads_the_traffic_routing()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """
            {"deploymentConfigInfo":{"deploymentConfigId":"c-1","deploymentConfigName":"CodeDeployDefault.LambdaCanary10Percent5Minutes",
             "computePlatform":"Lambda","createTime":1511000000,
             "trafficRoutingConfig":{"type":"TimeBasedCanary","timeBasedCanary":{"canaryPercentage":10,"canaryInterval":5}}}}
            """, Json11);

        var config = (await Client(handler).GetDeploymentConfigAsync(TestAws.Scope,
            new GetDeploymentConfigInput("CodeDeployDefault.LambdaCanary10Percent5Minutes"), default)).DeploymentConfigInfo!;

        AssertCall(handler.Last, "GetDeploymentConfig", """{"deploymentConfigName":"CodeDeployDefault.LambdaCanary10Percent5Minutes"}""");
        Assert.Equal("Lambda", config.ComputePlatform);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1511000000), config.CreateTime);
        Assert.Equal("TimeBasedCanary", config.TrafficRoutingConfig!.Type);
        Assert.Equal(new TimeBasedCanary(10, 5), config.TrafficRoutingConfig.TimeBasedCanary);
    }

    [Fact]
    public async Task CreateDeploymentConfig_sends_a_lambda_traffic_routing()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """{"deploymentConfigId":"c-2"}""", Json11);
        var input = new CreateDeploymentConfigInput("OpsBot.LambdaLinear20PercentEvery5Minutes")
        {
            ComputePlatform = "Lambda",
            TrafficRoutingConfig = new TrafficRoutingConfig { Type = "TimeBasedLinear", TimeBasedLinear = new TimeBasedLinear(20, 5) },
        };

        var created = await Client(handler).CreateDeploymentConfigAsync(TestAws.Scope, input, default);

        AssertCall(handler.Last, "CreateDeploymentConfig", """
            {"deploymentConfigName":"OpsBot.LambdaLinear20PercentEvery5Minutes","computePlatform":"Lambda",
             "trafficRoutingConfig":{"type":"TimeBasedLinear","timeBasedLinear":{"linearPercentage":20,"linearInterval":5}}}
            """);
        Assert.Equal("c-2", created.DeploymentConfigId);
    }

    [Fact]
    public async Task An_error_answer_gives_the_code_without_its_namespace_and_the_message()
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.BadRequest,
            """{"__type":"com.amazonaws.codedeploy#DeploymentDoesNotExistException","message":"The deployment d-NOPE could not be found."}""",
            Json11, ("x-amzn-RequestId", "req-1"));

        var e = await Assert.ThrowsAsync<AwsServiceException>(() => Client(handler).GetDeploymentAsync(TestAws.Scope, new GetDeploymentInput("d-NOPE"), default));

        Assert.Single(handler.Sent);
        Assert.Equal("DeploymentDoesNotExistException", e.Code);
        Assert.Equal("The deployment d-NOPE could not be found.", e.Detail);
        Assert.Equal(HttpStatusCode.BadRequest, e.Status);
        Assert.Equal("req-1", e.RequestId);
    }

    internal static string Sha256Hex(string content) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)));
}
