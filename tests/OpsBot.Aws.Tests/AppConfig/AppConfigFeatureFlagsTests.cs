using Microsoft.Extensions.Logging.Abstractions;
using OpsBot.Aws.AppConfig;
using OpsBot.Aws.Tests.Http;
using OpsBot.Core.Ports;

namespace OpsBot.Aws.Tests.AppConfig;

/// <summary>Reading the flags as deployed, following deployments and stopping them. Changes: <see cref="AppConfigFeatureFlagsSetTests"/>.</summary>
public sealed class AppConfigFeatureFlagsTests
{
    private static readonly FlagStore Store = new("ons-data-platform", "prod", "profile-flags", "us-east-1");
    private static readonly DateTimeOffset Started = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private readonly FakeAppConfig _aws = new();

    private AppConfigFeatureFlags Flags() =>
        new(new AppConfigClient(TestAws.Transport(_aws.Handler)), NullLogger<AppConfigFeatureFlags>.Instance);

    private static readonly string NewApiOn = FakeAppConfig.GuideWith(values => values["enable_new_api_endpoint"]!["enabled"] = true);

    [Fact]
    public async Task Never_deployed_it_reads_the_guides_three_flags_from_the_latest_version()
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
        Assert.Equal((null, 0, null), (set.LatestVersion, set.LatestFlags.Count, set.InProgress));
        Assert.EndsWith("/hostedconfigurationversions/2", _aws.Handler.Last.Uri.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task It_reads_the_version_of_the_newest_complete_deployment_and_says_what_the_latest_holds()
    {
        _aws.WithVersions("""{"version":"1","flags":{},"values":{}}""", FakeAppConfig.GuideFlags, NewApiOn);
        _aws.AddDeployment(3, FakeAppConfig.ProfileId, "COMPLETE", "1");
        _aws.AddDeployment(4, FakeAppConfig.ProfileId, "COMPLETE", "2");
        _aws.AddDeployment(5, FakeAppConfig.ProfileId, "REVERTED", "3");
        _aws.AddDeployment(6, FakeAppConfig.OtherProfileId, "COMPLETE", "9");

        var set = await Flags().ReadAsync(Store, default);

        Assert.Equal(2, set.Version);
        Assert.False(set.Flags.Single(f => f.Name == "enable_new_api_endpoint").Enabled);
        Assert.Equal(3, set.LatestVersion);
        Assert.True(set.LatestFlags.Single(f => f.Name == "enable_new_api_endpoint").Enabled);
        Assert.Null(set.InProgress);
    }

    [Fact]
    public async Task The_latest_is_not_repeated_when_it_is_the_deployed_version()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags, NewApiOn);
        _aws.AddDeployment(1, FakeAppConfig.ProfileId, "COMPLETE", "2");

        var set = await Flags().ReadAsync(Store, default);

