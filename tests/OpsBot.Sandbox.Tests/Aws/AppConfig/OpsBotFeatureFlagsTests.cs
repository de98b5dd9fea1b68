using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpsBot.Core.Ports;
using OpsBot.Sandbox.Aws;
using OpsBot.Sandbox.Aws.AppConfig;

namespace OpsBot.Sandbox.Tests.Aws.AppConfig;

/// <summary>OpsBot's own feature flags (AppConfigFeatureFlags over its AppConfig client), unchanged, against the emulator.</summary>
public sealed class OpsBotFeatureFlagsTests : IAsyncLifetime
{
    private static readonly FlagStore Prod = new(SandboxSeed.AppConfigApplication, "prod", SandboxSeed.FlagProfile);
    private EmulatorWorld _world = null!;

    private IFeatureFlags Flags => _world.OpsBot().GetRequiredService<IFeatureFlags>();

    private AppConfigWorld AppConfig => _world.Get<AppConfigWorld>();

    public async Task InitializeAsync() => _world = await EmulatorWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task OpsBot_reads_the_guides_three_flags_all_disabled_in_version_1()
    {
        var flags = await Flags.ReadAsync(Prod, default);

        Assert.Equal(1, flags.Version);
        Assert.Equal(SandboxSeed.Flags, flags.Flags.Select(f => f.Name));
        Assert.All(flags.Flags, f => Assert.False(f.Enabled));
        Assert.Equal(("Enable new API endpoint", "Serves requests through the new API endpoint instead of the legacy one."),
            (flags.Flags[0].DisplayName, flags.Flags[0].Description));
        var seeded = await Flags.LatestDeploymentAsync(Prod, default);
        Assert.Equal((1, "COMPLETE", 100.0, "1", "AppConfig.AllAtOnce", "Deployment completed"),
            (seeded!.Number, seeded.State, seeded.PercentageComplete, seeded.ConfigurationVersion, seeded.Strategy, seeded.LastEvent));
    }

    [Fact]
    public async Task Enabling_a_flag_creates_version_2_and_its_deployment_grows_bakes_and_completes_with_the_strategy()
    {
        var change = await Flags.SetAsync(Prod, On("enable_new_api_endpoint"), "AppConfig.Canary10Percent20Minutes", "OpsBot: enable the new API endpoint", default);
        Assert.Equal(2, change.Version);
        Assert.Equal((2, "DEPLOYING", 0.0, "2"), (change.Deployment.Number, change.Deployment.State, change.Deployment.PercentageComplete, change.Deployment.ConfigurationVersion));

        // While it deploys, the flags as deployed are still version 1's; version 2 is the latest, and in progress.
        var during = await Flags.ReadAsync(Prod, default);
        Assert.Equal((1, false, 2, true), (during.Version, during.Flags[0].Enabled, during.LatestVersion, during.LatestFlags[0].Enabled));
        Assert.Equal((2, true, "USER"), (during.InProgress!.Number, during.InProgress.IsFlags, during.InProgress.LastEventBy));

        // 20 strategy minutes of a second each, exponential from 10%: a step every 4 s; then 10 s of bake.
        var seen = new List<(string State, double Percent)>();
        for (var second = 0; second < 31; second++)
        {
            _world.Run(TimeSpan.FromSeconds(1));
            var now = await Flags.GetDeploymentAsync(Prod, change.Deployment.Number, default);
            if (seen.Count == 0 || seen[^1] != (now.State, now.PercentageComplete))
                seen.Add((now.State, now.PercentageComplete));
        }
        Assert.Equal([("DEPLOYING", 0), ("DEPLOYING", 10), ("DEPLOYING", 20), ("DEPLOYING", 40), ("DEPLOYING", 80), ("BAKING", 100), ("COMPLETE", 100)], seen);
        var done = await Flags.GetDeploymentAsync(Prod, change.Deployment.Number, default);
        Assert.Equal((EmulatorWorld.DefaultStart.AddSeconds(30), "Deployment completed", "APPCONFIG"), (done.CompletedAt, done.LastEvent, done.LastEventBy));

        var flags = await Flags.ReadAsync(Prod, default);
        Assert.Equal((2, true, null, null), (flags.Version, flags.Flags.Single(f => f.Name == "enable_new_api_endpoint").Enabled, flags.LatestVersion, flags.InProgress));
        Assert.Equal("2", AppConfig.Deployed(SandboxSeed.AppConfigApplication, "prod")[SandboxSeed.FlagProfile]);
        Assert.Equal("1", AppConfig.Deployed(SandboxSeed.AppConfigApplication, "dev")[SandboxSeed.FlagProfile]);
        Assert.Equal(2, (await Flags.LatestDeploymentAsync(Prod, default))!.Number);
    }

