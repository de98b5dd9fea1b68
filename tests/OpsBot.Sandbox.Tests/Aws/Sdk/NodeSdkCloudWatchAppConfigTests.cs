using System.Text.Json.Nodes;
using OpsBot.Sandbox.Aws;
using OpsBot.Sandbox.Aws.AppConfig;
using OpsBot.Sandbox.Aws.CloudWatch;
using OpsBot.Sandbox.Aws.Shared;
using OpsBot.Sandbox.Aws.Traffic;
using OpsBot.Testing;

namespace OpsBot.Sandbox.Tests.Aws.Sdk;

/// <summary>
/// The official AWS SDK for JavaScript v3 (<c>tests/conformance</c>, pinned by its package-lock.json) makes every
/// CloudWatch and AppConfig call OpsBot uses against the emulator (<c>emulator-cloudwatch-appconfig.mjs</c>): each must
/// succeed, or fail as AWS would, and answer what the world holds. If the emulator's wire format were off, the SDK
/// would reject its answers. Needs Node 20+ and npm (<c>npm ci</c> runs when node_modules is missing). The SDK signs
/// with the wall clock, so this world's fake clock starts at the real time.
/// </summary>
public sealed class NodeSdkCloudWatchAppConfigTests : IAsyncLifetime
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);
    private EmulatorWorld _world = null!;
    private DateTimeOffset _start;

    private static string ConformanceDirectory => NodeScripts.Folder("tests", "conformance");

    public async Task InitializeAsync()
    {
        var now = DateTimeOffset.UtcNow;
        _start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(-3);
        _world = await EmulatorWorld.StartAsync(_start);
        _world.Routes.Canary("lambda_router", "5", 0.5);
        _world.Get<TrafficFaults>().Set("lambda_router", "5", 0.3, 900);
        _world.Run(TimeSpan.FromMinutes(3));
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task The_official_JS_SDK_makes_every_call_OpsBot_uses_and_reads_what_the_world_holds()
    {
        var end = _start.AddMinutes(3);
        var stdout = await NodeScripts.RunAsync(ConformanceDirectory, "emulator-cloudwatch-appconfig.mjs", [_world.BaseUrl.ToString().TrimEnd('/'),
            _start.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), end.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)], RunTimeout);
        var r = JsonNode.Parse(stdout)!.AsObject();
        JsonNode Ok(string call)
        {
            Assert.True(r[call]!["ok"]!.GetValue<bool>(), $"{call}: {r[call]!.ToJsonString()}");
            return r[call]!["output"]!;
        }
        (string Name, string Code, int Status) Error(string call)
        {
            Assert.False(r[call]!["ok"]!.GetValue<bool>(), $"{call} should have failed: {r[call]!.ToJsonString()}");
            var e = r[call]!["error"]!;
            return (e["name"]!.GetValue<string>(), e["code"]!.GetValue<string>(), e["status"]!.GetValue<int>());
        }

        // CloudWatch: the canary's three series, as the store holds them.
        var store = _world.Get<MetricStore>();
        var results = Ok("GetMetricData")["MetricDataResults"]!.AsArray();
        Assert.Equal(["q0_invocations", "q0_errors", "q0_duration"], results.Select(x => x!["Id"]!.GetValue<string>()));
        foreach (var (result, metric, stat) in results.Zip([("Invocations", "Sum"), ("Errors", "Sum"), ("Duration", "Average")]).Select(p => (p.First!, p.Second.Item1, p.Second.Item2)))
        {
            var expected = store.Aggregate(MetricKey.Of("AWS/Lambda", metric, LambdaMetrics.VersionDimensions("lambda_router", "live", "5")), null,
                _start.ToUnixTimeSeconds(), end.ToUnixTimeSeconds(), 60);
            Assert.Equal("Complete", result["StatusCode"]!.GetValue<string>());
            Assert.Equal(expected.Select(e => DateTimeOffset.FromUnixTimeSeconds(e.Start)), result["Timestamps"]!.AsArray().Select(t => DateTimeOffset.Parse(t!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(expected.Select(e => e.Stats.Value(stat)), result["Values"]!.AsArray().Select(v => v!.GetValue<double>()));
        }
        Assert.Equal([6000.0, 6000.0, 6000.0], results[0]!["Values"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal([1800.0, 1800.0, 1800.0], results[1]!["Values"]!.AsArray().Select(v => v!.GetValue<double>()));

        var alarms = Ok("DescribeAlarms");
        Assert.Empty(alarms["CompositeAlarms"]!.AsArray());
        var states = _world.Get<SandboxAlarms>().States();
        Assert.Equal([("lambda_router-duration", states["lambda_router-duration"]), ("lambda_router-error-rate", "ALARM")],
            alarms["MetricAlarms"]!.AsArray().Select(a => (a!["AlarmName"]!.GetValue<string>(), a["StateValue"]!.GetValue<string>())));
        Assert.StartsWith("Threshold Crossed: 2 out of the last 2 datapoints", alarms["MetricAlarms"]![1]!["StateReason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(("InvalidParameterValue", 400), Error("GetMetricDataRefused") is var refused ? (refused.Code, refused.Status) : default);

        // AppConfig: the seed by its ids, the version written, the deployments followed.
        var ids = _world.Get<AppConfigWorld>().Ids(SandboxSeed.AppConfigApplication);
        Assert.Equal(ids.Application, Ok("ListApplications")["Items"]![0]!["Id"]!.GetValue<string>());
        Assert.Equal([("dev", ids.Environments["dev"]), ("prod", ids.Environments["prod"])],
            Ok("ListEnvironments")["Items"]!.AsArray().Select(e => (e!["Name"]!.GetValue<string>(), e["Id"]!.GetValue<string>())));
        Assert.Equal([ids.Profiles[SandboxSeed.FlagProfile]], Ok("ListConfigurationProfiles")["Items"]!.AsArray().Select(p => p!["Id"]!.GetValue<string>()));
        Assert.Equal([1], Ok("ListHostedConfigurationVersions")["Items"]!.AsArray().Select(v => v!["VersionNumber"]!.GetValue<int>()));
        var hosted = Ok("GetHostedConfigurationVersion");
        Assert.Equal((1, "application/json"), (hosted["VersionNumber"]!.GetValue<int>(), hosted["ContentType"]!.GetValue<string>()));
        Assert.Equal(SandboxSeed.Flags, JsonNode.Parse(hosted["Content"]!.GetValue<string>())!["flags"]!.AsObject().Select(f => f.Key));
        var created = Ok("CreateHostedConfigurationVersion");
        Assert.Equal((201, 2, "Node SDK: enable the new API endpoint"),
            (r["CreateHostedConfigurationVersion"]!["status"]!.GetValue<int>(), created["VersionNumber"]!.GetValue<int>(), created["Description"]!.GetValue<string>()));
        Assert.Equal(("ConflictException", 409), Error("CreateHostedConfigurationVersionStale") is var stale ? (stale.Name, stale.Status) : default);
        Assert.Equal(("BadRequestException", 400), Error("CreateHostedConfigurationVersionInvalid") is var invalid ? (invalid.Name, invalid.Status) : default);
        Assert.Equal(5, Ok("ListDeploymentStrategies")["Items"]!.AsArray().Count);
        var started = Ok("StartDeployment");
        Assert.Equal((201, 2, "DEPLOYING", "2"), (r["StartDeployment"]!["status"]!.GetValue<int>(), started["DeploymentNumber"]!.GetValue<int>(),
            started["State"]!.GetValue<string>(), started["ConfigurationVersion"]!.GetValue<string>()));
        Assert.Equal(_world.Time.GetUtcNow().ToUnixTimeSeconds(), DateTimeOffset.Parse(started["StartedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds());
        Assert.Equal(("ConflictException", 409), Error("StartDeploymentBusy") is var busy ? (busy.Name, busy.Status) : default);
        Assert.Equal("DEPLOYMENT_STARTED", Ok("GetDeployment")["EventLog"]![0]!["EventType"]!.GetValue<string>());
        Assert.Equal([2, 1], Ok("ListDeployments")["Items"]!.AsArray().Select(d => d!["DeploymentNumber"]!.GetValue<int>()));
        Assert.Equal((202, "ROLLED_BACK"), (r["StopDeployment"]!["status"]!.GetValue<int>(), Ok("StopDeployment")["State"]!.GetValue<string>()));
        var baking = Ok("StartDeploymentBaking");
        Assert.Equal((3, "BAKING"), (baking["DeploymentNumber"]!.GetValue<int>(), baking["State"]!.GetValue<string>()));
        Assert.Equal(("ConflictException", 409), Error("StartDeploymentOtherProfileBusy") is var otherProfile ? (otherProfile.Name, otherProfile.Status) : default);
        Assert.Equal(("BadRequestException", 400), Error("StopDeploymentBaking") is var bakingStop ? (bakingStop.Name, bakingStop.Status) : default);
        Assert.Contains("Allow-Revert", r["StopDeploymentBaking"]!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var bakingRolledBack = Ok("StopDeploymentBakingAllowRevert");
        Assert.Equal((202, "ROLLED_BACK", "ROLLBACK_COMPLETED"), (r["StopDeploymentBakingAllowRevert"]!["status"]!.GetValue<int>(),
            bakingRolledBack["State"]!.GetValue<string>(), bakingRolledBack["EventLog"]![0]!["EventType"]!.GetValue<string>()));
        Assert.Equal("REVERTED", Ok("StopDeploymentRevert")["State"]!.GetValue<string>());
        Assert.Equal(("ResourceNotFoundException", 404), Error("GetDeploymentMissing") is var missing ? (missing.Name, missing.Status) : default);
        Assert.Equal("1", _world.Get<AppConfigWorld>().Deployed(SandboxSeed.AppConfigApplication, "prod")[SandboxSeed.FlagProfile]);
        Assert.Empty(_world.Get<AppConfigWorld>().Deployed(SandboxSeed.AppConfigApplication, "dev"));

        // A wrong secret: 403, CloudWatch's query-compatible code, AppConfig's error type.
        Assert.Equal(("SignatureDoesNotMatch", 403), Error("WrongSecretCloudWatch") is var cw ? (cw.Code, cw.Status) : default);
        Assert.Equal(("InvalidSignatureException", 403), Error("WrongSecretAppConfig") is var ac ? (ac.Name, ac.Status) : default);
    }

}
