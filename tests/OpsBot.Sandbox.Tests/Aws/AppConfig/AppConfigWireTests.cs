using System.Text;
using System.Text.Json.Nodes;
using OpsBot.Sandbox.Aws;
using OpsBot.Sandbox.Aws.AppConfig;

namespace OpsBot.Sandbox.Tests.Aws.AppConfig;

/// <summary>AppConfig's restJson1 wire as the emulator speaks it: ids, headers, paging, validation and AppConfig's errors.</summary>
public sealed class AppConfigWireTests : IAsyncLifetime
{
    private EmulatorWorld _world = null!;
    private RawAws _aws = null!;
    private string _app = null!;
    private string _prod = null!;
    private string _flags = null!;

    private string Versions => $"/applications/{_app}/configurationprofiles/{_flags}/hostedconfigurationversions";

    public async Task InitializeAsync()
    {
        _world = await EmulatorWorld.StartAsync();
        _aws = new RawAws(_world.BaseUrl, _world.Time);
        var ids = _world.Get<AppConfigWorld>().Ids(SandboxSeed.AppConfigApplication);
        (_app, _prod, _flags) = (ids.Application, ids.Environments["prod"], ids.Profiles[SandboxSeed.FlagProfile]);
    }

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task The_seed_lists_with_AWS_like_ids_type_filters_and_newest_first_versions()
    {
        var apps = (await Get("/applications")).Json["Items"]!.AsArray();
        Assert.Equal(SandboxSeed.AppConfigApplication, Assert.Single(apps)!["Name"]!.GetValue<string>());
        Assert.Matches("^[a-z0-9]{7}$", _app);
        var environments = (await Get($"/applications/{_app}/environments")).Json["Items"]!.AsArray();
        Assert.Equal(["dev", "prod"], environments.Select(e => e!["Name"]!.GetValue<string>()));
        Assert.All(environments, e => Assert.Equal("READY_FOR_DEPLOYMENT", e!["State"]!.GetValue<string>()));
        var all = (await Get($"/applications/{_app}/configurationprofiles")).Json["Items"]!.AsArray();
        Assert.Equal([SandboxSeed.FlagProfile, AppConfigSeed.SettingsProfile], all.Select(p => p!["Name"]!.GetValue<string>()));
        var flags = Assert.Single((await Get($"/applications/{_app}/configurationprofiles?type=AWS.AppConfig.FeatureFlags")).Json["Items"]!.AsArray())!;
        Assert.Equal((_flags, "hosted", "AWS.AppConfig.FeatureFlags"), (flags["Id"]!.GetValue<string>(), flags["LocationUri"]!.GetValue<string>(), flags["Type"]!.GetValue<string>()));

        var hosted = await Get($"{Versions}/1");
        Assert.Equal((200, "application/json", _app, _flags, "1"),
            (hosted.Status, hosted.Header("Content-Type"), hosted.Header("Application-Id"), hosted.Header("Configuration-Profile-Id"), hosted.Header("Version-Number")));
        var document = JsonNode.Parse(hosted.Body)!;
        Assert.Equal("1", document["version"]!.GetValue<string>());
        Assert.Equal(SandboxSeed.Flags, document["flags"]!.AsObject().Select(f => f.Key));

        await Create("""{"version":"1","flags":{"a":{"name":"A"}},"values":{"a":{"enabled":true}}}""", latest: 1, label: "v2-label");
        var versions = (await Get(Versions)).Json["Items"]!.AsArray();
        Assert.Equal([2, 1], versions.Select(v => v!["VersionNumber"]!.GetValue<int>()));
        Assert.Equal("v2-label", versions[0]!["VersionLabel"]!.GetValue<string>());
        Assert.Equal([2], (await Get($"{Versions}?version_label=v2*")).Json["Items"]!.AsArray().Select(v => v!["VersionNumber"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Lists_page_by_max_results_and_next_token()
    {
        var names = new List<string>();
        string? token = null;
        do
        {
            var page = (await Get("/deploymentstrategies?max_results=1" + (token is null ? "" : $"&next_token={Uri.EscapeDataString(token)}"))).Json;
            names.AddRange(page["Items"]!.AsArray().Select(s => s!["Name"]!.GetValue<string>()));
            token = page["NextToken"]?.GetValue<string>();
        }
        while (token is not null);
        Assert.Equal(["AppConfig.AllAtOnce", "AppConfig.Linear50PercentEvery30Seconds", "AppConfig.Canary10Percent20Minutes", "AppConfig.Linear20PercentEvery6Minutes",
            "OpsBot.Sandbox.Quick"], names);

        var tooMany = await Get("/deploymentstrategies?max_results=51");
        Assert.Equal((400, "BadRequestException"), (tooMany.Status, tooMany.Header("X-Amzn-ErrorType")));
        Assert.Contains("Member must have value less than or equal to 50", tooMany.Json["Message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(400, (await Get("/deploymentstrategies?next_token=garbage")).Status);
    }

    [Fact]
    public async Task The_sandbox_adds_a_custom_quick_strategy_linear_over_one_minute_with_a_one_minute_bake()
    {
        var quick = (await Get("/deploymentstrategies")).Json["Items"]!.AsArray().Single(s => s!["Name"]!.GetValue<string>() == "OpsBot.Sandbox.Quick")!;
        Assert.Matches("^[a-z0-9]{7}$", quick["Id"]!.GetValue<string>());
        Assert.Equal((1, "LINEAR", 20.0, 1, "NONE"), (quick["DeploymentDurationInMinutes"]!.GetValue<int>(), quick["GrowthType"]!.GetValue<string>(),
            quick["GrowthFactor"]!.GetValue<double>(), quick["FinalBakeTimeInMinutes"]!.GetValue<int>(), quick["ReplicateTo"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Creating_a_version_checks_the_lock_the_content_type_and_the_feature_flags_schema()
    {
        var created = await Create("""{"version":"1","flags":{"x":{"name":"X"}},"values":{}}""", latest: 1, description: "mine");
        Assert.Equal((201, "2", "mine"), (created.Status, created.Header("Version-Number"), created.Header("Description")));

        var stale = await Create("""{"version":"1","flags":{}}""", latest: 1);
        Assert.Equal((409, "ConflictException"), (stale.Status, stale.Header("X-Amzn-ErrorType")));
        Assert.Contains("is 2, not 1", stale.Json["Message"]!.GetValue<string>(), StringComparison.Ordinal);

        var noType = await _aws.AppConfigAsync(HttpMethod.Post, Versions, """{"version":"1"}"""u8.ToArray());
        Assert.Equal((400, "BadRequestException"), (noType.Status, noType.Header("X-Amzn-ErrorType")));

        var invalid = await Create("""{"version":2,"flags":{"Bad Key":{"name":"x"},"ok":{"name":"line\nbreak","color":1}},"values":{"ok":{"enabled":"yes"},"ghost":{"enabled":true}},"extra":1}""");
        Assert.Equal((400, "BadRequestException"), (invalid.Status, invalid.Header("X-Amzn-ErrorType")));
        Assert.Equal("InvalidConfiguration", invalid.Json["Reason"]!.GetValue<string>());
        var details = invalid.Json["Details"]!["InvalidConfiguration"]!.AsArray().Select(d => $"{d!["Constraint"]} {d["Location"]}").ToList();
        Assert.Equal(["additionalProperties #", "enum #/version", "pattern #/flags/Bad Key", "additionalProperties #/flags/ok", "pattern #/flags/ok/name",
            "type #/values/ok/enabled", "additionalProperties #/values/ghost"], details);

        var unknownAttribute = await Create("""{"version":"1","flags":{"f":{"attributes":{"pct":{"constraints":{"type":"number","maximum":100,"required":true}}}}},"values":{"f":{"enabled":true,"pct":150}}}""");
        Assert.Equal("maximum #/values/f/pct", unknownAttribute.Json["Details"]!["InvalidConfiguration"]![0] is { } d ? $"{d["Constraint"]} {d["Location"]}" : null);
        Assert.Equal(2, (await Get(Versions)).Json["Items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Deployments_start_201_one_at_a_time_stop_202_and_unknown_ids_are_404_with_the_resource_name()
    {
        var deployments = $"/applications/{_app}/environments/{_prod}/deployments";
        var started = await Post(deployments, """{"DeploymentStrategyId":"AppConfig.Linear50PercentEvery30Seconds","ConfigurationProfileId":"FLAGS","ConfigurationVersion":"1"}""".Replace("FLAGS", _flags, StringComparison.Ordinal));
        Assert.Equal((201, "DEPLOYING", 2), (started.Status, started.Json["State"]!.GetValue<string>(), started.Json["DeploymentNumber"]!.GetValue<int>()));
        Assert.Equal(_world.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            started.Json["StartedAt"]!.GetValue<string>());
        Assert.Equal("DEPLOYMENT_STARTED", started.Json["EventLog"]![0]!["EventType"]!.GetValue<string>());
        Assert.Equal("DEPLOYING", (await Get($"/applications/{_app}/environments")).Json["Items"]![1]!["State"]!.GetValue<string>());

        var busy = await Post(deployments, """{"DeploymentStrategyId":"AppConfig.AllAtOnce","ConfigurationProfileId":"FLAGS","ConfigurationVersion":"1"}""".Replace("FLAGS", _flags, StringComparison.Ordinal));
        Assert.Equal((409, "ConflictException"), (busy.Status, busy.Header("X-Amzn-ErrorType")));

        var listed = (await Get(deployments)).Json["Items"]!.AsArray();
        Assert.Equal([2, 1], listed.Select(d => d!["DeploymentNumber"]!.GetValue<int>()));
        Assert.Equal(_flags, listed[0]!["ConfigurationProfileId"]!.GetValue<string>());

        var stopped = await _aws.AppConfigAsync(HttpMethod.Delete, $"{deployments}/2");
        Assert.Equal((202, "ROLLED_BACK"), (stopped.Status, stopped.Json["State"]!.GetValue<string>()));
        var again = await _aws.AppConfigAsync(HttpMethod.Delete, $"{deployments}/2");
        Assert.Equal((400, "BadRequestException"), (again.Status, again.Header("X-Amzn-ErrorType")));
        var completeWithoutRevert = await _aws.AppConfigAsync(HttpMethod.Delete, $"{deployments}/1");
        Assert.Contains("set Allow-Revert to revert it", completeWithoutRevert.Json["Message"]!.GetValue<string>(), StringComparison.Ordinal);

        var missing = await Get("/applications/zzzzzzz/environments");
        Assert.Equal((404, "ResourceNotFoundException", "zzzzzzz"), (missing.Status, missing.Header("X-Amzn-ErrorType"), missing.Json["ResourceName"]!.GetValue<string>()));
        var noDeployment = await Get($"{deployments}/99");
        Assert.Equal((404, "99"), (noDeployment.Status, noDeployment.Json["ResourceName"]!.GetValue<string>()));
        var noStrategy = await Post(deployments, """{"DeploymentStrategyId":"nope123","ConfigurationProfileId":"FLAGS","ConfigurationVersion":"1"}""".Replace("FLAGS", _flags, StringComparison.Ordinal));
        Assert.Equal((404, "nope123"), (noStrategy.Status, noStrategy.Json["ResourceName"]!.GetValue<string>()));
        Assert.Equal(404, (await Get("/applications/nope/unknown")).Status);
    }

    private Task<RawResponse> Get(string path) => _aws.AppConfigAsync(HttpMethod.Get, path);

    private Task<RawResponse> Post(string path, string json) =>
        _aws.AppConfigAsync(HttpMethod.Post, path, Encoding.UTF8.GetBytes(json), new Dictionary<string, string> { ["Content-Type"] = "application/json" });

    private Task<RawResponse> Create(string content, int? latest = null, string? label = null, string? description = null)
    {
        var headers = new Dictionary<string, string> { ["Content-Type"] = "application/json" };
        if (latest is not null)
            headers["Latest-Version-Number"] = latest.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (label is not null)
            headers["VersionLabel"] = label;
        if (description is not null)
            headers["Description"] = description;
        return _aws.AppConfigAsync(HttpMethod.Post, Versions, Encoding.UTF8.GetBytes(content), headers);
    }
}