    [Fact]
    public async Task An_enable_with_the_sandboxs_quick_strategy_reaches_everyone_in_one_strategy_minute_and_completes_after_one_more()
    {
        var change = await Flags.SetAsync(Prod, [new FlagEdit("enable_new_api_endpoint", From: false, To: true)], "OpsBot.Sandbox.Quick", "quick", default);
        Assert.Equal("DEPLOYING", change.Deployment.State);

        // A strategy minute lasts a second here: 20% more every 0.2 s, then a bake of one minute.
        _world.Run(TimeSpan.FromSeconds(1));
        var baking = await Flags.GetDeploymentAsync(Prod, change.Deployment.Number, default);
        Assert.Equal(("BAKING", 100.0, "Deployment bake time started"), (baking.State, baking.PercentageComplete, baking.LastEvent));
        _world.Run(TimeSpan.FromSeconds(1));
        var done = await Flags.GetDeploymentAsync(Prod, change.Deployment.Number, default);
        Assert.Equal(("COMPLETE", EmulatorWorld.DefaultStart.AddSeconds(2)), (done.State, done.CompletedAt));
        Assert.Equal("2", AppConfig.Deployed(SandboxSeed.AppConfigApplication, "prod")[SandboxSeed.FlagProfile]);
    }

    [Fact]
    public async Task A_version_created_meanwhile_is_a_conflict_that_OpsBot_re_reads_and_re_applies_keeping_both_changes()
    {
        var ids = AppConfig.Ids(SandboxSeed.AppConfigApplication);
        var interfering = new InterferingHandler(() =>
        {
            var document = JsonNode.Parse(AppConfigSeed.FlagsDocument())!;
            document["values"]!["enable_enhanced_processing"]!["enabled"] = true;
            AppConfig.CreateHostedConfigurationVersion(ids.Application, ids.Profiles[SandboxSeed.FlagProfile],
                System.Text.Encoding.UTF8.GetBytes(document.ToJsonString()), "application/json", "someone else", null, null);
        });
        var flags = _world.OpsBot(handler: () => interfering).GetRequiredService<IFeatureFlags>();

        var change = await flags.SetAsync(Prod, On("enable_advanced_monitoring"), "AppConfig.AllAtOnce", "OpsBot", default);

        Assert.Equal([409, 201], interfering.CreateStatuses);
        Assert.Equal(3, change.Version);
        Assert.Equal(("BAKING", 100.0), (change.Deployment.State, change.Deployment.PercentageComplete));
        var baking = await flags.ReadAsync(Prod, default);
        Assert.Equal((1, 3, "BAKING"), (baking.Version, baking.LatestVersion, baking.InProgress?.State));
        Assert.Equal([false, true, true], baking.LatestFlags.Select(f => f.Enabled));
        _world.Run(TimeSpan.FromSeconds(10));
        var now = await flags.ReadAsync(Prod, default);
        Assert.Equal((3, null), (now.Version, now.InProgress));
        Assert.Equal([false, true, true], now.Flags.Select(f => f.Enabled));
    }

    [Fact]
    public async Task A_reverted_change_is_not_redeployed_by_the_next_one_and_a_change_meanwhile_is_refused_before_a_version_is_created()
    {
        var first = await Flags.SetAsync(Prod, On("enable_new_api_endpoint"), "AppConfig.AllAtOnce", "on", default);
        _world.Run(TimeSpan.FromSeconds(10));
        Assert.Equal("COMPLETE", (await Flags.GetDeploymentAsync(Prod, first.Deployment.Number, default)).State);
        Assert.Equal("2", AppConfig.Deployed(SandboxSeed.AppConfigApplication, "prod")[SandboxSeed.FlagProfile]);

        var reverted = await Flags.StopDeploymentAsync(Prod, first.Deployment.Number, revert: true, default);
        Assert.Equal(("REVERTED", "Configuration reverted to version 1", "USER"), (reverted.State, reverted.LastEvent, reverted.LastEventBy));
        Assert.Equal("1", AppConfig.Deployed(SandboxSeed.AppConfigApplication, "prod")[SandboxSeed.FlagProfile]);
        var afterRevert = await Flags.ReadAsync(Prod, default);
        Assert.Equal((1, false, 2, true), (afterRevert.Version, afterRevert.Flags[0].Enabled, afterRevert.LatestVersion, afterRevert.LatestFlags[0].Enabled));

        // Turning the new API on again needs what the person sees deployed: it is off.
        var stale = await Assert.ThrowsAsync<FlagConflictException>(() =>
            Flags.SetAsync(Prod, [new FlagEdit("enable_new_api_endpoint", From: true, To: false)], "AppConfig.AllAtOnce", "off", default));
        Assert.Equal("enable_new_api_endpoint was changed outside OpsBot (it is now off in version 1); nothing was changed.", stale.Message);

        var second = await Flags.SetAsync(Prod, On("enable_enhanced_processing"), "AppConfig.Linear20PercentEvery6Minutes", "processing on", default);
        Assert.Equal(3, second.Version);
        _world.Run(TimeSpan.FromSeconds(7));
        Assert.Equal(("DEPLOYING", 20.0), (await Flags.GetDeploymentAsync(Prod, second.Deployment.Number, default)) is var d ? (d.State, d.PercentageComplete) : default);
        var deploying = await Flags.ReadAsync(Prod, default);
        Assert.Equal((1, 3), (deploying.Version, deploying.LatestVersion));
        Assert.Equal([false, true, false], deploying.LatestFlags.Select(f => f.Enabled)); // version 3 is built on 1, not on the reverted 2

        // One deployment at a time: a change meanwhile is refused before anything is created.
        var busy = await Assert.ThrowsAsync<FlagDeploymentInProgressException>(() =>
            Flags.SetAsync(Prod, On("enable_advanced_monitoring"), "AppConfig.AllAtOnce", "busy", default));
        Assert.Equal((second.Deployment.Number, "DEPLOYING", true), (busy.InProgress.Number, busy.InProgress.State, busy.InProgress.IsFlags));
        Assert.Equal(3, (await Flags.ReadAsync(Prod, default)).LatestVersion);

        var rolledBack = await Flags.StopDeploymentAsync(Prod, second.Deployment.Number, revert: false, default);
        Assert.Equal(("ROLLED_BACK", "Rollback completed"), (rolledBack.State, rolledBack.LastEvent));
        Assert.True(rolledBack.IsFinished);
        Assert.Equal("1", AppConfig.Deployed(SandboxSeed.AppConfigApplication, "prod")[SandboxSeed.FlagProfile]);
        _world.Run(TimeSpan.FromMinutes(1));
        Assert.Equal("ROLLED_BACK", (await Flags.GetDeploymentAsync(Prod, second.Deployment.Number, default)).State);
        Assert.Equal((1, 3, null), (await Flags.ReadAsync(Prod, default)) is var s ? (s.Version, s.LatestVersion, s.InProgress) : default);
    }

