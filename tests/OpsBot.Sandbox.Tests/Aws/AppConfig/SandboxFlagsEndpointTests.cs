using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OpsBot.Sandbox.Aws;
using OpsBot.Sandbox.Aws.AppConfig;
using OpsBot.Sandbox.Aws.Traffic;

namespace OpsBot.Sandbox.Tests.Aws.AppConfig;

/// <summary>
/// <c>GET /sandbox/flags</c> over HTTP, mapped as the sandbox maps it (with the faults, over dev's and prod's worlds of
/// one endpoint): each environment's flags as deployed and its deployment in progress, read from the emulator. Prod is
/// driven over AppConfig's wire API, dev through its world; a strategy minute lasts 10 s of the fake clock.
/// </summary>
public sealed class SandboxFlagsEndpointTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private readonly FakeTimeProvider _time = new(EmulatorWorld.DefaultStart);
    private AwsEmulatorServer _server = null!;
    private WebApplication _sandbox = null!;
    private RawAws _prodAws = null!;

    private AppConfigWorld Prod => _server.Worlds.For("us-east-1")!.GetRequiredService<AppConfigWorld>();

    private AppConfigWorld Dev => _server.Worlds.For("us-west-2")!.GetRequiredService<AppConfigWorld>();

    public async Task InitializeAsync()
    {
        _server = new AwsEmulatorServer(configure: o =>
        {
            o.MinuteLength = TimeSpan.FromSeconds(10);
            o.OtherRegions.Add("us-west-2");
        }, time: _time);
        await _server.StartAsync();
        _sandbox = LoopbackApp.CreateBuilder().Build();
        _sandbox.MapSandboxFlags(
        [
            new SandboxEnvironment("dev", "us-west-2", "000000000000", "test", "test", _server.Worlds.For("us-west-2")!),
            new SandboxEnvironment("prod", "us-east-1", "000000000000", "test", "test", _server.Worlds.For("us-east-1")!),
        ]);
        await _sandbox.StartAsync();
        _prodAws = new RawAws(_server.BaseUrl, _time);
    }

    public async Task DisposeAsync()
    {
        await LoopbackApp.StopAsync(_sandbox);
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_seed_has_the_guides_three_flags_off_at_version_1_in_both_environments_and_nothing_deploying()
    {
        var answer = await FlagsAsync();

        var seeded = JsonNode.Parse("""
            {"deployedVersion":1,"flags":[
              {"name":"enable_new_api_endpoint","enabled":false,"description":"Serves requests through the new API endpoint instead of the legacy one."},
              {"name":"enable_enhanced_processing","enabled":false,"description":"Runs the enhanced structured-data processing pipeline."},
              {"name":"enable_advanced_monitoring","enabled":false,"description":"Publishes detailed per-request monitoring metrics."}],
             "deployment":null}
            """);
        Assert.Equal(["dev", "prod"], answer["environments"]!.AsObject().Select(e => e.Key));
        Assert.True(JsonNode.DeepEquals(seeded, answer["environments"]!["prod"]), answer.ToJsonString());
        Assert.True(JsonNode.DeepEquals(seeded, answer["environments"]!["dev"]), answer.ToJsonString());
    }

    [Fact]
    public async Task A_prod_deployment_over_the_wire_shows_in_progress_then_its_flags_once_complete_and_dev_never_moves()
    {
        var ids = Prod.Ids(SandboxSeed.AppConfigApplication);
        var (app, profile) = (ids.Application, ids.Profiles[SandboxSeed.FlagProfile]);
        var created = await _prodAws.AppConfigAsync(HttpMethod.Post, $"/applications/{app}/configurationprofiles/{profile}/hostedconfigurationversions",
            Document(newApi: true), new Dictionary<string, string> { ["Content-Type"] = "application/json" });
        Assert.Equal(201, created.Status);
        var quick = Prod.Strategies.Single(s => s.Name == DeploymentStrategy.QuickName).Id;
        var started = await _prodAws.AppConfigAsync(HttpMethod.Post, $"/applications/{app}/environments/{ids.Environments["prod"]}/deployments",
            Encoding.UTF8.GetBytes(new JsonObject
            {
                ["DeploymentStrategyId"] = quick,
                ["ConfigurationProfileId"] = profile,
                ["ConfigurationVersion"] = "2",
                ["Description"] = "OpsBot flg-1: enable enable_new_api_endpoint",
            }.ToJsonString()), new Dictionary<string, string> { ["Content-Type"] = "application/json" });
        Assert.Equal(201, started.Status);

        // 20% more every 2 s (12 strategy seconds): 4 s in, 40%; prod still serves version 1.
        Run(TimeSpan.FromSeconds(4));
        var deploying = (await FlagsAsync())["environments"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"number":2,"state":"DEPLOYING","percentageComplete":40,"version":2,"description":"OpsBot flg-1: enable enable_new_api_endpoint"}
            """), deploying["prod"]!["deployment"]), deploying.ToJsonString());
        Assert.Equal(1, deploying["prod"]!["deployedVersion"]!.GetValue<int>());
        Assert.Equal([false, false, false], Enabled(deploying["prod"]!));
        Assert.Null(deploying["dev"]!["deployment"]);

        // The rest of the rollout (10 s) and the bake (10 s): baking at 100%, then complete.
        Run(TimeSpan.FromSeconds(7));
        var baking = (await FlagsAsync())["environments"]!["prod"]!;
        Assert.Equal(("BAKING", 100.0, 1), (baking["deployment"]!["state"]!.GetValue<string>(), baking["deployment"]!["percentageComplete"]!.GetValue<double>(),
            baking["deployedVersion"]!.GetValue<int>()));
        Run(TimeSpan.FromSeconds(10));
        var complete = (await FlagsAsync())["environments"]!;
        Assert.Null(complete["prod"]!["deployment"]);
        Assert.Equal(2, complete["prod"]!["deployedVersion"]!.GetValue<int>());
        Assert.Equal([true, false, false], Enabled(complete["prod"]!));
        Assert.Equal(["enable_new_api_endpoint", "enable_enhanced_processing", "enable_advanced_monitoring"],
            complete["prod"]!["flags"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()));
        Assert.Equal(1, complete["dev"]!["deployedVersion"]!.GetValue<int>());
        Assert.Equal([false, false, false], Enabled(complete["dev"]!));
    }

    [Fact]
    public async Task A_dev_change_through_its_world_bakes_completes_and_a_revert_puts_the_earlier_version_back()
    {
        var ids = Dev.Ids(SandboxSeed.AppConfigApplication);
        var (app, profile, env) = (ids.Application, ids.Profiles[SandboxSeed.FlagProfile], ids.Environments["dev"]);
        Dev.CreateHostedConfigurationVersion(app, profile, Document(enhanced: true, monitoring: true), "application/json", "v2", null, null);
        Dev.StartDeployment(app, env, "AppConfig.AllAtOnce", profile, "2", "OpsBot flg-7", null);

        var baking = (await FlagsAsync())["environments"]!["dev"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"number":2,"state":"BAKING","percentageComplete":100,"version":2,"description":"OpsBot flg-7"}"""),
            baking["deployment"]), baking.ToJsonString());
        Assert.Equal([false, false, false], Enabled(baking));

        Run(TimeSpan.FromMinutes(2)); // the all-at-once strategy's 10-minute bake
        var complete = (await FlagsAsync())["environments"]!;
        Assert.Null(complete["dev"]!["deployment"]);
        Assert.Equal(2, complete["dev"]!["deployedVersion"]!.GetValue<int>());
        Assert.Equal([false, true, true], Enabled(complete["dev"]!));
        Assert.Equal([false, false, false], Enabled(complete["prod"]!));

        Dev.StopDeployment(app, env, 2, allowRevert: true);
        var reverted = (await FlagsAsync())["environments"]!["dev"]!;
        Assert.Equal(1, reverted["deployedVersion"]!.GetValue<int>());
        Assert.Equal([false, false, false], Enabled(reverted));
        Assert.Null(reverted["deployment"]);
    }

    private async Task<JsonObject> FlagsAsync()
    {
        using var response = await Http.GetAsync(new Uri(_sandbox.BaseUrl(), "sandbox/flags"));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>Moves the fake clock on a second at a time, moving both worlds' AppConfig deployments with it.</summary>
    private void Run(TimeSpan span)
    {
        for (var left = span; left > TimeSpan.Zero; left -= TimeSpan.FromSeconds(1))
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Prod.Advance(_time.GetUtcNow());
            Dev.Advance(_time.GetUtcNow());
        }
    }

    private static bool[] Enabled(JsonNode environment) => [.. environment["flags"]!.AsArray().Select(f => f!["enabled"]!.GetValue<bool>())];

    /// <summary>The seed's flags document with the named flags on.</summary>
    private static byte[] Document(bool newApi = false, bool enhanced = false, bool monitoring = false)
    {
        var document = JsonNode.Parse(AppConfigSeed.FlagsDocument())!;
        document["values"]!["enable_new_api_endpoint"]!["enabled"] = newApi;
        document["values"]!["enable_enhanced_processing"]!["enabled"] = enhanced;
        document["values"]!["enable_advanced_monitoring"]!["enabled"] = monitoring;
        return Encoding.UTF8.GetBytes(document.ToJsonString());
    }
}
