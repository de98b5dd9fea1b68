using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using OpsBot.Aws.CodeDeploy;
using OpsBot.Aws.Http;
using OpsBot.Aws.Tests.Http;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Tests.CodeDeploy;

public sealed class CodeDeployRouterTests
{
    private static readonly FunctionTarget Target = new()
    {
        Environment = "prod",
        Function = "lambda_router",
        Alias = "live",
        Region = "eu-west-1",
        CodeDeployApplication = "ons-data-platform-lambda-app",
        CodeDeployGroup = "lambda_router-deployment-group",
    };

    private static Deployment Deployment(string id = "dep-x", DeploymentPlan? plan = null, FunctionTarget? target = null) => new()
    {
        Id = id,
        Target = target ?? Target,
        StableVersion = "4",
        TargetVersion = "5",
        Engine = DeploymentEngine.CodeDeploy,
        Plan = plan ?? DeploymentPlan.BuiltIn["canary"],
        Thresholds = new HealthThresholds(),
        Gates = new GateSettings(),
        RequestedBy = "slack:U0ALICE",
    };

    private static CodeDeployRouter Router(RecordingHandler handler) =>
        new(new CodeDeployClient(TestAws.Transport(handler)), NullLogger<CodeDeployRouter>.Instance);

    private static IEnumerable<string> Operations(RecordingHandler handler) => handler.Sent.Select(ScriptedCodeDeploy.Operation);

    [Fact]
    public async Task Start_creates_a_deployment_of_the_lambda_appspec_under_the_plans_config_with_automatic_rollback()
    {
        var codeDeploy = new ScriptedCodeDeploy();
        var handler = codeDeploy.Handler();

        var id = await Router(handler).StartAsync(Deployment(), default);

        Assert.Equal("d-000000001", id);
        Assert.Equal(["ListDeployments", "CreateDeployment"], Operations(handler));
        var sent = handler.Last;
        Assert.Equal("https://codedeploy.eu-west-1.amazonaws.com/", sent.Uri.AbsoluteUri);
        var content = (string)ScriptedCodeDeploy.Body(sent)["revision"]!["appSpecContent"]!["content"]!;
        JsonAssert.Equal($$$"""
            {"applicationName":"ons-data-platform-lambda-app","deploymentGroupName":"lambda_router-deployment-group",
             "revision":{"revisionType":"AppSpecContent","appSpecContent":{"content":{{{JsonValue.Create(content).ToJsonString()}}},"sha256":"{{{CodeDeployClientTests.Sha256Hex(content)}}}"}},
             "deploymentConfigName":"CodeDeployDefault.LambdaCanary10Percent5Minutes",
             "description":"OpsBot deployment dep-x: version 5 of lambda_router:live by slack:U0ALICE (opsbot:dep-x)",
             "autoRollbackConfiguration":{"enabled":true,"events":["DEPLOYMENT_FAILURE","DEPLOYMENT_STOP_ON_REQUEST","DEPLOYMENT_STOP_ON_ALARM"]}}
            """, sent.Text);
        Assert.Equal("""
            {"version":0.0,"Resources":[{"lambda_router":{"Type":"AWS::Lambda::Function","Properties":{"Name":"lambda_router","Alias":"live","CurrentVersion":"4","TargetVersion":"5"}}}]}
            """, content);
    }

    [Fact]
    public async Task A_second_start_of_the_same_opsbot_deployment_finds_the_running_one_instead_of_creating_another()
    {
        var codeDeploy = new ScriptedCodeDeploy();
        codeDeploy.Deployments.Add(("d-SOMEONE", "InProgress", "deployed by the pipeline"));
        codeDeploy.Deployments.Add(("d-LONGER", "InProgress", "OpsBot deployment dep-xy (opsbot:dep-xy)"));
        var handler = codeDeploy.Handler();
        var router = Router(handler);

        var first = await router.StartAsync(Deployment(), default);
        codeDeploy.Deployments[^1] = (first, "Baking", codeDeploy.Deployments[^1].Description);
        var second = await router.StartAsync(Deployment(), default);

        Assert.Equal(first, second);
        Assert.Single(Operations(handler), "CreateDeployment".Equals);
        Assert.Equal(3, codeDeploy.Deployments.Count);
    }

