using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using OpsBot.Aws.AppConfig;
using OpsBot.Aws.Tests.Http;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Tests.AppConfig;

public sealed class AppConfigFeatureFlagsTests
{
    private static readonly FlagStore Store = new("ons-data-platform", "prod", "profile-flags", "us-east-1");

    private readonly FakeAppConfig _aws = new();

    private AppConfigFeatureFlags Flags() =>
        new(new AppConfigClient(TestAws.Transport(_aws.Handler)), NullLogger<AppConfigFeatureFlags>.Instance);

    private static Dictionary<string, bool> Enable(string flag) => new() { [flag] = true };

    /// <summary>The guide's document with the given flags' values set, as AppConfig should now hold it.</summary>
    private static string GuideWith(Action<JsonObject> change)
    {
        var document = JsonNode.Parse(FakeAppConfig.GuideFlags)!.AsObject();
        change(document["values"]!.AsObject());
        return document.ToJsonString();
    }

    [Fact]
    public async Task Reads_the_guides_three_flags_from_the_latest_version()
    {
        _aws.WithVersions("""{"version":"1","flags":{},"values":{}}""", FakeAppConfig.GuideFlags);

        var set = await Flags().ReadAsync(Store, default);

        Assert.Equal(2, set.Version);
        Assert.Equal(
        [
            new FeatureFlag("enable_new_api_endpoint", false, "New API endpoint", "Controls new API functionality"),
            new FeatureFlag("enable_enhanced_processing", true, "Enhanced processing", "Advanced data processing features"),
            new FeatureFlag("enable_advanced_monitoring", false, "Advanced monitoring", "Enhanced monitoring capabilities"),
        ], set.Flags);
        Assert.EndsWith("/hostedconfigurationversions/2", _aws.Handler.Last.Uri.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_are_resolved_once_per_scope_and_ids_are_accepted_too()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);
        var flags = Flags();

        await flags.ReadAsync(Store, default);
        await flags.ReadAsync(Store, default);
        await flags.ReadAsync(new FlagStore(FakeAppConfig.ApplicationId, "e4f5g6h", FakeAppConfig.ProfileId, "us-east-1"), default);
        await flags.ReadAsync(Store with { Region = "eu-west-1" }, default);

        Assert.Equal(3, _aws.Handler.Sent.Count(s => s.Uri.AbsolutePath == "/applications"));
        Assert.Contains(_aws.Handler.Sent, s => s.Uri.Host == "appconfig.eu-west-1.amazonaws.com");
    }

    [Fact]
    public async Task A_profile_without_versions_has_no_flags()
    {
        var set = await Flags().ReadAsync(Store, default);
        Assert.Null(set.Version);
        Assert.Empty(set.Flags);
        Assert.DoesNotContain(_aws.Handler.Sent, s => s.Uri.AbsolutePath.Contains("/hostedconfigurationversions/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_names_are_refused_with_what_exists()
    {
        var flags = Flags();

        var app = await Assert.ThrowsAsync<AppConfigResourceNotFoundException>(() => flags.ReadAsync(Store with { Application = "nope" }, default));
        var env = await Assert.ThrowsAsync<AppConfigResourceNotFoundException>(() => flags.ReadAsync(Store with { Environment = "qa" }, default));
        var profile = await Assert.ThrowsAsync<AppConfigResourceNotFoundException>(() => flags.ReadAsync(Store with { Profile = "flags" }, default));
        var freeform = await Assert.ThrowsAsync<AppConfigResourceNotFoundException>(() => flags.ReadAsync(Store with { Profile = "settings" }, default));

        Assert.Equal("No AppConfig application named 'nope'; there are: ons-data-platform (a1b2c3d), other-app (z9z9z9z).", app.Message);
        Assert.Equal("No AppConfig environment named 'qa' in application 'ons-data-platform'; there are: prod (e4f5g6h), staging (s5s5s5s).", env.Message);
        Assert.Equal("No AppConfig configuration profile named 'flags' in application 'ons-data-platform'; there are: profile-flags (p7q8r9s), settings (f0f0f0f).", profile.Message);
        Assert.Equal("The configuration profile of ons-data-platform/prod/settings is of type AWS.Freeform, not AWS.AppConfig.FeatureFlags.", freeform.Message);
    }

    [Fact]
    public async Task Enabling_a_flag_keeps_the_rest_of_the_document_and_deploys_the_new_version()
    {
        _aws.WithVersions("""{"version":"1","flags":{},"values":{}}""", "{}", FakeAppConfig.GuideFlags);

        var change = await Flags().SetAsync(Store, Enable("enable_new_api_endpoint"), "AppConfig.AllAtOnce", "Enable new API (requested by alice)", default);

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
        Assert.Equal(new FlagChange(4, new FlagDeployment(1, "DEPLOYING", 0, "4", "AppConfig.AllAtOnce",
            new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero), null, "Deployment started")), change);
    }

    [Fact]
    public async Task A_flag_without_a_value_gets_one_and_several_flags_change_in_one_version()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);

        await Flags().SetAsync(Store, new Dictionary<string, bool> { ["enable_advanced_monitoring"] = true, ["enable_enhanced_processing"] = false },
            "AppConfig.AllAtOnce", "monitoring on, processing off", default);

        JsonAssert.Equal(GuideWith(values =>
        {
            values["enable_advanced_monitoring"] = new JsonObject { ["enabled"] = true };
            values["enable_enhanced_processing"]!["enabled"] = false;
        }), Assert.Single(_aws.Creates).Text);
        Assert.Single(_aws.Starts);
    }

