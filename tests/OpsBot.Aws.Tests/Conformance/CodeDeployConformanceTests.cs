using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OpsBot.Aws.CodeDeploy;
using OpsBot.Aws.Http;
using Xunit.Abstractions;

namespace OpsBot.Aws.Tests.Conformance;

/// <summary>Every CodeDeploy operation of <see cref="CodeDeployClient"/> (awsJson1_1), sent and read as the official SDK does (see <see cref="RowTable{TClient}"/>).</summary>
[Collection(ConformanceServer.Collection)]
public sealed class CodeDeployConformanceTests(ConformanceServer server, ITestOutputHelper output)
{
    private static readonly AwsScope Scope = new(ConformanceServer.Region);

    private const string AppSpec =
        """{"version":0.0,"Resources":[{"lambda_router":{"Type":"AWS::Lambda::Function","Properties":{"Name":"lambda_router","Alias":"live","CurrentVersion":"7","TargetVersion":"8"}}}]}""";

    private static readonly string AppSpecSha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AppSpec)));

    private const string Description = "OpsBot deployment dep-42: version 8 of lambda_router:live by @ana (opsbot:dep-42)";

    private static readonly string[] Active = ["Created", "Queued", "InProgress", "Baking", "Ready"];

    private static readonly RowTable<CodeDeployClient> Rows = new("codedeploy", t => new CodeDeployClient(t))
    {
        {
            "CreateDeployment: AppSpecContent with sha256, config, description, auto-rollback", "CreateDeployment",
            JsonSerializer.Serialize(new
            {
                applicationName = "opsbot", deploymentGroupName = "lambda_router-live",
                revision = new { revisionType = "AppSpecContent", appSpecContent = new { content = AppSpec, sha256 = AppSpecSha256 } },
                deploymentConfigName = "OpsBot.LambdaCanary20Percent7Minutes", description = Description,
                autoRollbackConfiguration = new { enabled = true, events = new[] { "DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST" } },
            }),
            CannedResponse.Json("""{"deploymentId":"d-ABCDEFGHI"}"""),
            c => c.CreateDeploymentAsync(Scope, new("opsbot")
            {
                DeploymentGroupName = "lambda_router-live", Revision = RevisionLocation.AppSpec(AppSpec),
                DeploymentConfigName = "OpsBot.LambdaCanary20Percent7Minutes", Description = Description,
                AutoRollbackConfiguration = new(true, [AutoRollbackConfiguration.DeploymentFailure, AutoRollbackConfiguration.StopOnRequest]),
            }, default),
            o => [("deploymentId", o.DeploymentId)]
        },
        {
            "GetDeployment (a timestamp in E notation, as CodeDeploy writes them)", "GetDeployment", """{"deploymentId":"d-ABCDEFGHI"}""",
            CannedResponse.Json("""
                {"deploymentInfo":{"applicationName":"opsbot","deploymentGroupName":"lambda_router-live","deploymentId":"d-ABCDEFGHI","status":"Stopped",
                 "errorInformation":{"code":"ALARM_ACTIVE","message":"alarm fired"},"createTime":1.7540000005E9,"completeTime":1754000600,
                 "description":"opsbot","creator":"user","rollbackInfo":{"rollbackDeploymentId":"d-ROLLBACK1"},"computePlatform":"Lambda"}}
                """),
            c => c.GetDeploymentAsync(Scope, new("d-ABCDEFGHI"), default),
            o => [("deploymentInfo.status", o.DeploymentInfo?.Status), ("deploymentInfo.errorInformation.code", o.DeploymentInfo?.ErrorInformation?.Code),
                  ("deploymentInfo.createTime", o.DeploymentInfo?.CreateTime), ("deploymentInfo.completeTime", o.DeploymentInfo?.CompleteTime),
                  ("deploymentInfo.description", o.DeploymentInfo?.Description), ("deploymentInfo.rollbackInfo.rollbackDeploymentId", o.DeploymentInfo?.RollbackInfo?.RollbackDeploymentId)]
        },
        {
            "StopDeployment with autoRollbackEnabled", "StopDeployment", """{"deploymentId":"d-ABCDEFGHI","autoRollbackEnabled":true}""",
            CannedResponse.Json("""{"status":"Pending","statusMessage":"Stopping"}"""),
            c => c.StopDeploymentAsync(Scope, new("d-ABCDEFGHI") { AutoRollbackEnabled = true }, default),
            o => [("status", o.Status), ("statusMessage", o.StatusMessage)]
        },
        {
            "ListDeployments with includeOnlyStatuses and nextToken", "ListDeployments",
            JsonSerializer.Serialize(new { applicationName = "opsbot", deploymentGroupName = "lambda_router-live", includeOnlyStatuses = Active, nextToken = "t-1" }),
            CannedResponse.Json("""{"deployments":["d-1","d-2"],"nextToken":"t-2"}"""),
            c => c.ListDeploymentsAsync(Scope, new() { ApplicationName = "opsbot", DeploymentGroupName = "lambda_router-live", IncludeOnlyStatuses = Active, NextToken = "t-1" }, default),
            o => [("deployments", o.Deployments), ("nextToken", o.NextToken)]
        },
        {
            "GetDeploymentGroup", "GetDeploymentGroup", """{"applicationName":"opsbot","deploymentGroupName":"lambda_router-live"}""",
            CannedResponse.Json("""
                {"deploymentGroupInfo":{"applicationName":"opsbot","deploymentGroupId":"g-1","deploymentGroupName":"lambda_router-live",
                 "deploymentConfigName":"CodeDeployDefault.LambdaAllAtOnce","serviceRoleArn":"arn:aws:iam::123456789012:role/cd",
                 "alarmConfiguration":{"enabled":true,"ignorePollAlarmFailure":false,"alarms":[{"name":"errors"}]},
                 "autoRollbackConfiguration":{"enabled":true,"events":["DEPLOYMENT_FAILURE"]},"computePlatform":"Lambda",
                 "lastSuccessfulDeployment":{"deploymentId":"d-0","status":"Succeeded","endTime":1753990000.25}}}
                """),
            c => c.GetDeploymentGroupAsync(Scope, new("opsbot", "lambda_router-live"), default),
            o => [("deploymentGroupInfo.deploymentConfigName", o.DeploymentGroupInfo?.DeploymentConfigName),
                  ("deploymentGroupInfo.alarmConfiguration.alarms.0.name", o.DeploymentGroupInfo?.AlarmConfiguration?.Alarms?[0].Name),
                  ("deploymentGroupInfo.autoRollbackConfiguration.events", o.DeploymentGroupInfo?.AutoRollbackConfiguration?.Events),
                  ("deploymentGroupInfo.lastSuccessfulDeployment.endTime", o.DeploymentGroupInfo?.LastSuccessfulDeployment?.EndTime)]
        },
        {
            "GetDeploymentConfig", "GetDeploymentConfig", """{"deploymentConfigName":"OpsBot.LambdaCanary20Percent7Minutes"}""",
            CannedResponse.Json("""
                {"deploymentConfigInfo":{"deploymentConfigId":"c-1","deploymentConfigName":"OpsBot.LambdaCanary20Percent7Minutes","computePlatform":"Lambda",
                 "createTime":1754000000,"trafficRoutingConfig":{"type":"TimeBasedCanary","timeBasedCanary":{"canaryPercentage":20,"canaryInterval":7}}}}
                """),
            c => c.GetDeploymentConfigAsync(Scope, new("OpsBot.LambdaCanary20Percent7Minutes"), default),
            o => [("deploymentConfigInfo.trafficRoutingConfig.type", o.DeploymentConfigInfo?.TrafficRoutingConfig?.Type),
                  ("deploymentConfigInfo.trafficRoutingConfig.timeBasedCanary.canaryPercentage", o.DeploymentConfigInfo?.TrafficRoutingConfig?.TimeBasedCanary?.CanaryPercentage),
                  ("deploymentConfigInfo.createTime", o.DeploymentConfigInfo?.CreateTime)]
        },
        {
            "CreateDeploymentConfig TimeBasedCanary", "CreateDeploymentConfig",
            """{"deploymentConfigName":"OpsBot.LambdaCanary20Percent7Minutes","computePlatform":"Lambda","trafficRoutingConfig":{"type":"TimeBasedCanary","timeBasedCanary":{"canaryPercentage":20,"canaryInterval":7}}}""",
            CannedResponse.Json("""{"deploymentConfigId":"c-1"}"""),
            c => c.CreateDeploymentConfigAsync(Scope, new("OpsBot.LambdaCanary20Percent7Minutes")
            {
                ComputePlatform = "Lambda", TrafficRoutingConfig = new() { Type = TrafficRoutingConfig.Canary, TimeBasedCanary = new(20, 7) },
            }, default),
            o => [("deploymentConfigId", o.DeploymentConfigId)]
        },
        {
            "CreateDeploymentConfig TimeBasedLinear", "CreateDeploymentConfig",
            """{"deploymentConfigName":"OpsBot.LambdaLinear25PercentEvery2Minutes","computePlatform":"Lambda","trafficRoutingConfig":{"type":"TimeBasedLinear","timeBasedLinear":{"linearPercentage":25,"linearInterval":2}}}""",
            CannedResponse.Json("""{"deploymentConfigId":"c-2"}"""),
            c => c.CreateDeploymentConfigAsync(Scope, new("OpsBot.LambdaLinear25PercentEvery2Minutes")
            {
                ComputePlatform = "Lambda", TrafficRoutingConfig = new() { Type = TrafficRoutingConfig.Linear, TimeBasedLinear = new(25, 2) },
            }, default),
            o => [("deploymentConfigId", o.DeploymentConfigId)]
        },
        {
            "GetDeployment of an unknown id: DeploymentDoesNotExistException", "GetDeployment", """{"deploymentId":"d-MISSING00"}""",
            CannedResponse.Json("""{"__type":"DeploymentDoesNotExistException","message":"The deployment d-MISSING00 could not be found"}""", 400),
            c => c.GetDeploymentAsync(Scope, new("d-MISSING00"), default),
            "DeploymentDoesNotExistException"
        },
        {
            "CreateDeploymentConfig of a taken name: DeploymentConfigAlreadyExistsException", "CreateDeploymentConfig",
            """{"deploymentConfigName":"OpsBot.Taken","computePlatform":"Lambda","trafficRoutingConfig":{"type":"AllAtOnce"}}""",
            CannedResponse.Json("""{"__type":"com.amazonaws.codedeploy#DeploymentConfigAlreadyExistsException","message":"taken"}""", 400),
            c => c.CreateDeploymentConfigAsync(Scope, new("OpsBot.Taken") { ComputePlatform = "Lambda", TrafficRoutingConfig = new() { Type = TrafficRoutingConfig.AllAtOnce } }, default),
            "DeploymentConfigAlreadyExistsException"
        },
    };

    public static TheoryData<string> Operations => Rows.Names;

    [Theory]
    [MemberData(nameof(Operations))]
    public Task Is_sent_and_read_as_the_official_SDK_does(string row) => Rows.RunAsync(row, server, output);
}