    [Fact]
    public async Task A_start_repeated_after_its_codedeploy_deployment_already_finished_finds_it_too()
    {
        var codeDeploy = new ScriptedCodeDeploy();
        var handler = codeDeploy.Handler();
        var router = Router(handler);
        var first = await router.StartAsync(Deployment(), default);
        codeDeploy.Deployments[^1] = (first, "Succeeded", codeDeploy.Deployments[^1].Description); // an all-at-once is quick

        var again = await router.StartAsync(Deployment(), default);

        Assert.Equal(first, again);
        Assert.Single(Operations(handler), "CreateDeployment".Equals);
    }

    [Fact]
    public async Task A_plan_without_a_predefined_config_gets_one_created_first()
    {
        var codeDeploy = new ScriptedCodeDeploy();
        var handler = codeDeploy.Handler();

        await Router(handler).StartAsync(Deployment(plan: CodeDeployConfigsTests.Plan("20@5m, 40@5m, 60@5m, 80@5m, 100")), default);

        Assert.Equal(["ListDeployments", "GetDeploymentConfig", "CreateDeploymentConfig", "CreateDeployment"], Operations(handler));
        JsonAssert.Equal("""
            {"deploymentConfigName":"OpsBot.LambdaLinear20PercentEvery5Minutes","computePlatform":"Lambda",
             "trafficRoutingConfig":{"type":"TimeBasedLinear","timeBasedLinear":{"linearPercentage":20,"linearInterval":5}}}
            """, handler.Sent.ElementAt(2).Text);
        Assert.Equal("OpsBot.LambdaLinear20PercentEvery5Minutes", (string)ScriptedCodeDeploy.Body(handler.Last)["deploymentConfigName"]!);
    }

    [Fact]
    public async Task An_existing_custom_config_that_means_what_its_name_says_is_used_as_it_is()
    {
        var codeDeploy = new ScriptedCodeDeploy();
        codeDeploy.Configs["OpsBot.LambdaCanary25Percent5Minutes"] = """{"type":"TimeBasedCanary","timeBasedCanary":{"canaryPercentage":25,"canaryInterval":5}}""";
        var handler = codeDeploy.Handler();

        await Router(handler).StartAsync(Deployment(plan: CodeDeployConfigsTests.Plan("25@5m, 100")), default);

        Assert.Equal(["ListDeployments", "GetDeploymentConfig", "CreateDeployment"], Operations(handler));
    }

    [Fact]
    public async Task A_custom_config_created_by_another_replica_in_between_is_fine()
    {
        var codeDeploy = new ScriptedCodeDeploy { ConfigCreatedMeanwhile = true };
        var handler = codeDeploy.Handler();

        var id = await Router(handler).StartAsync(Deployment(plan: CodeDeployConfigsTests.Plan("25@5m, 100")), default);

        Assert.Equal(["ListDeployments", "GetDeploymentConfig", "CreateDeploymentConfig", "CreateDeployment"], Operations(handler));
        Assert.Equal("d-000000001", id);
    }

    [Fact]
    public async Task A_config_under_opsbots_name_that_routes_differently_stops_the_start()
    {
        var codeDeploy = new ScriptedCodeDeploy();
        codeDeploy.Configs["OpsBot.LambdaCanary25Percent5Minutes"] = """{"type":"TimeBasedCanary","timeBasedCanary":{"canaryPercentage":50,"canaryInterval":5}}""";
        var handler = codeDeploy.Handler();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Router(handler).StartAsync(Deployment(plan: CodeDeployConfigsTests.Plan("25@5m, 100")), default));

