using System.Text;
using OpsBot.Sandbox.Aws;
using OpsBot.Sandbox.Aws.AppConfig;
using static OpsBot.Sandbox.Tests.Aws.AppConfig.AppConfigDeployments;

namespace OpsBot.Sandbox.Tests.Aws.AppConfig;

/// <summary>
/// AppConfig's rules for starting and stopping deployments, over the wire: one deployment in progress per environment
/// whatever its profile; StopDeployment without Allow-Revert stops only a DEPLOYING one, with it also a BAKING one
/// (both ROLLED_BACK) and reverts a COMPLETE one (REVERTED) when it is its profile's newest there and completed
/// within 72 hours. Every transition is in the event log, newest first, with who triggered it.
/// </summary>
public sealed class AppConfigStopDeploymentTests : IAsyncLifetime
{
    private const string AllAtOnce = "AppConfig.AllAtOnce";
    private const string Linear = "AppConfig.Linear20PercentEvery6Minutes";
    private EmulatorWorld _world = null!;
    private AppConfigDeployments _prod = null!;
    private AppConfigDeployments _dev = null!;
    private string _app = null!;
    private string _prodId = null!;
    private string _flags = null!;
    private string _settings = null!;

    private AppConfigWorld AppConfig => _world.Get<AppConfigWorld>();

    private string ProdFlags => AppConfig.Deployed(SandboxSeed.AppConfigApplication, "prod")[SandboxSeed.FlagProfile];

    public Task InitializeAsync() => StartAsync(null);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task An_environment_takes_one_deployment_at_a_time_whatever_its_profile_while_another_environment_is_free()
    {
        var flags = (await _prod.StartAsync(_flags, "1", Linear)).Json;
        Assert.Equal((2, "DEPLOYING"), (Number(flags), State(flags)));

        var deploying = await _prod.StartAsync(_settings, "1", AllAtOnce);
        Assert.Equal((409, "ConflictException"), (deploying.Status, deploying.Header("X-Amzn-ErrorType")));
        Assert.Equal($"Deployment 2 to environment {_prodId} is DEPLOYING; an environment takes one deployment at a time. Wait for it to finish or stop it.",
            Message(deploying));
        Assert.Equal(201, (await _dev.StartAsync(_settings, "1", AllAtOnce)).Status);

        _world.Run(TimeSpan.FromSeconds(31));
        Assert.Equal("BAKING", await _prod.StateAsync(2));
        var baking = await _prod.StartAsync(_settings, "1", AllAtOnce);
        Assert.Equal(409, baking.Status);
        Assert.Contains("Deployment 2 to environment", Message(baking), StringComparison.Ordinal);
        Assert.Contains("is BAKING", Message(baking), StringComparison.Ordinal);

        Assert.Equal("ROLLED_BACK", State((await _prod.StopAsync(2, allowRevert: true)).Json));
        var settings = await _prod.StartAsync(_settings, "1", AllAtOnce);
        Assert.Equal((201, 3), (settings.Status, Number(settings.Json)));
    }

    [Fact]
    public async Task Without_Allow_Revert_only_a_DEPLOYING_deployment_stops_and_a_BAKING_one_needs_it_both_rolled_back_keeping_the_version()
    {
        CreateFlagsVersion2();
        Assert.Equal(201, (await _prod.StartAsync(_flags, "2", Linear)).Status);
        _world.Run(TimeSpan.FromSeconds(7));
        var stopped = await _prod.StopAsync(2);
        Assert.Equal((202, "ROLLED_BACK"), (stopped.Status, State(stopped.Json)));
        Assert.Equal([("ROLLBACK_COMPLETED", "APPCONFIG"), ("ROLLBACK_STARTED", "USER"), ("PERCENTAGE_UPDATED", "APPCONFIG"), ("DEPLOYMENT_STARTED", "USER")],
            Events(stopped.Json));
        Assert.Equal("1", ProdFlags);

        var baking = (await _prod.StartAsync(_flags, "2", AllAtOnce)).Json;
        Assert.Equal((3, "BAKING"), (Number(baking), State(baking)));
        var refused = await _prod.StopAsync(3);
        Assert.Equal((400, "BadRequestException"), (refused.Status, refused.Header("X-Amzn-ErrorType")));
        Assert.Equal("Deployment 3 is BAKING, and without Allow-Revert only a DEPLOYING deployment can be stopped; set Allow-Revert to roll it back.",
            Message(refused));
        Assert.Equal("BAKING", await _prod.StateAsync(3));

        var rolledBack = await _prod.StopAsync(3, allowRevert: true);
        Assert.Equal((202, "ROLLED_BACK"), (rolledBack.Status, State(rolledBack.Json)));
        Assert.Equal([("ROLLBACK_COMPLETED", "APPCONFIG"), ("ROLLBACK_STARTED", "USER"), ("BAKE_TIME_STARTED", "APPCONFIG"),
            ("PERCENTAGE_UPDATED", "APPCONFIG"), ("DEPLOYMENT_STARTED", "USER")], Events(rolledBack.Json));
        Assert.Equal("1", ProdFlags);
        Assert.Equal("ROLLED_BACK", await EnvironmentStateAsync());
        _world.Run(TimeSpan.FromSeconds(15));
        Assert.Equal(("ROLLED_BACK", "1"), (await _prod.StateAsync(3), ProdFlags));

        // Allow-Revert on a DEPLOYING one rolls it back too; a finished one cannot be stopped again.
        Assert.Equal(201, (await _prod.StartAsync(_flags, "2", Linear)).Status);
        _world.Run(TimeSpan.FromSeconds(3));
        Assert.Equal("ROLLED_BACK", State((await _prod.StopAsync(4, allowRevert: true)).Json));
        var again = await _prod.StopAsync(4, allowRevert: true);
        Assert.Equal((400, "Deployment 4 is already ROLLED_BACK."), (again.Status, Message(again)));
        Assert.Equal("1", ProdFlags);
    }

