using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using OpsBot.Aws.AppConfig;
using OpsBot.Aws.Tests.Http;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Tests.AppConfig;

/// <summary>Changing flags: built on the deployed version, checked against what the person saw, created under the version lock, deployed.</summary>
public sealed class AppConfigFeatureFlagsSetTests
{
    private static readonly FlagStore Store = new("ons-data-platform", "prod", "profile-flags", "us-east-1");

    private readonly FakeAppConfig _aws = new();

    private AppConfigFeatureFlags Flags() =>
        new(new AppConfigClient(TestAws.Transport(_aws.Handler)), NullLogger<AppConfigFeatureFlags>.Instance);

    private static FlagEdit[] TurnOn(string flag) => [new(flag, From: false, To: true)];

    private static string GuideWith(Action<JsonObject> change) => FakeAppConfig.GuideWith(change);

    [Fact]
    public async Task Enabling_a_flag_keeps_the_rest_of_the_document_and_deploys_the_new_version()
    {
        _aws.WithVersions("""{"version":"1","flags":{},"values":{}}""", "{}", FakeAppConfig.GuideFlags);

        var change = await Flags().SetAsync(Store, TurnOn("enable_new_api_endpoint"), "AppConfig.AllAtOnce", "Enable new API (requested by alice)", default);

        var create = Assert.Single(_aws.Creates);
        Assert.Equal("3", create.Header("Latest-Version-Number"));
        Assert.Equal("application/json", create.Header("Content-Type"));
        Assert.Equal("Enable new API (requested by alice)", create.Header("Description"));
        JsonAssert.Equal(GuideWith(values => values["enable_new_api_endpoint"]!["enabled"] = true), create.Text);
        Assert.Contains("""(contains $userId \"beta-\")""", create.Text, StringComparison.Ordinal); // readable, not \u0022

        var start = Assert.Single(_aws.Starts);
        JsonAssert.Equal("""
            {"DeploymentStrategyId":"AppConfig.AllAtOnce","ConfigurationProfileId":"p7q8r9s","ConfigurationVersion":"4","Description":"Enable new API (requested by alice)"}
            """, start.Text);
        Assert.Equal(new FlagRollout(4, new FlagDeployment(1, "DEPLOYING", 0, "4", "AppConfig.AllAtOnce",
            new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero), null, "Deployment started") { LastEventBy = "USER", Description = "Enable new API (requested by alice)" }), change);
    }

    [Fact]
    public async Task The_change_is_built_on_the_deployed_version_not_on_a_stopped_one_and_names_the_newest_deployment()
    {
        var stopped = GuideWith(values => values["enable_enhanced_processing"]!["enabled"] = false);
        _aws.WithVersions(FakeAppConfig.GuideFlags, stopped);
        _aws.AddDeployment(7, FakeAppConfig.ProfileId, "COMPLETE", "1");
        _aws.AddDeployment(8, FakeAppConfig.ProfileId, "ROLLED_BACK", "2");
        _aws.AddDeployment(9, FakeAppConfig.OtherProfileId, "COMPLETE", "4");

        var change = await Flags().SetAsync(Store, TurnOn("enable_advanced_monitoring"), "AppConfig.AllAtOnce", "monitoring on", default);

        var create = Assert.Single(_aws.Creates);
        Assert.Equal("2", create.Header("Latest-Version-Number"));
        JsonAssert.Equal(GuideWith(values => values["enable_advanced_monitoring"] = new JsonObject { ["enabled"] = true }), create.Text);
        var start = JsonNode.Parse(Assert.Single(_aws.Starts).Text)!;
        Assert.Equal(("3", 9), ((string?)start["ConfigurationVersion"], (int?)start["LatestDeploymentNumber"]));
        Assert.Equal((3, 10), (change.Version, change.Deployment.Number));
    }

    [Fact]
    public async Task Turning_a_flag_off_turns_its_variants_off_and_keeps_their_rules()
    {
        _aws.WithVersions(GuideWith(values => values["enable_new_api_endpoint"]!["enabled"] = true));

        await Flags().SetAsync(Store, [new FlagEdit("enable_new_api_endpoint", From: true, To: false)], "AppConfig.AllAtOnce", "off", default);

        JsonAssert.Equal(GuideWith(values => values["enable_new_api_endpoint"]!["_variants"]![0]!["enabled"] = false), Assert.Single(_aws.Creates).Text);
    }

    [Fact]
    public async Task A_flag_without_a_value_gets_one_and_several_flags_change_in_one_version()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);

        await Flags().SetAsync(Store, [new("enable_advanced_monitoring", false, true), new("enable_enhanced_processing", true, false)],
            "AppConfig.AllAtOnce", "monitoring on, processing off", default);

        JsonAssert.Equal(GuideWith(values =>
        {
            values["enable_advanced_monitoring"] = new JsonObject { ["enabled"] = true };
            values["enable_enhanced_processing"]!["enabled"] = false;
        }), Assert.Single(_aws.Creates).Text);
        Assert.Single(_aws.Starts);
    }

    [Fact]
    public async Task A_named_flag_whose_deployed_value_is_not_the_one_seen_is_a_conflict_and_nothing_is_created()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags, GuideWith(values => values["enable_new_api_endpoint"]!["enabled"] = true));
        _aws.AddDeployment(1, FakeAppConfig.ProfileId, "COMPLETE", "2");

        var e = await Assert.ThrowsAsync<FlagConflictException>(() => Flags().SetAsync(Store,
            [new("enable_new_api_endpoint", From: false, To: true), new("enable_advanced_monitoring", From: false, To: true)], "AppConfig.AllAtOnce", "x", default));

        Assert.Equal("enable_new_api_endpoint was changed outside OpsBot (it is now on in version 2); nothing was changed.", e.Message);
        Assert.Equal([new FlagEdit("enable_new_api_endpoint", false, true)], e.Changed);
        Assert.Empty(_aws.Creates);
        Assert.Empty(_aws.Starts);
    }

    [Fact]
    public async Task Several_conflicts_are_listed_together()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);

        var e = await Assert.ThrowsAsync<FlagConflictException>(() => Flags().SetAsync(Store,
            [new("enable_new_api_endpoint", From: true, To: false), new("enable_enhanced_processing", From: false, To: true)], "AppConfig.AllAtOnce", "x", default));

        Assert.Equal("enable_new_api_endpoint and enable_enhanced_processing were changed outside OpsBot (enable_new_api_endpoint is now off in version 1, " +
                     "enable_enhanced_processing is now on in version 1); nothing was changed.", e.Message);
        Assert.Equal([new FlagEdit("enable_new_api_endpoint", true, false), new FlagEdit("enable_enhanced_processing", false, true)], e.Changed);
    }

    [Fact]
    public async Task A_long_description_is_cut_to_appconfigs_limit()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);

        await Flags().SetAsync(Store, TurnOn("enable_new_api_endpoint"), "AppConfig.AllAtOnce", new string('d', 1023) + "😀 and more", default);

        Assert.Equal(new string('d', 1023), Assert.Single(_aws.Creates).Header("Description"));
        Assert.Equal(new string('d', 1023), (string?)JsonNode.Parse(Assert.Single(_aws.Starts).Text)!["Description"]);
    }

    [Fact]
    public async Task An_unknown_flag_is_refused_with_the_known_ones_and_nothing_is_created()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);

        var e = await Assert.ThrowsAsync<FlagNotFoundException>(() =>
            Flags().SetAsync(Store, [new("enable_new_api_endpoint", false, true), new("enable_dark_mode", false, true)], "AppConfig.AllAtOnce", "x", default));

        Assert.Equal("ons-data-platform/prod/profile-flags (version 1) does not define the flag 'enable_dark_mode'; " +
                     "it defines: enable_new_api_endpoint, enable_enhanced_processing, enable_advanced_monitoring.", e.Message);
        Assert.Empty(_aws.Creates);
        Assert.Empty(_aws.Starts);
    }

    [Fact]
    public async Task A_flag_named_twice_or_no_flag_is_refused()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);

        await Assert.ThrowsAsync<ArgumentException>(() => Flags().SetAsync(Store, [], "AppConfig.AllAtOnce", "x", default));
        await Assert.ThrowsAsync<ArgumentException>(() => Flags().SetAsync(Store,
            [new("enable_new_api_endpoint", false, true), new("enable_new_api_endpoint", true, false)], "AppConfig.AllAtOnce", "x", default));
        Assert.Empty(_aws.Creates);
    }

    [Fact]
    public async Task A_concurrent_change_of_another_flag_is_kept_and_ours_reapplied_on_top()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);
        _aws.AddDeployment(1, FakeAppConfig.ProfileId, "COMPLETE", "1");
        // Someone else turns processing off and tunes its batch size just before our first create.
        var concurrent = GuideWith(values => values["enable_enhanced_processing"] = new JsonObject { ["enabled"] = false, ["batch_size"] = 100 });
        _aws.BeforeCreate = aws =>
        {
            aws.BeforeCreate = null;
            aws.Versions[2] = concurrent;
        };

        var change = await Flags().SetAsync(Store, TurnOn("enable_new_api_endpoint"), "AppConfig.AllAtOnce", "enable new api", default);

        Assert.Equal(["1", "2"], _aws.Creates.Select(c => c.Header("Latest-Version-Number")));
        var expected = JsonNode.Parse(concurrent)!;
        expected["values"]!["enable_new_api_endpoint"]!["enabled"] = true;
        JsonAssert.Equal(expected.ToJsonString(), _aws.Versions[3]);
        Assert.Equal(3, change.Version);
        Assert.Equal(2, change.KeptVersion);
        Assert.Equal("3", (string?)JsonNode.Parse(Assert.Single(_aws.Starts).Text)!["ConfigurationVersion"]);
    }

    [Fact]
    public async Task A_concurrent_change_keeps_a_stopped_change_undone()
    {
        // Deployed: version 1. Version 2 (processing off) was stopped; someone builds version 3 on it, turning monitoring on.
        _aws.WithVersions(FakeAppConfig.GuideFlags, GuideWith(values => values["enable_enhanced_processing"]!["enabled"] = false));
        _aws.AddDeployment(1, FakeAppConfig.ProfileId, "COMPLETE", "1");
        _aws.AddDeployment(2, FakeAppConfig.ProfileId, "ROLLED_BACK", "2");
        _aws.BeforeCreate = aws =>
        {
            aws.BeforeCreate = null;
            aws.Versions[3] = GuideWith(values =>
            {
                values["enable_enhanced_processing"]!["enabled"] = false;
                values["enable_advanced_monitoring"] = new JsonObject { ["enabled"] = true };
            });
        };

        await Flags().SetAsync(Store, TurnOn("enable_new_api_endpoint"), "AppConfig.AllAtOnce", "enable new api", default);

        JsonAssert.Equal(GuideWith(values =>
        {
            values["enable_new_api_endpoint"]!["enabled"] = true;
            values["enable_advanced_monitoring"] = new JsonObject { ["enabled"] = true };
        }), _aws.Versions[4]);
    }

    [Fact]
    public async Task A_concurrent_change_of_a_named_flag_is_a_conflict()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);
        _aws.BeforeCreate = aws =>
        {
            aws.BeforeCreate = null;
            aws.Versions[2] = GuideWith(values => values["enable_new_api_endpoint"]!["enabled"] = true);
        };

        var e = await Assert.ThrowsAsync<FlagConflictException>(() =>
            Flags().SetAsync(Store, TurnOn("enable_new_api_endpoint"), "AppConfig.AllAtOnce", "enable new api", default));

        Assert.Equal("enable_new_api_endpoint was changed outside OpsBot (it is now on in version 2); nothing was changed.", e.Message);
        Assert.Equal([new FlagEdit("enable_new_api_endpoint", false, true)], e.Changed);
        Assert.Single(_aws.Creates);
        Assert.Empty(_aws.Starts);
    }

    [Fact]
    public async Task After_three_conflicts_it_gives_up_without_deploying()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);
        _aws.BeforeCreate = aws => aws.Versions[aws.Versions.Keys.Max() + 1] = FakeAppConfig.GuideFlags;

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Flags().SetAsync(Store, TurnOn("enable_new_api_endpoint"), "AppConfig.AllAtOnce", "x", default));

        Assert.Equal(AppConfigFeatureFlags.MaxAttempts, _aws.Creates.Count());
        Assert.Empty(_aws.Starts);
        Assert.Contains("kept changing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Content_appconfig_rejects_is_reported_with_its_details_and_not_deployed()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);
        _aws.RejectCreate = """
            {"Message":"Invalid configuration","Reason":"InvalidConfiguration",
             "Details":{"InvalidConfiguration":[{"Location":"$.values.enable_enhanced_processing.batch_size","Reason":"must be at most 1000","Constraint":"maximum"}]}}
            """;

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Flags().SetAsync(Store, TurnOn("enable_new_api_endpoint"), "AppConfig.AllAtOnce", "x", default));

        Assert.Equal("AppConfig refused the new version of ons-data-platform/prod/profile-flags: Invalid configuration: " +
                     "$.values.enable_enhanced_processing.batch_size must be at most 1000 (constraint maximum)", e.Message);
        Assert.Single(_aws.Creates);
        Assert.Empty(_aws.Starts);
    }

    [Fact]
    public async Task The_strategy_can_be_named_and_its_id_is_deployed()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);

        var change = await Flags().SetAsync(Store, TurnOn("enable_new_api_endpoint"), "Canary10Percent5Minutes", "canary", default);

        Assert.Equal("k2k2k2k", (string?)JsonNode.Parse(Assert.Single(_aws.Starts).Text)!["DeploymentStrategyId"]);
        Assert.Equal("k2k2k2k", change.Deployment.Strategy);
    }

    [Fact]
    public async Task An_unknown_strategy_is_refused_with_the_known_ones_before_anything_is_read_or_created()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);

        var e = await Assert.ThrowsAsync<AppConfigResourceNotFoundException>(() =>
            Flags().SetAsync(Store, TurnOn("enable_new_api_endpoint"), "AppConfig.Fast", "x", default));

        Assert.Equal("No AppConfig deployment strategy 'AppConfig.Fast'; there are: AppConfig.AllAtOnce, AppConfig.Linear50PercentEvery30Seconds, " +
                     "Canary10Percent5Minutes (k2k2k2k).", e.Message);
        Assert.Empty(_aws.Creates);
        Assert.Empty(_aws.DeploymentLists);
    }

    [Fact]
    public async Task A_deployment_in_progress_is_refused_before_any_version_is_created()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);
        _aws.AddDeployment(1, FakeAppConfig.ProfileId, "COMPLETE", "1");
        _aws.AddDeployment(2, FakeAppConfig.OtherProfileId, "BAKING", "9", ("Deployment bake time started", "2026-11-27T08:05:00.000Z"));

        var e = await Assert.ThrowsAsync<FlagDeploymentInProgressException>(() =>
            Flags().SetAsync(Store, TurnOn("enable_new_api_endpoint"), "AppConfig.AllAtOnce", "x", default));

        Assert.Equal("AppConfig is deploying another configuration profile, settings, (deployment 2, BAKING at 100%) in environment 'prod'; " +
                     "it runs one deployment at a time, so nothing was changed. Try again when it has finished.", e.Message);
        Assert.Equal((2, "BAKING", false), (e.InProgress.Number, e.InProgress.State, e.InProgress.IsFlags));
        Assert.Empty(_aws.Creates);
        Assert.Empty(_aws.Starts);
        Assert.Equal([1], _aws.Versions.Keys);
    }

    [Fact]
    public async Task A_deployment_started_meanwhile_is_reported_with_the_version_that_was_created()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);
        _aws.AddDeployment(1, FakeAppConfig.ProfileId, "COMPLETE", "1");
        _aws.BeforeStart = aws => aws.AddDeployment(2, FakeAppConfig.OtherProfileId, "DEPLOYING", "9");

        var e = await Assert.ThrowsAsync<FlagDeploymentInProgressException>(() =>
            Flags().SetAsync(Store, TurnOn("enable_new_api_endpoint"), "AppConfig.AllAtOnce", "x", default));

        Assert.Equal("Version 2 of ons-data-platform/prod/profile-flags was created, but AppConfig did not start deploying it: another configuration profile, " +
                     "settings, (deployment 2, DEPLOYING at 0%) started meanwhile in environment 'prod'. Deploy version 2 when that is resolved.", e.Message);
        Assert.Equal(2, e.InProgress.Number);
    }

    [Fact]
    public async Task A_deployment_that_started_and_finished_meanwhile_is_reported_as_before()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);
        _aws.AddDeployment(1, FakeAppConfig.ProfileId, "COMPLETE", "1");
        _aws.BeforeStart = aws =>
        {
            aws.BeforeStart = null;
            aws.AddDeployment(2, FakeAppConfig.OtherProfileId, "COMPLETE", "9");
        };

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Flags().SetAsync(Store, TurnOn("enable_new_api_endpoint"), "AppConfig.AllAtOnce", "x", default));

        Assert.Equal(1, (int?)JsonNode.Parse(Assert.Single(_aws.Starts).Text)!["LatestDeploymentNumber"]);
        Assert.StartsWith("Version 2 of ons-data-platform/prod/profile-flags was created, but AppConfig did not start deploying it: another deployment is in progress",
            e.Message, StringComparison.Ordinal);
    }
}