        Assert.Equal((2, null, 0), (set.Version, set.LatestVersion, set.LatestFlags.Count));
        Assert.Single(_aws.Handler.Sent, s => s.Uri.AbsolutePath.Contains("/hostedconfigurationversions/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deployment_in_progress_of_another_profile_is_reported_as_not_the_flags()
    {
        _aws.WithVersions(FakeAppConfig.GuideFlags);
        _aws.AddDeployment(1, FakeAppConfig.ProfileId, "COMPLETE", "1");
        _aws.AddDeployment(2, FakeAppConfig.OtherProfileId, "DEPLOYING", "9", ("Deployment started", "2026-11-27T08:00:00.000Z"));

        var set = await Flags().ReadAsync(Store, default);

        Assert.Equal(1, set.Version);
        Assert.Equal(new FlagDeployment(2, "DEPLOYING", 0, "9", "AppConfig.AllAtOnce", Started, null, "Deployment started")
            { IsFlags = false, LastEventBy = "USER" }, set.InProgress);
    }

    [Fact]
    public async Task Deployments_are_paged_only_until_the_newest_complete_one_of_the_flags()
    {
        _aws.DeploymentPageSize = 1;
        _aws.WithVersions(FakeAppConfig.GuideFlags, NewApiOn);
        _aws.AddDeployment(1, FakeAppConfig.ProfileId, "COMPLETE", "1");
        _aws.AddDeployment(2, FakeAppConfig.ProfileId, "COMPLETE", "2");
        _aws.AddDeployment(3, FakeAppConfig.OtherProfileId, "COMPLETE", "9");
        _aws.AddDeployment(4, FakeAppConfig.ProfileId, "ROLLED_BACK", "1");

        var set = await Flags().ReadAsync(Store, default);

        Assert.Equal((2, null), (set.Version, set.LatestVersion));
        Assert.Equal(3, _aws.DeploymentLists.Count());
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
    public async Task Content_that_is_not_a_flag_document_is_reported()
    {
        _aws.WithVersions("enable_new_api_endpoint: true");
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => Flags().ReadAsync(Store, default));
        Assert.StartsWith("ons-data-platform/prod/profile-flags (version 1) is not an AWS.AppConfig.FeatureFlags document", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_latest_deployment_is_the_newest_of_this_profile_with_its_newest_event()
    {
        _aws.AddDeployment(5, FakeAppConfig.ProfileId, "COMPLETE", "2", ("Deployment started", "2026-11-27T08:00:00.000Z"),
            ("Deployment completed", "2026-11-27T08:01:00.000Z"));
        _aws.Deployments[5]["EventLog"]![1]!["TriggeredBy"] = "APPCONFIG";
        _aws.AddDeployment(6, FakeAppConfig.OtherProfileId, "DEPLOYING", "9");

        var latest = await Flags().LatestDeploymentAsync(Store, default);

        Assert.Equal(new FlagDeployment(5, "COMPLETE", 100, "2", "AppConfig.AllAtOnce", Started, Started.AddMinutes(1), "Deployment completed")
            { LastEventBy = "APPCONFIG" }, latest);
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
    public async Task Stopping_with_revert_sends_allow_revert_and_reverts_a_completed_deployment()
    {
        _aws.AddDeployment(5, FakeAppConfig.ProfileId, "COMPLETE", "2", ("Deployment completed", "2026-11-27T08:01:00.000Z"));

        var reverted = await Flags().StopDeploymentAsync(Store, 5, revert: true, default);

        var stop = Assert.Single(_aws.Stops);
        Assert.Equal("/applications/a1b2c3d/environments/e4f5g6h/deployments/5", stop.Uri.AbsolutePath);
        Assert.Equal("true", stop.Header("Allow-Revert"));
        Assert.Equal(("REVERTED", "Configuration reverted", "USER", true), (reverted.State, reverted.LastEvent, reverted.LastEventBy, reverted.IsFlags));
    }

    [Fact]
    public async Task Stopping_with_revert_rolls_back_a_baking_deployment()
    {
        _aws.AddDeployment(5, FakeAppConfig.ProfileId, "BAKING", "2");

        var stopped = await Flags().StopDeploymentAsync(Store, 5, revert: true, default);

        Assert.Equal("true", Assert.Single(_aws.Stops).Header("Allow-Revert"));
        Assert.Equal(("ROLLED_BACK", "Rollback completed"), (stopped.State, stopped.LastEvent));
    }

    [Fact]
    public async Task Stopping_without_revert_sends_no_allow_revert()
    {
        _aws.AddDeployment(5, FakeAppConfig.ProfileId, "DEPLOYING", "2");

        var stopped = await Flags().StopDeploymentAsync(Store, 5, revert: false, default);

        Assert.Null(Assert.Single(_aws.Stops).Header("Allow-Revert"));
        Assert.Equal("ROLLED_BACK", stopped.State);
    }

    [Fact]
    public async Task Another_profiles_deployment_is_stopped_only_when_any_profile_is_asked_for()
    {
        _aws.AddDeployment(6, FakeAppConfig.OtherProfileId, "DEPLOYING", "9");
        var flags = Flags();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => flags.StopDeploymentAsync(Store, 6, revert: true, default));
        Assert.Equal("Deployment 6 in ons-data-platform/prod/profile-flags deploys another configuration profile (settings), not the flags.", refused.Message);
        Assert.Empty(_aws.Stops);

        var stopped = await flags.StopDeploymentAsync(Store, 6, revert: false, default, anyProfile: true);

        Assert.Equal(("ROLLED_BACK", false), (stopped.State, stopped.IsFlags));
        Assert.Equal("/applications/a1b2c3d/environments/e4f5g6h/deployments/6", Assert.Single(_aws.Stops).Uri.AbsolutePath);
    }
}