    [Fact]
    public async Task A_baking_deployment_stopped_with_allow_revert_rolls_back_and_the_next_change_builds_on_the_deployed_version()
    {
        var baking = await Flags.SetAsync(Prod, On("enable_new_api_endpoint"), "AppConfig.AllAtOnce", "on", default);
        Assert.Equal("BAKING", baking.Deployment.State);

        // AppConfig stops a deployment that is not DEPLOYING only with Allow-Revert.
        var rolledBack = await Flags.StopDeploymentAsync(Prod, baking.Deployment.Number, revert: true, default);
        Assert.Equal("ROLLED_BACK", rolledBack.State);
        var read = await Flags.ReadAsync(Prod, default);
        Assert.Equal((1, false, 2, null), (read.Version, read.Flags[0].Enabled, read.LatestVersion, read.InProgress));

        var next = await Flags.SetAsync(Prod, On("enable_advanced_monitoring"), "AppConfig.AllAtOnce", "monitoring on", default);
        _world.Run(TimeSpan.FromSeconds(10));
        Assert.Equal("COMPLETE", (await Flags.GetDeploymentAsync(Prod, next.Deployment.Number, default)).State);
        var now = await Flags.ReadAsync(Prod, default);
        Assert.Equal((3, null), (now.Version, now.LatestVersion));
        Assert.Equal([false, false, true], now.Flags.Select(f => f.Enabled));
    }

    [Fact]
    public async Task Another_profiles_deployment_is_stopped_only_with_any_profile()
    {
        var ids = AppConfig.Ids(SandboxSeed.AppConfigApplication);
        var settings = AppConfig.StartDeployment(ids.Application, ids.Environments["prod"], "AppConfig.Linear50PercentEvery30Seconds",
            ids.Profiles[AppConfigSeed.SettingsProfile], "1", "settings", null);
        var number = (int)settings["DeploymentNumber"]!;

        var read = await Flags.ReadAsync(Prod, default);
        Assert.Equal((number, false), (read.InProgress!.Number, read.InProgress.IsFlags));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Flags.StopDeploymentAsync(Prod, number, revert: false, default));
        Assert.Equal("DEPLOYING", (string?)AppConfig.GetDeployment(ids.Application, ids.Environments["prod"], number)["State"]);

        var stopped = await Flags.StopDeploymentAsync(Prod, number, revert: false, default, anyProfile: true);
        Assert.Equal(("ROLLED_BACK", false), (stopped.State, stopped.IsFlags));
    }

    private static FlagEdit[] On(string flag) => [new(flag, From: false, To: true)];

    /// <summary>Creates a version behind OpsBot's back just before OpsBot's first create; records the creates' statuses.</summary>
    private sealed class InterferingHandler(Action interfere) : DelegatingHandler
    {
        private bool _done;

        public List<int> CreateStatuses { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var create = request.Method == HttpMethod.Post && request.RequestUri!.AbsolutePath.EndsWith("/hostedconfigurationversions", StringComparison.Ordinal);
            if (create && !_done)
            {
                _done = true;
                interfere();
            }
            var response = await base.SendAsync(request, cancellationToken);
            if (create)
                CreateStatuses.Add((int)response.StatusCode);
            return response;
        }
    }
}