    [Fact]
    public async Task A_revert_needs_Allow_Revert_the_newest_deployment_of_its_profile_there_and_at_most_72_hours_since_it_completed()
    {
        // A strategy minute of 10 ms: 72 hours are 43.2 s of this world's clock, AllAtOnce's bake 100 ms.
        await _world.DisposeAsync();
        await StartAsync(o => o.MinuteLength = TimeSpan.FromMilliseconds(10));
        CreateFlagsVersion2();
        Assert.Equal(201, (await _prod.StartAsync(_flags, "2", AllAtOnce)).Status);
        _world.Run(TimeSpan.FromSeconds(1));
        Assert.Equal(("COMPLETE", "2"), (await _prod.StateAsync(2), ProdFlags));
        Assert.Equal("Deployment 2 is COMPLETE, so there is nothing to stop; set Allow-Revert to revert it.", Message(await _prod.StopAsync(2)));

        // Another profile's deployment since does not count; the same profile's does.
        Assert.Equal(201, (await _prod.StartAsync(_settings, "1", AllAtOnce)).Status);
        _world.Run(TimeSpan.FromSeconds(1));
        var older = await _prod.StopAsync(1, allowRevert: true);
        Assert.Equal((400, "BadRequestException", "Deployment 1 cannot be reverted: deployment 2 of the same configuration came after it."),
            (older.Status, older.Header("X-Amzn-ErrorType"), Message(older)));

        var reverted = await _prod.StopAsync(2, allowRevert: true);
        Assert.Equal((202, "REVERTED"), (reverted.Status, State(reverted.Json)));
        Assert.Equal([("REVERT_COMPLETED", "USER"), ("DEPLOYMENT_COMPLETED", "APPCONFIG"), ("BAKE_TIME_STARTED", "APPCONFIG"),
            ("PERCENTAGE_UPDATED", "APPCONFIG"), ("DEPLOYMENT_STARTED", "USER")], Events(reverted.Json));
        Assert.Equal("Configuration reverted to version 1", reverted.Json["EventLog"]![0]!["Description"]!.GetValue<string>());
        Assert.Equal(("1", "REVERTED"), (ProdFlags, await EnvironmentStateAsync()));
        Assert.Equal("Deployment 2 is already REVERTED.", Message(await _prod.StopAsync(2, allowRevert: true)));

        // 40 s after completing (under 72 hours of 10 ms minutes) it still reverts; 44 s after, no more.
        Assert.Equal(201, (await _prod.StartAsync(_flags, "2", AllAtOnce)).Status);
        _world.Run(TimeSpan.FromSeconds(41));
        Assert.Equal("REVERTED", State((await _prod.StopAsync(4, allowRevert: true)).Json));
        Assert.Equal(201, (await _prod.StartAsync(_flags, "2", AllAtOnce)).Status);
        _world.Run(TimeSpan.FromSeconds(45));
        var late = await _prod.StopAsync(5, allowRevert: true);
        Assert.Equal((400, "Deployment 5 completed more than 72 hours ago and can no longer be reverted."), (late.Status, Message(late)));
        Assert.Equal(("COMPLETE", "2"), (await _prod.StateAsync(5), ProdFlags));
    }

    private async Task StartAsync(Action<AwsEmulatorOptions>? configure)
    {
        _world = await EmulatorWorld.StartAsync(configure: configure);
        var aws = new RawAws(_world.BaseUrl, _world.Time);
        var ids = AppConfig.Ids(SandboxSeed.AppConfigApplication);
        (_app, _prodId, _flags, _settings) = (ids.Application, ids.Environments["prod"], ids.Profiles[SandboxSeed.FlagProfile], ids.Profiles[AppConfigSeed.SettingsProfile]);
        _prod = new AppConfigDeployments(aws, _app, _prodId);
        _dev = new AppConfigDeployments(aws, _app, ids.Environments["dev"]);
    }

    private void CreateFlagsVersion2() =>
        AppConfig.CreateHostedConfigurationVersion(_app, _flags, Encoding.UTF8.GetBytes("""{"version":"1","flags":{"a":{"name":"A"}},"values":{"a":{"enabled":true}}}"""),
            "application/json", "v2", null, null);

    private async Task<string> EnvironmentStateAsync() =>
        (await new RawAws(_world.BaseUrl, _world.Time).AppConfigAsync(HttpMethod.Get, $"/applications/{_app}/environments")).Json["Items"]!.AsArray()
            .Single(e => e!["Id"]!.GetValue<string>() == _prodId)!["State"]!.GetValue<string>();
}
