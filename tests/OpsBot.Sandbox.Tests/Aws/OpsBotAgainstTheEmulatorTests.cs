using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Aws;
using OpsBot.Core.Configuration;
using OpsBot.Core.Deployments;
using OpsBot.Core.Ports;
using OpsBot.Sandbox.Aws;
using AliasRoute = OpsBot.Core.Ports.AliasRoute;

namespace OpsBot.Sandbox.Tests.Aws;

/// <summary>
/// OpsBot's own AWS adapter (<c>AddAws</c> with <c>ServiceUrl</c> = the emulator, keys test/test), unchanged, through
/// the Core's ports: the alias engine (LambdaAliasRouter), versions (LambdaFunctionVersions), the codedeploy engine
/// (CodeDeployRouter) and the ops pager (SnsOpsNotifier). The adapter signs on the same fake clock the world runs on.
/// </summary>
public sealed class OpsBotAgainstTheEmulatorTests : AwsEmulatorTestBase
{
    private const string Environment = "sandbox";
    private ServiceProvider _opsBot = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpsBot:Aws:ServiceUrl"] = Server.BaseUrl.ToString(),
            ["OpsBot:Aws:AccessKeyId"] = "test",
            ["OpsBot:Aws:SecretAccessKey"] = "test",
            ["OpsBot:Aws:Region"] = "us-east-1",
            ["OpsBot:Aws:MaxAttempts"] = "1",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.Configure<OpsBotOptions>(o => o.Environments[Environment] = new EnvironmentOptions { Region = "us-east-1", OpsTopicArn = Pages.OpsTopicArn });
        services.AddAws(configuration);
        _opsBot = services.BuildServiceProvider();
    }

    public override async Task DisposeAsync()
    {
        await _opsBot.DisposeAsync();
        await base.DisposeAsync();
    }

    private ITrafficRouter Router => _opsBot.GetRequiredService<ITrafficRouter>();

    private IFunctionVersions Versions => _opsBot.GetRequiredService<IFunctionVersions>();

    private IDelegatedRouter CodeDeployEngine => _opsBot.GetRequiredService<IDelegatedRouter>();

    private static FunctionTarget Target(string function) => new()
    {
        Environment = Environment,
        Function = function,
        Alias = SandboxSeed.Alias,
        Region = "us-east-1",
        CodeDeployApplication = SandboxSeed.CodeDeployApplication,
        CodeDeployGroup = SandboxSeed.DeploymentGroup(function),
    };

    [Fact]
    public async Task The_alias_engine_reads_and_routes_the_alias_and_a_change_in_between_is_an_AliasConflictException()
    {
        var target = Target("lambda_router");
        var read = await Router.ReadAsync(target, default);
        Assert.Equal(("4", null, 0.0), (read.PrimaryVersion, read.AdditionalVersion, read.AdditionalWeight));
        Assert.Equal(Lambda.Alias("lambda_router").RevisionId, read.RevisionId);

        var routed = await Router.RouteAsync(target, AliasRoute.Step("4", "5", 10), read.RevisionId, default);
        Assert.Equal(("4", "5", 0.1), (routed.PrimaryVersion, routed.AdditionalVersion, routed.AdditionalWeight));
        Assert.Equal(("4", "5", 0.1), (Lambda.Alias("lambda_router").FunctionVersion, Lambda.Alias("lambda_router").AdditionalVersion, Lambda.Alias("lambda_router").AdditionalWeight));

        // Someone else moves the alias; OpsBot's next step, guarded by the revision it saw, is refused.
        Lambda.ShiftAlias("lambda_router", "live", "4", null, 0);
        await Assert.ThrowsAsync<AliasConflictException>(() => Router.RouteAsync(target, AliasRoute.Step("4", "5", 50), routed.RevisionId, default));
        Assert.Null(Lambda.Alias("lambda_router").AdditionalVersion);

        var promoted = await Router.RouteAsync(target, AliasRoute.Only("5"), (await Router.ReadAsync(target, default)).RevisionId, default);
        Assert.Equal(("5", null), (promoted.PrimaryVersion, promoted.AdditionalVersion));
        await Assert.ThrowsAsync<FunctionNotFoundException>(() => Router.ReadAsync(Target("nope"), default));
    }

    [Fact]
    public async Task Versions_are_listed_through_every_page_and_published_from_LATEST()
    {
        var target = Target("influxdb_loader");
        Assert.Equal(["1", "2", "3", "4", "5"], await Versions.ListAsync(target, default));
        Assert.Equal("5", await Versions.PublishAsync(target, "nothing new", default));

        Lambda.UploadCode("influxdb_loader");
        Assert.Equal("6", await Versions.PublishAsync(target, "build 42", default));
        for (var i = 0; i < 60; i++)
        {
            Lambda.UploadCode("influxdb_loader");
            Lambda.Publish("influxdb_loader", null, null, null);
        }
        Assert.Equal(Enumerable.Range(1, 66).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), await Versions.ListAsync(target, default));

        // While an upload settles, Lambda refuses to publish (409) and OpsBot says to try again later.
        Lambda.UploadCode("influxdb_loader", settling: TimeSpan.FromSeconds(3));
        var busy = await Assert.ThrowsAnyAsync<Exception>(() => Versions.PublishAsync(target, "too soon", default));
        Assert.Equal("FunctionUpdateInProgressException", busy.GetType().Name);
    }

    [Fact]
    public async Task A_canary_through_CodeDeploy_shifts_over_fake_minutes_until_the_alias_is_on_the_target()
    {
        var deployment = NewDeployment("dep-canary", "timeseries_query_processor", DeploymentPlan.BuiltIn[DeploymentPlan.Canary]);
        var id = await CodeDeployEngine.StartAsync(deployment, default);

        Assert.Equal(id, await CodeDeployEngine.FindInProgressAsync(deployment.Target, default));
        // A start repeated (after a crash) finds the deployment by its description marker instead of starting another.
        Assert.Equal(id, await CodeDeployEngine.StartAsync(deployment, default));
        Assert.Equal(DelegatedStatus.InProgress, (await CodeDeployEngine.GetAsync(deployment.Target, id, default)).Status);

        Tick();
        Assert.Equal(("4", "5", 0.1), Route("timeseries_query_processor"));
        Advance(4 * Minute);
        Assert.Equal(("4", "5", 0.1), Route("timeseries_query_processor"));
        Assert.Equal(DelegatedStatus.InProgress, (await CodeDeployEngine.GetAsync(deployment.Target, id, default)).Status);

        Advance(Minute);
        Assert.Equal(DelegatedStatus.Succeeded, (await CodeDeployEngine.GetAsync(deployment.Target, id, default)).Status);
        Assert.Equal(("5", null, 0.0), Route("timeseries_query_processor"));
        Assert.Null(await CodeDeployEngine.FindInProgressAsync(deployment.Target, default));
        Assert.Equal("CodeDeployDefault.LambdaCanary10Percent5Minutes", CodeDeploy.Get(id).Config.Name);
        Assert.Contains("opsbot:dep-canary", CodeDeploy.Get(id).Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_with_rollback_puts_the_alias_back_and_OpsBot_reads_Stopped_with_the_reason()
    {
        // 10%, 20%, … 100% a minute apart: CodeDeploy's predefined linear configuration.
        var plan = new DeploymentPlan("linear-1", [.. Enumerable.Range(1, 10).Select(i => new PlanStep(i * 10, i < 10 ? TimeSpan.FromMinutes(1) : TimeSpan.Zero))]);
        var deployment = NewDeployment("dep-stop", "structured_data_processor", plan);
        Assert.Null(CodeDeployEngine.CannotRun(deployment.Plan));
        var id = await CodeDeployEngine.StartAsync(deployment, default);
        Tick();
        Advance(Minute);
        Assert.Equal(("4", "5", 0.2), Route("structured_data_processor"));

        await CodeDeployEngine.StopAsync(deployment.Target, id, rollback: true, default);

        Assert.Equal(("4", null, 0.0), Route("structured_data_processor"));
        var stopped = await CodeDeployEngine.GetAsync(deployment.Target, id, default);
        Assert.Equal(DelegatedStatus.Stopped, stopped.Status);
        Assert.StartsWith("MANUAL_STOP: ", stopped.Message, StringComparison.Ordinal);
        // Stopping again is no error for OpsBot: CodeDeploy says it has completed, and the router lets that be.
        await CodeDeployEngine.StopAsync(deployment.Target, id, rollback: true, default);
        Assert.Equal("CodeDeployDefault.LambdaLinear10PercentEvery1Minute", CodeDeploy.Get(id).Config.Name);
    }

    [Fact]
    public async Task A_plan_without_a_predefined_config_runs_under_a_custom_config_OpsBot_creates()
    {
        var plan = new DeploymentPlan("custom", [new(20, TimeSpan.FromMinutes(3)), new(100, TimeSpan.Zero)]);
        var deployment = NewDeployment("dep-custom", "rag_query_processor", plan);

        var id = await CodeDeployEngine.StartAsync(deployment, default);

        var config = CodeDeploy.GetConfig("OpsBot.LambdaCanary20Percent3Minutes");
        Assert.Equal((config.Type, config.Percentage, config.IntervalMinutes), ("TimeBasedCanary", 20, 3));
        Tick();
        Assert.Equal(("4", "5", 0.2), Route("rag_query_processor"));
        Advance(3 * Minute);
        Assert.Equal(DelegatedStatus.Succeeded, (await CodeDeployEngine.GetAsync(deployment.Target, id, default)).Status);

        // The next deployment under the same plan finds the config and does not create it again.
        var back = NewDeployment("dep-custom-2", "rag_query_processor", plan, stable: "5", target: "4");
        var second = await CodeDeployEngine.StartAsync(back, default);
        Tick();
        Advance(3 * Minute);
        Assert.Equal(DelegatedStatus.Succeeded, (await CodeDeployEngine.GetAsync(back.Target, second, default)).Status);
        Assert.Equal(("4", null, 0.0), Route("rag_query_processor"));
    }

    [Fact]
    public async Task A_deployment_whose_stable_version_is_not_the_aliases_fails_and_OpsBot_reads_why()
    {
        var deployment = NewDeployment("dep-wrong", "lambda_router", DeploymentPlan.BuiltIn[DeploymentPlan.AllAtOnce], stable: "3", target: "5");
        var id = await CodeDeployEngine.StartAsync(deployment, default);
        Tick();

        var failed = await CodeDeployEngine.GetAsync(deployment.Target, id, default);
        Assert.Equal(DelegatedStatus.Failed, failed.Status);
        Assert.StartsWith("INVALID_LAMBDA_CONFIGURATION: The alias live of lambda_router points to version 4", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_published_by_OpsBot_lands_in_the_sandbox_pages()
    {
        var notifier = _opsBot.GetRequiredService<IOpsNotifier>();

        await notifier.NotifyAsync(new OpsPage(Environment, "Rollback failed — lambda_router:live", "Version 5 could not be rolled back.", "dep-7"), default);

        var page = Assert.Single(Pages.All());
        Assert.Equal((Pages.OpsTopicArn, "Rollback failed - lambda_router:live", "Version 5 could not be rolled back.\n\nDeployment: dep-7"),
            (page.Topic, page.Subject, page.Message));
        Assert.Equal(new Dictionary<string, string> { ["environment"] = Environment, ["deployment_id"] = "dep-7" }, page.Attributes);
    }

    private (string Primary, string? Additional, double Weight) Route(string function)
    {
        var alias = Lambda.Alias(function);
        return (alias.FunctionVersion, alias.AdditionalVersion, Math.Round(alias.AdditionalWeight, 4));
    }

    private Deployment NewDeployment(string id, string function, DeploymentPlan plan, string stable = "4", string target = "5") => new()
    {
        Id = id,
        Target = Target(function),
        StableVersion = stable,
        TargetVersion = target,
        Engine = DeploymentEngine.CodeDeploy,
        Plan = plan,
        Thresholds = new HealthThresholds(),
        Gates = new GateSettings(),
        RequestedBy = "alice",
        CreatedAt = Time.GetUtcNow(),
    };
}
