using System.Text;
using OpsBot.Sandbox.Aws;
using OpsBot.Sandbox.Aws.AppConfig;
using OpsBot.Sandbox.Aws.CloudWatch;
using OpsBot.Sandbox.Aws.Traffic;
using static OpsBot.Sandbox.Tests.Aws.AppConfig.AppConfigDeployments;

namespace OpsBot.Sandbox.Tests.Aws.AppConfig;

/// <summary>
/// An environment's monitors, over the wire: while a deployment is DEPLOYING or BAKING, a monitored CloudWatch alarm of
/// the same world in ALARM rolls it back (ROLLING_BACK, then ROLLED_BACK; the environment keeps its version), logged as
/// triggered by CLOUDWATCH_ALARM; a revert ignores them. The seed has prod monitor the router's duration alarm.
/// </summary>
public sealed class AppConfigMonitorTests : IAsyncLifetime
{
    private const string Alarm = "lambda_router-duration";
    private const string AlarmArn = $"arn:aws:cloudwatch:us-east-1:000000000000:alarm:{Alarm}";
    private EmulatorWorld _world = null!;
    private RawAws _aws = null!;
    private AppConfigDeployments _prod = null!;
    private AppConfigDeployments _dev = null!;
    private string _app = null!;
    private string _flags = null!;
    private string _settings = null!;

    private AppConfigWorld AppConfig => _world.Get<AppConfigWorld>();

    private string ProdFlags => AppConfig.Deployed(SandboxSeed.AppConfigApplication, "prod")[SandboxSeed.FlagProfile];