        Assert.Equal("CodeDeploy deployment config OpsBot.LambdaCanary25Percent5Minutes exists but routes traffic differently from what its name says; " +
                     "delete it so that OpsBot can create it again.", e.Message);
        Assert.DoesNotContain("CreateDeployment", Operations(handler));
    }

    [Fact]
    public async Task A_plan_codedeploy_cannot_run_or_a_function_without_a_deployment_group_is_not_started()
    {
        var handler = new ScriptedCodeDeploy().Handler();
        var router = Router(handler);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => router.StartAsync(Deployment(plan: DeploymentPlan.BuiltIn["linear"]), default));
        var unconfigured = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            router.StartAsync(Deployment(target: Target with { CodeDeployApplication = null, CodeDeployGroup = null }), default));

        Assert.Equal("CodeDeploy cannot run plan linear (10% → 20% → 50% → 100%): its steps are unequal. Use --engine alias.", refused.Message);
        Assert.Equal("lambda_router:live (prod) has no CodeDeploy application and deployment group configured.", unconfigured.Message);
        Assert.Empty(handler.Sent);
    }

    [Fact]
    public void CannotRun_is_the_config_mapping()
    {
        var router = Router(new RecordingHandler());

        Assert.Null(router.CannotRun(DeploymentPlan.BuiltIn["canary"]));
        Assert.Null(router.CannotRun(DeploymentPlan.BuiltIn["all-at-once"]));
        Assert.Equal("CodeDeploy cannot run plan linear (10% → 20% → 50% → 100%): its steps are unequal. Use --engine alias.",
            router.CannotRun(DeploymentPlan.BuiltIn["linear"]));
    }

    [Fact]
    public async Task FindInProgress_lists_the_groups_unfinished_deployments()
    {
        var codeDeploy = new ScriptedCodeDeploy();
        codeDeploy.Deployments.Add(("d-OLD", "Succeeded", "done"));
        codeDeploy.Deployments.Add(("d-RUNNING", "Baking", "someone's"));
        var handler = codeDeploy.Handler();

        var running = await Router(handler).FindInProgressAsync(Target, default);

        Assert.Equal("d-RUNNING", running);
        JsonAssert.Equal("""
            {"applicationName":"ons-data-platform-lambda-app","deploymentGroupName":"lambda_router-deployment-group",
             "includeOnlyStatuses":["Created","Queued","InProgress","Baking","Ready"]}
            """, handler.Last.Text);
    }

    [Fact]
    public async Task FindInProgress_is_null_when_nothing_runs_or_no_group_is_configured()
    {
        var handler = new ScriptedCodeDeploy().Handler();
        var router = Router(handler);

        Assert.Null(await router.FindInProgressAsync(Target, default));
        Assert.Single(handler.Sent);
        Assert.Null(await router.FindInProgressAsync(Target with { CodeDeployGroup = null }, default));
        Assert.Single(handler.Sent);
    }

    [Theory]
    [InlineData("Created", DelegatedStatus.InProgress)]
    [InlineData("Queued", DelegatedStatus.InProgress)]
    [InlineData("InProgress", DelegatedStatus.InProgress)]
    [InlineData("Baking", DelegatedStatus.InProgress)]
    [InlineData("Ready", DelegatedStatus.InProgress)]
    [InlineData("Succeeded", DelegatedStatus.Succeeded)]
    [InlineData("Failed", DelegatedStatus.Failed)]
    [InlineData("Stopped", DelegatedStatus.Stopped)]
    public async Task Get_maps_codedeploys_status(string status, DelegatedStatus expected)
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, $$$"""{"deploymentInfo":{"deploymentId":"d-1","status":"{{{status}}}"}}""");

        var deployment = await Router(handler).GetAsync(Target, "d-1", default);

        Assert.Equal(new DelegatedDeployment("d-1", expected, expected == DelegatedStatus.Failed ? "no reason given" : null), deployment);
        JsonAssert.Equal("""{"deploymentId":"d-1"}""", handler.Last.Text);
        Assert.Equal("CodeDeploy_20141006.GetDeployment", handler.Last.Header("X-Amz-Target"));
    }

    [Fact]
    public async Task A_failure_or_stop_carries_codedeploys_error_code_and_message()
    {
        var handler = new RecordingHandler()
            .Answer(HttpStatusCode.OK, """{"deploymentInfo":{"deploymentId":"d-1","status":"Failed","errorInformation":{"code":"HOOK_EXECUTION_FAILURE","message":"BeforeAllowTraffic hook failed"}}}""")
            .Answer(HttpStatusCode.OK, """{"deploymentInfo":{"deploymentId":"d-2","status":"Stopped","errorInformation":{"code":"ALARM_ACTIVE","message":"One or more alarms have been activated"}}}""");
        var router = Router(handler);

        Assert.Equal(new DelegatedDeployment("d-1", DelegatedStatus.Failed, "HOOK_EXECUTION_FAILURE: BeforeAllowTraffic hook failed"), await router.GetAsync(Target, "d-1", default));
        Assert.Equal(new DelegatedDeployment("d-2", DelegatedStatus.Stopped, "ALARM_ACTIVE: One or more alarms have been activated"), await router.GetAsync(Target, "d-2", default));
    }

    [Fact]
    public async Task An_unknown_status_or_a_missing_deployment_is_an_error_not_a_guess()
    {
        var handler = new RecordingHandler()
            .Answer(HttpStatusCode.OK, """{"deploymentInfo":{"deploymentId":"d-1","status":"Paused"}}""")
            .Answer(HttpStatusCode.BadRequest, """{"__type":"DeploymentDoesNotExistException","message":"The deployment d-2 could not be found."}""");
        var router = Router(handler);

        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => router.GetAsync(Target, "d-1", default));
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => router.GetAsync(Target, "d-2", default));

        Assert.Equal("CodeDeploy answered status 'Paused' for deployment d-1, which OpsBot does not know.", unknown.Message);
        Assert.Equal("DeploymentDoesNotExistException", missing.Code);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Stop_says_whether_codedeploy_rolls_back(bool rollback)
    {
        var handler = new RecordingHandler().Answer(HttpStatusCode.OK, """{"status":"Pending","statusMessage":"Stopping"}""");

        await Router(handler).StopAsync(Target, "d-1", rollback, default);

        Assert.Equal("CodeDeploy_20141006.StopDeployment", handler.Last.Header("X-Amz-Target"));
        JsonAssert.Equal($$"""{"deploymentId":"d-1","autoRollbackEnabled":{{(rollback ? "true" : "false")}}}""", handler.Last.Text);
    }

    [Fact]
    public async Task Stopping_a_deployment_that_already_completed_is_not_an_error_but_other_failures_are()
    {
        var handler = new RecordingHandler()
            .Answer(HttpStatusCode.BadRequest, """{"__type":"DeploymentAlreadyCompletedException","message":"The deployment d-1 has already completed."}""")
            .Answer(HttpStatusCode.BadRequest, """{"__type":"DeploymentDoesNotExistException","message":"The deployment d-2 could not be found."}""");
        var router = Router(handler);

        await router.StopAsync(Target, "d-1", rollback: true, default);
        var e = await Assert.ThrowsAsync<AwsServiceException>(() => router.StopAsync(Target, "d-2", rollback: true, default));

        Assert.Equal("DeploymentDoesNotExistException", e.Code);
    }

    [Theory]
    [InlineData("OpsBot deployment dep-x: version 5 (opsbot:dep-x)", true)]
    [InlineData("opsbot:dep-x", true)]
    [InlineData("opsbot:dep-x and more", true)]
    [InlineData("opsbot:dep-xy", false)]
    [InlineData("opsbot:dep-x-2 then opsbot:dep-x.", true)]
    [InlineData("deployed by hand", false)]
    [InlineData(null, false)]
    public void The_marker_matches_only_its_own_deployment_id(string? description, bool marked)
    {
        Assert.Equal(marked, CodeDeployRouter.IsMarked(description, "dep-x"));
    }
}
