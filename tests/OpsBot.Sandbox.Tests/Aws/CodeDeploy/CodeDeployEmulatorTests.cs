using System.Net;
using System.Security.Cryptography;
using System.Text;
using OpsBot.Sandbox.Aws;

namespace OpsBot.Sandbox.Tests.Aws.CodeDeploy;

/// <summary>The CodeDeploy emulator on the wire: deployments moving the alias over (fake) minutes, and the errors as <c>{"__type","message"}</c>.</summary>
public sealed class CodeDeployEmulatorTests : AwsEmulatorTestBase
{
    private const string Fn = "rag_query_processor";
    private static readonly string Group = SandboxSeed.DeploymentGroup(Fn);

    [Fact]
    public async Task A_linear_deployment_shifts_10_percent_more_every_interval_then_succeeds()
    {
        var id = await CreateAsync(config: "CodeDeployDefault.LambdaLinear10PercentEvery1Minute");
        Assert.Equal("Created", await StatusAsync(id));

        Tick();
        Assert.Equal("InProgress", await StatusAsync(id));
        var weights = new List<double> { Lambda.Alias(Fn).AdditionalWeight };
        for (var minute = 1; minute < 9; minute++)
        {
            Advance(Minute);
            weights.Add(Lambda.Alias(Fn).AdditionalWeight);
        }
        Assert.Equal([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], weights.Select(w => Math.Round(w, 2)));
        Assert.Equal("4", Lambda.Alias(Fn).FunctionVersion);

        Advance(Minute);
        var info = (await CodeDeployAsync("GetDeployment", new { deploymentId = id })).Json["deploymentInfo"]!;
        Assert.Equal(("Succeeded", "Lambda", "user"), (info["status"]!.GetValue<string>(), info["computePlatform"]!.GetValue<string>(), info["creator"]!.GetValue<string>()));
        var alias = Lambda.Alias(Fn);
        Assert.Equal(("5", null), (alias.FunctionVersion, alias.AdditionalVersion));
        var created = Time.GetUtcNow() - (9 * Minute);
        Assert.Equal(created.ToUnixTimeSeconds(), info["createTime"]!.GetValue<double>());
        Assert.Equal(created.ToUnixTimeSeconds(), info["startTime"]!.GetValue<double>());
        Assert.Equal(Time.GetUtcNow().ToUnixTimeSeconds(), info["completeTime"]!.GetValue<double>());
        Assert.Equal("AppSpecContent", info["revision"]!["revisionType"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_YAML_AppSpec_with_the_groups_default_canary_waits_its_interval_and_a_missed_tick_is_caught_up()
    {
        var yaml = $"""
            version: 0.0
            Resources:
              - {Fn}:
                  Type: AWS::Lambda::Function
                  Properties:
                    Name: {Fn}
                    Alias: live
                    CurrentVersion: "4"
                    TargetVersion: "5"
            """;
        var answer = await CodeDeployAsync("CreateDeployment", new
        {
            applicationName = SandboxSeed.CodeDeployApplication,
            deploymentGroupName = Group,
            revision = new { revisionType = "AppSpecContent", appSpecContent = new { content = yaml } },
        });
        var id = answer.Json["deploymentId"]!.GetValue<string>();
        Tick();
        Assert.Equal(("4", "5", 0.1), (Lambda.Alias(Fn).FunctionVersion, Lambda.Alias(Fn).AdditionalVersion, Lambda.Alias(Fn).AdditionalWeight));

        Advance(4 * Minute);
        Assert.Equal(0.1, Lambda.Alias(Fn).AdditionalWeight);
        Advance(30 * Minute);
        Assert.Equal("Succeeded", await StatusAsync(id));
        Assert.Equal("CodeDeployDefault.LambdaCanary10Percent5Minutes",
            (await CodeDeployAsync("GetDeployment", new { deploymentId = id })).Json["deploymentInfo"]!["deploymentConfigName"]!.GetValue<string>());
        Assert.Equal("5", Lambda.Alias(Fn).FunctionVersion);
    }

    [Fact]
    public async Task An_AppSpec_whose_CurrentVersion_is_not_the_aliases_fails_the_deployment_and_moves_nothing()
    {
        var id = await CreateAsync(current: "3", target: "5");
        Tick();

        var info = (await CodeDeployAsync("GetDeployment", new { deploymentId = id })).Json["deploymentInfo"]!;
        Assert.Equal("Failed", info["status"]!.GetValue<string>());
        Assert.Equal("INVALID_LAMBDA_CONFIGURATION", info["errorInformation"]!["code"]!.GetValue<string>());
        Assert.Contains("points to version 4, not to the AppSpec's CurrentVersion 3", info["errorInformation"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("4", null), (Lambda.Alias(Fn).FunctionVersion, Lambda.Alias(Fn).AdditionalVersion));
    }

    [Fact]
    public async Task StopDeployment_with_rollback_restores_the_alias_through_a_rollback_deployment()
    {
        var id = await CreateAsync(config: "CodeDeployDefault.LambdaCanary10Percent30Minutes");
        Advance(Minute);
        Assert.Equal(0.1, Lambda.Alias(Fn).AdditionalWeight);

        var stop = await CodeDeployAsync("StopDeployment", new { deploymentId = id, autoRollbackEnabled = true });
        Assert.Equal("Succeeded", stop.Json["status"]!.GetValue<string>());
        Assert.Equal(("4", null), (Lambda.Alias(Fn).FunctionVersion, Lambda.Alias(Fn).AdditionalVersion));

        var info = (await CodeDeployAsync("GetDeployment", new { deploymentId = id })).Json["deploymentInfo"]!;
        Assert.Equal(("Stopped", "MANUAL_STOP"), (info["status"]!.GetValue<string>(), info["errorInformation"]!["code"]!.GetValue<string>()));
        var rollbackId = info["rollbackInfo"]!["rollbackDeploymentId"]!.GetValue<string>();
        var rollback = (await CodeDeployAsync("GetDeployment", new { deploymentId = rollbackId })).Json["deploymentInfo"]!;
        Assert.Equal(("Succeeded", "codeDeployRollback", id),
            (rollback["status"]!.GetValue<string>(), rollback["creator"]!.GetValue<string>(), rollback["rollbackInfo"]!["rollbackTriggeringDeploymentId"]!.GetValue<string>()));

        var again = await CodeDeployAsync("StopDeployment", new { deploymentId = id });
        AssertError(again, "DeploymentAlreadyCompletedException", $"Deployment {id} has already completed.");
    }

    [Fact]
    public async Task StopDeployment_without_rollback_leaves_the_traffic_where_it_is()
    {
        var id = await CreateAsync(config: "CodeDeployDefault.LambdaLinear10PercentEvery1Minute");
        Advance(Minute);
        Advance(Minute);

        await CodeDeployAsync("StopDeployment", new { deploymentId = id, autoRollbackEnabled = false });
        Advance(Minute);

        Assert.Equal("Stopped", await StatusAsync(id));
        Assert.Equal(("4", "5", 0.2), (Lambda.Alias(Fn).FunctionVersion, Lambda.Alias(Fn).AdditionalVersion, Math.Round(Lambda.Alias(Fn).AdditionalWeight, 2)));
    }

    [Fact]
    public async Task A_group_runs_one_deployment_at_a_time()
    {
        var first = await CreateAsync();
        var second = await CodeDeployAsync("CreateDeployment", CreateBody());

        AssertError(second, "DeploymentLimitExceededException", $"The Deployment Group '{Group}' already has an active Deployment '{first}'");
    }

    [Fact]
    public async Task Unknown_ids_names_and_revisions_are_the_models_400_errors()
    {
        AssertError(await CodeDeployAsync("GetDeployment", new { deploymentId = "d-AAAAAAAAA" }), "DeploymentDoesNotExistException");
        AssertError(await CodeDeployAsync("GetDeployment", new { deploymentId = "nonsense" }), "InvalidDeploymentIdException");
        AssertError(await CodeDeployAsync("GetDeployment", new { }), "DeploymentIdRequiredException");
        AssertError(await CodeDeployAsync("StopDeployment", new { deploymentId = "d-AAAAAAAAA" }), "DeploymentDoesNotExistException");
        AssertError(await CodeDeployAsync("GetDeploymentGroup", new { applicationName = "nope", deploymentGroupName = Group }),
            "ApplicationDoesNotExistException", "No application found for name: nope");
        AssertError(await CodeDeployAsync("GetDeploymentGroup", new { applicationName = SandboxSeed.CodeDeployApplication, deploymentGroupName = "nope" }),
            "DeploymentGroupDoesNotExistException");
        AssertError(await CodeDeployAsync("GetDeploymentConfig", new { deploymentConfigName = "nope" }), "DeploymentConfigDoesNotExistException");
        AssertError(await CodeDeployAsync("CreateDeployment", CreateBody(config: "nope")), "DeploymentConfigDoesNotExistException");
        AssertError(await CodeDeployAsync("CreateDeployment", new { applicationName = SandboxSeed.CodeDeployApplication, deploymentGroupName = Group }),
            "RevisionRequiredException");
        var wrongHash = CreateBody();
        ((Dictionary<string, object?>)((Dictionary<string, object?>)wrongHash["revision"]!)["appSpecContent"]!)["sha256"] = new string('0', 64);
        AssertError(await CodeDeployAsync("CreateDeployment", wrongHash), "InvalidRevisionException");
        AssertError(await CodeDeployAsync("ListDeployments", new { applicationName = SandboxSeed.CodeDeployApplication }), "DeploymentGroupNameRequiredException");
        AssertError(await CodeDeployAsync("ListDeployments", new { includeOnlyStatuses = new[] { "Done" } }), "InvalidDeploymentStatusException");
        AssertError(await CodeDeployAsync("ListDeployments", new { nextToken = "garbage" }), "InvalidNextTokenException");
        AssertError(await CodeDeployAsync("DeleteApplication", new { applicationName = "x" }), "UnknownOperationException");
    }

    [Fact]
    public async Task ListDeployments_filters_by_status_and_creation_time_newest_first_a_page_at_a_time()
    {
        CodeDeploy.PageSize = 2;
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await CreateAsync(config: "CodeDeployDefault.LambdaAllAtOnce", current: i % 2 == 0 ? "4" : "5", target: i % 2 == 0 ? "5" : "4"));
            Advance(Minute);
        }
        var running = await CreateAsync(config: "CodeDeployDefault.LambdaCanary10Percent5Minutes");

        var all = new List<string>();
        string? token = null;
        do
        {
            var page = await CodeDeployAsync("ListDeployments", new { applicationName = SandboxSeed.CodeDeployApplication, deploymentGroupName = Group, nextToken = token });
            all.AddRange(page.Json["deployments"]!.AsArray().Select(d => d!.GetValue<string>()));
            token = page.Json["nextToken"]?.GetValue<string>();
        }
        while (token is not null);
        Assert.Equal([running, ids[2], ids[1], ids[0]], all);

        var unfinished = await CodeDeployAsync("ListDeployments", new
        {
            applicationName = SandboxSeed.CodeDeployApplication,
            deploymentGroupName = Group,
            includeOnlyStatuses = new[] { "Created", "Queued", "InProgress", "Baking", "Ready" },
        });
        Assert.Equal([running], unfinished.Json["deployments"]!.AsArray().Select(d => d!.GetValue<string>()));

        var since = Time.GetUtcNow() - Minute;
        var recent = await CodeDeployAsync("ListDeployments", new
        {
            applicationName = SandboxSeed.CodeDeployApplication,
            deploymentGroupName = Group,
            createTimeRange = new { start = since.ToUnixTimeMilliseconds() / 1000.0 },
        });
        Assert.Equal([running, ids[2]], recent.Json["deployments"]!.AsArray().Select(d => d!.GetValue<string>()));

        var group = (await CodeDeployAsync("GetDeploymentGroup", new { applicationName = SandboxSeed.CodeDeployApplication, deploymentGroupName = Group })).Json["deploymentGroupInfo"]!;
        Assert.Equal((ids[2], "Succeeded"), (group["lastSuccessfulDeployment"]!["deploymentId"]!.GetValue<string>(), group["lastSuccessfulDeployment"]!["status"]!.GetValue<string>()));
        Assert.Equal((running, "Created"), (group["lastAttemptedDeployment"]!["deploymentId"]!.GetValue<string>(), group["lastAttemptedDeployment"]!["status"]!.GetValue<string>()));
        Assert.Equal("Lambda", group["computePlatform"]!.GetValue<string>());
        Assert.Equal([$"{Fn}-error-rate", $"{Fn}-duration"], group["alarmConfiguration"]!["alarms"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Deployment_configs_are_predefined_created_and_refused_as_CodeDeploy_does()
    {
        var canary = (await CodeDeployAsync("GetDeploymentConfig", new { deploymentConfigName = "CodeDeployDefault.LambdaCanary10Percent15Minutes" })).Json["deploymentConfigInfo"]!;
        Assert.Equal("""{"type":"TimeBasedCanary","timeBasedCanary":{"canaryPercentage":10,"canaryInterval":15}}""", canary["trafficRoutingConfig"]!.ToJsonString());
        var allAtOnce = (await CodeDeployAsync("GetDeploymentConfig", new { deploymentConfigName = "CodeDeployDefault.LambdaAllAtOnce" })).Json["deploymentConfigInfo"]!;
        Assert.Equal("""{"type":"AllAtOnce"}""", allAtOnce["trafficRoutingConfig"]!.ToJsonString());

        var linear = new
        {
            deploymentConfigName = "Team.Linear25Every2",
            computePlatform = "Lambda",
            trafficRoutingConfig = new { type = "TimeBasedLinear", timeBasedLinear = new { linearPercentage = 25, linearInterval = 2 } },
        };
        var created = await CodeDeployAsync("CreateDeploymentConfig", linear);
        Assert.Equal(HttpStatusCode.OK, created.Status);
        var read = (await CodeDeployAsync("GetDeploymentConfig", new { deploymentConfigName = "Team.Linear25Every2" })).Json["deploymentConfigInfo"]!;
        Assert.Equal(created.Json["deploymentConfigId"]!.GetValue<string>(), read["deploymentConfigId"]!.GetValue<string>());
        Assert.Equal("""{"type":"TimeBasedLinear","timeBasedLinear":{"linearPercentage":25,"linearInterval":2}}""", read["trafficRoutingConfig"]!.ToJsonString());

        AssertError(await CodeDeployAsync("CreateDeploymentConfig", linear), "DeploymentConfigAlreadyExistsException");
        AssertError(await CodeDeployAsync("CreateDeploymentConfig", new
        {
            deploymentConfigName = "Team.Bad",
            computePlatform = "Lambda",
            trafficRoutingConfig = new { type = "TimeBasedCanary", timeBasedCanary = new { canaryPercentage = 100, canaryInterval = 2 } },
        }), "InvalidTrafficRoutingConfigurationException");
        AssertError(await CodeDeployAsync("CreateDeploymentConfig", new { deploymentConfigName = "Team.Server" }), "InvalidComputePlatformException");

        // A deployment under the created configuration: 25% more every 2 minutes.
        var id = await CreateAsync(config: "Team.Linear25Every2");
        Tick();
        Advance(2 * Minute);
        Assert.Equal(0.5, Lambda.Alias(Fn).AdditionalWeight);
        Advance(4 * Minute);
        Assert.Equal("Succeeded", await StatusAsync(id));
    }

    [Fact]
    public async Task The_error_body_is_type_and_message_with_the_awsJson_content_type()
    {
        var answer = await CodeDeployAsync("GetDeployment", new { deploymentId = "d-AAAAAAAAA" });

        Assert.Equal("""{"__type":"DeploymentDoesNotExistException","message":"The deployment d-AAAAAAAAA could not be found."}""", answer.Body);
        Assert.Equal("application/x-amz-json-1.1", answer.Header("Content-Type"));
    }

    private async Task<string> CreateAsync(string current = "4", string target = "5", string? config = null)
    {
        var answer = await CodeDeployAsync("CreateDeployment", CreateBody(current, target, config));
        Assert.True(answer.Status == HttpStatusCode.OK, answer.ToString());
        return answer.Json["deploymentId"]!.GetValue<string>();
    }

    private static Dictionary<string, object?> CreateBody(string current = "4", string target = "5", string? config = null)
    {
        var content = $$$$"""{"version":0.0,"Resources":[{"{{{{Fn}}}}":{"Type":"AWS::Lambda::Function","Properties":{"Name":"{{{{Fn}}}}","Alias":"live","CurrentVersion":"{{{{current}}}}","TargetVersion":"{{{{target}}}}"}}}]}""";
        return new Dictionary<string, object?>
        {
            ["applicationName"] = SandboxSeed.CodeDeployApplication,
            ["deploymentGroupName"] = Group,
            ["revision"] = new Dictionary<string, object?>
            {
                ["revisionType"] = "AppSpecContent",
                ["appSpecContent"] = new Dictionary<string, object?> { ["content"] = content, ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content))) },
            },
            ["deploymentConfigName"] = config,
            ["description"] = "test",
        };
    }

    private async Task<string> StatusAsync(string id) =>
        (await CodeDeployAsync("GetDeployment", new { deploymentId = id })).Json["deploymentInfo"]!["status"]!.GetValue<string>();

    private static void AssertError(Answer answer, string type, string? message = null)
    {
        Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
        Assert.Equal(type, answer.Json["__type"]!.GetValue<string>());
        Assert.NotEmpty(answer.Json["message"]!.GetValue<string>());
        if (message is not null)
            Assert.Equal(message, answer.Json["message"]!.GetValue<string>());
    }
}