    [Fact]
    public async Task A_long_description_is_cut_to_appconfigs_limit()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);

        await Flags().SetAsync(Store, Enable("enable_new_api_endpoint"), "AppConfig.AllAtOnce", new string('d', 1023) + "😀 and more", default);

        Assert.Equal(new string('d', 1023), Assert.Single(_aws.Creates).Header("Description"));
        Assert.Equal(new string('d', 1023), (string?)JsonNode.Parse(Assert.Single(_aws.Starts).Text)!["Description"]);
    }

    [Fact]
    public async Task An_unknown_flag_is_refused_with_the_known_ones_and_nothing_is_created()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);

        var e = await Assert.ThrowsAsync<FlagNotFoundException>(() =>
            Flags().SetAsync(Store, new Dictionary<string, bool> { ["enable_new_api_endpoint"] = true, ["enable_dark_mode"] = true }, "AppConfig.AllAtOnce", "x", default));

        Assert.Equal("ons-data-platform/prod/profile-flags (version 1) does not define the flag 'enable_dark_mode'; " +
                     "it defines: enable_new_api_endpoint, enable_enhanced_processing, enable_advanced_monitoring.", e.Message);
        Assert.Empty(_aws.Creates);
        Assert.Empty(_aws.Starts);
    }

    [Fact]
    public async Task A_concurrent_version_is_reread_and_only_our_change_reapplied()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);
        // Someone else turns processing off and tunes its batch size just before our first create.
        var concurrent = GuideWith(values => values["enable_enhanced_processing"] = new JsonObject { ["enabled"] = false, ["batch_size"] = 100 });
        _aws.BeforeCreate = aws =>
        {
            aws.BeforeCreate = null;
            aws.Versions[2] = concurrent;
        };

        var change = await Flags().SetAsync(Store, Enable("enable_new_api_endpoint"), "AppConfig.AllAtOnce", "enable new api", default);

        Assert.Equal(["1", "2"], _aws.Creates.Select(c => c.Header("Latest-Version-Number")));
        var expected = JsonNode.Parse(concurrent)!;
        expected["values"]!["enable_new_api_endpoint"]!["enabled"] = true;
        JsonAssert.Equal(expected.ToJsonString(), _aws.Versions[3]);
        Assert.Equal(3, change.Version);
        Assert.Equal("3", (string?)JsonNode.Parse(Assert.Single(_aws.Starts).Text)!["ConfigurationVersion"]);
    }

    [Fact]
    public async Task After_three_conflicts_it_gives_up_without_deploying()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);
        _aws.BeforeCreate = aws => aws.Versions[aws.Versions.Keys.Max() + 1] = FakeAppConfig.GuideFlags;

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Flags().SetAsync(Store, Enable("enable_new_api_endpoint"), "AppConfig.AllAtOnce", "x", default));

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
            Flags().SetAsync(Store, Enable("enable_new_api_endpoint"), "AppConfig.AllAtOnce", "x", default));

        Assert.Equal("AppConfig refused the new version of ons-data-platform/prod/profile-flags: Invalid configuration: " +
                     "$.values.enable_enhanced_processing.batch_size must be at most 1000 (constraint maximum)", e.Message);
        Assert.Single(_aws.Creates);
        Assert.Empty(_aws.Starts);
    }

    [Fact]
    public async Task Content_that_is_not_a_flag_document_is_reported()
    {
        _aws.WithVersions("enable_new_api_endpoint: true");
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => Flags().ReadAsync(Store, default));
        Assert.StartsWith("ons-data-platform/prod/profile-flags (version 1) is not an AWS.AppConfig.FeatureFlags document", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_strategy_can_be_named_and_its_id_is_deployed()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);

        var change = await Flags().SetAsync(Store, Enable("enable_new_api_endpoint"), "Canary10Percent5Minutes", "canary", default);

        Assert.Equal("k2k2k2k", (string?)JsonNode.Parse(Assert.Single(_aws.Starts).Text)!["DeploymentStrategyId"]);
        Assert.Equal("k2k2k2k", change.Deployment.Strategy);
    }

    [Fact]
    public async Task An_unknown_strategy_is_refused_with_the_known_ones_before_anything_is_created()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);

        var e = await Assert.ThrowsAsync<AppConfigResourceNotFoundException>(() =>
            Flags().SetAsync(Store, Enable("enable_new_api_endpoint"), "AppConfig.Fast", "x", default));

        Assert.Equal("No AppConfig deployment strategy 'AppConfig.Fast'; there are: AppConfig.AllAtOnce, AppConfig.Linear50PercentEvery30Seconds, " +
                     "Canary10Percent5Minutes (k2k2k2k).", e.Message);
        Assert.Empty(_aws.Creates);
    }

    [Fact]
    public async Task A_deployment_already_running_is_reported_with_the_version_that_was_created()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);
        _aws.ActiveDeployment = 7;
        var flags = Flags();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => flags.SetAsync(Store, Enable("enable_new_api_endpoint"), "AppConfig.AllAtOnce", "x", default));

        Assert.StartsWith("Version 2 of ons-data-platform/prod/profile-flags was created, but AppConfig did not start deploying it: another deployment is in progress",
            e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_latest_deployment_is_the_newest_of_this_profile_with_its_newest_event()
    {
        _aws.AddDeployment(5, FakeAppConfig.ProfileId, "COMPLETE", "2", ("Deployment started", "2026-11-27T08:00:00.000Z"),
            ("Deployment completed", "2026-11-27T08:01:00.000Z"));
        _aws.AddDeployment(6, FakeAppConfig.OtherProfileId, "DEPLOYING", "9");

        var latest = await Flags().LatestDeploymentAsync(Store, default);

        Assert.Equal(new FlagDeployment(5, "COMPLETE", 100, "2", "AppConfig.AllAtOnce", new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 27, 8, 1, 0, TimeSpan.Zero), "Deployment completed"), latest);
        Assert.True(latest!.IsFinished);
    }

    [Fact]
    public async Task Without_deployments_of_this_profile_there_is_no_latest()
    {
        _aws.AddDeployment(6, FakeAppConfig.OtherProfileId, "DEPLOYING", "9");
        Assert.Null(await Flags().LatestDeploymentAsync(Store, default));
    }

    [Fact]
    public async Task A_deployment_is_read_by_number_but_not_one_of_another_profile()
    {
        _aws.AddDeployment(5, FakeAppConfig.ProfileId, "DEPLOYING", "2");
        _aws.AddDeployment(6, FakeAppConfig.OtherProfileId, "DEPLOYING", "9");
        var flags = Flags();

        Assert.Equal("DEPLOYING", (await flags.GetDeploymentAsync(Store, 5, default)).State);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => flags.GetDeploymentAsync(Store, 6, default));
        Assert.Contains("another configuration profile (settings)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_with_revert_reverts_a_completed_deployment()
    {
        _aws.AddDeployment(5, FakeAppConfig.ProfileId, "COMPLETE", "2", ("Deployment completed", "2026-11-27T08:01:00.000Z"));

        var reverted = await Flags().StopDeploymentAsync(Store, 5, revert: true, default);

        var stop = _aws.Handler.Sent.Single(s => s.Method == HttpMethod.Delete);
        Assert.Equal("/applications/a1b2c3d/environments/e4f5g6h/deployments/5", stop.Uri.AbsolutePath);
        Assert.Equal("true", stop.Header("Allow-Revert"));
        Assert.Equal(("REVERTED", "Configuration reverted"), (reverted.State, reverted.LastEvent));
    }

    [Fact]
    public async Task Stopping_without_revert_sends_no_allow_revert_and_never_touches_another_profile()
    {
        _aws.AddDeployment(5, FakeAppConfig.ProfileId, "DEPLOYING", "2");
        _aws.AddDeployment(6, FakeAppConfig.OtherProfileId, "DEPLOYING", "9");
        var flags = Flags();

        var stopped = await flags.StopDeploymentAsync(Store, 5, revert: false, default);
        await Assert.ThrowsAsync<InvalidOperationException>(() => flags.StopDeploymentAsync(Store, 6, revert: true, default));

        var stop = _aws.Handler.Sent.Single(s => s.Method == HttpMethod.Delete);
        Assert.Null(stop.Header("Allow-Revert"));
        Assert.Equal("ROLLED_BACK", stopped.State);
    }
}