    public async Task InitializeAsync()
    {
        _world = await EmulatorWorld.StartAsync();
        _aws = new RawAws(_world.BaseUrl, _world.Time);
        var ids = AppConfig.Ids(SandboxSeed.AppConfigApplication);
        (_app, _flags, _settings) = (ids.Application, ids.Profiles[SandboxSeed.FlagProfile], ids.Profiles[AppConfigSeed.SettingsProfile]);
        _prod = new AppConfigDeployments(_aws, _app, ids.Environments["prod"]);
        _dev = new AppConfigDeployments(_aws, _app, ids.Environments["dev"]);
        AppConfig.CreateHostedConfigurationVersion(_app, _flags, Encoding.UTF8.GetBytes("""{"version":"1","flags":{"a":{"name":"A"}},"values":{"a":{"enabled":true}}}"""),
            "application/json", "v2", null, null);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task The_seed_has_prod_monitor_the_routers_duration_alarm_and_dev_monitor_nothing()
    {
        var environments = await EnvironmentsAsync();
        Assert.Equal([AlarmArn], environments["prod"]["Monitors"]!.AsArray().Select(m => m!["AlarmArn"]!.GetValue<string>()));
        Assert.Empty(environments["dev"]["Monitors"]!.AsArray());
    }

    [Fact]
    public async Task A_monitored_alarm_in_ALARM_rolls_back_a_deploying_and_a_baking_deployment_and_the_environment_keeps_its_version()
    {
        // Dev monitors the same alarm of another region's world: nothing this world has, so nothing stops dev.
        AppConfig.SetMonitors(SandboxSeed.AppConfigApplication, "dev", [new EnvironmentMonitor(AlarmArn.Replace("us-east-1", "us-west-2", StringComparison.Ordinal), null)]);
        Assert.Equal(201, (await _prod.StartAsync(_flags, "2", "AppConfig.Linear20PercentEvery6Minutes")).Status);
        Assert.Equal(201, (await _dev.StartAsync(_flags, "2", "AppConfig.Linear20PercentEvery6Minutes")).Status);
        _world.Run(TimeSpan.FromSeconds(5));
        Assert.Equal("DEPLOYING", await _prod.StateAsync(2));

        RunUntilTheAlarmFires();
        var rollingBack = (await _prod.GetAsync(2)).Json;
        Assert.Equal("ROLLING_BACK", State(rollingBack));
        Assert.Equal(("ROLLBACK_STARTED", "CLOUDWATCH_ALARM"), Events(rollingBack)[0]);
        Assert.Equal($"Rollback initiated by CloudWatch alarm {AlarmArn}", rollingBack["EventLog"]![0]!["Description"]!.GetValue<string>());
        Assert.Equal("ROLLING_BACK", (await EnvironmentsAsync())["prod"]["State"]!.GetValue<string>());
        var busy = await _prod.StartAsync(_settings, "1", "AppConfig.AllAtOnce");
        Assert.Equal(409, busy.Status);
        Assert.Contains("is ROLLING_BACK", Message(busy), StringComparison.Ordinal);

        _world.Run(TimeSpan.FromSeconds(1));
        var rolledBack = (await _prod.GetAsync(2)).Json;
        Assert.Equal("ROLLED_BACK", State(rolledBack));
        Assert.Equal([("ROLLBACK_COMPLETED", "APPCONFIG"), ("ROLLBACK_STARTED", "CLOUDWATCH_ALARM")], Events(rolledBack).Take(2));
        Assert.Equal(("1", "ROLLED_BACK"), (ProdFlags, (await EnvironmentsAsync())["prod"]["State"]!.GetValue<string>()));
        Assert.Equal("DEPLOYING", await _dev.StateAsync(2));

        // A deployment that starts while the alarm is in ALARM goes as far as its first tick: AllAtOnce is BAKING at once.
        var baking = (await _prod.StartAsync(_flags, "2", "AppConfig.AllAtOnce")).Json;
        Assert.Equal((3, "BAKING"), (Number(baking), State(baking)));
        _world.Run(TimeSpan.FromSeconds(1));
        Assert.Equal("ROLLING_BACK", await _prod.StateAsync(3));
        _world.Run(TimeSpan.FromSeconds(1));
        var bakedBack = (await _prod.GetAsync(3)).Json;
        Assert.Equal([("ROLLBACK_COMPLETED", "APPCONFIG"), ("ROLLBACK_STARTED", "CLOUDWATCH_ALARM"), ("BAKE_TIME_STARTED", "APPCONFIG"),
            ("PERCENTAGE_UPDATED", "APPCONFIG"), ("DEPLOYMENT_STARTED", "USER")], Events(bakedBack));
        Assert.Equal(("ROLLED_BACK", "1"), (State(bakedBack), ProdFlags));
    }

    [Fact]
    public async Task A_complete_deployment_stays_complete_when_the_alarm_fires_and_a_revert_ignores_the_monitors()
    {
        Assert.Equal(201, (await _prod.StartAsync(_flags, "2", "AppConfig.AllAtOnce")).Status);
        _world.Run(TimeSpan.FromSeconds(10));
        Assert.Equal(("COMPLETE", "2"), (await _prod.StateAsync(2), ProdFlags));

        RunUntilTheAlarmFires();
        _world.Run(TimeSpan.FromSeconds(2));
        Assert.Equal(("COMPLETE", "2"), (await _prod.StateAsync(2), ProdFlags));

        var reverted = await _prod.StopAsync(2, allowRevert: true);
        Assert.Equal((202, "REVERTED"), (reverted.Status, State(reverted.Json)));
        _world.Run(TimeSpan.FromSeconds(2));
        Assert.Equal(("REVERTED", "1"), (await _prod.StateAsync(2), ProdFlags));
        Assert.Equal(("REVERT_COMPLETED", "USER"), Events((await _prod.GetAsync(2)).Json)[0]);
    }

    /// <summary>The router's live version takes 12 s a call until its duration alarm is in ALARM (one 10 s period).</summary>
    private void RunUntilTheAlarmFires()
    {
        _world.Get<TrafficFaults>().Set("lambda_router", SandboxSeed.LiveVersion, null, 12_000);
        for (var second = 0; second < 40 && _world.Get<SandboxAlarms>().States()[Alarm] != "ALARM"; second++)
            _world.Run(TimeSpan.FromSeconds(1));
        Assert.Equal("ALARM", _world.Get<SandboxAlarms>().States()[Alarm]);
    }

    private async Task<IReadOnlyDictionary<string, System.Text.Json.Nodes.JsonNode>> EnvironmentsAsync() =>
        (await _aws.AppConfigAsync(HttpMethod.Get, $"/applications/{_app}/environments")).Json["Items"]!.AsArray()
            .ToDictionary(e => e!["Name"]!.GetValue<string>(), e => e!);
}
