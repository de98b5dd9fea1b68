using System.Text.Json;
using System.Text.Json.Nodes;
using OpsBot.Sandbox.Aws.Shared;

namespace OpsBot.Sandbox.Aws.AppConfig;

/// <summary>
/// The seed's AppConfig: application <see cref="SandboxSeed.AppConfigApplication"/> with environments dev and prod, the
/// feature-flag profile <see cref="SandboxSeed.FlagProfile"/> whose version 1 holds the guide's three flags, all off,
/// deployed to both environments, and a freeform profile beside it (so a type filter has something to leave out); prod
/// monitors the router's duration alarm (<see cref="ProdMonitoredAlarm"/>) of its own world; besides AppConfig's
/// predefined strategies, the sandbox's <see cref="DeploymentStrategy.QuickName"/>.
/// </summary>
internal static class AppConfigSeed
{
    /// <summary>The freeform profile beside the flags.</summary>
    public const string SettingsProfile = "service-settings";

    /// <summary>
    /// The alarm prod's environment monitors: a slow router rolls a flag deployment in prod back. (Its error-rate alarm
    /// is what the tests' faulty canaries fire, so it would stop their flag deployments as well.)
    /// </summary>
    public static readonly string ProdMonitoredAlarm = SandboxSeed.DurationAlarm("lambda_router");

    private static readonly IReadOnlyDictionary<string, (string Name, string Description)> FlagTexts = new Dictionary<string, (string, string)>
    {
        ["enable_new_api_endpoint"] = ("Enable new API endpoint", "Serves requests through the new API endpoint instead of the legacy one."),
        ["enable_enhanced_processing"] = ("Enable enhanced processing", "Runs the enhanced structured-data processing pipeline."),
        ["enable_advanced_monitoring"] = ("Enable advanced monitoring", "Publishes detailed per-request monitoring metrics."),
    };

    /// <summary>Version 1 of the flags: every flag of <see cref="SandboxSeed.Flags"/> with its name and description, disabled.</summary>
    public static byte[] FlagsDocument()
    {
        var flags = new JsonObject();
        var values = new JsonObject();
        foreach (var flag in SandboxSeed.Flags)
        {
            var (name, description) = FlagTexts.TryGetValue(flag, out var text) ? text : (flag, "");
            flags[flag] = new JsonObject { ["name"] = name, ["description"] = description };
            values[flag] = new JsonObject { ["enabled"] = false };
        }
        return JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["version"] = "1", ["flags"] = flags, ["values"] = values });
    }

    public static void Seed(AppConfigWorld world, AwsEmulatorOptions options, DateTimeOffset at)
    {
        world.AddStrategy(DeploymentStrategy.SandboxQuick(world.NewId($"strategy:{DeploymentStrategy.QuickName}")));
        var application = world.AddApplication(SandboxSeed.AppConfigApplication, "The guide's data platform (sandbox)");
        var flags = world.AddProfile(application, SandboxSeed.FlagProfile, "Feature flags of the data platform", ConfigurationProfile.FeatureFlagsType);
        var settings = world.AddProfile(application, SettingsProfile, "Free-form service settings", ConfigurationProfile.FreeformType);
        var flagsV1 = world.AddVersion(flags, FlagsDocument(), "application/json", "Initial flags: all disabled", null);
        world.AddVersion(settings, """{"batchSize":100,"timeoutSeconds":30}"""u8.ToArray(), "application/json", "Initial settings", null);
        foreach (var name in SandboxSeed.AppConfigEnvironments)
        {
            var environment = world.AddEnvironment(application, name, $"The {name} environment");
            world.AddCompletedDeployment(environment, flags, flagsV1, DeploymentStrategy.Predefined[0], "Seeded by the sandbox", at);
            if (name == "prod")
                environment.Monitors.Add(new EnvironmentMonitor(AlarmArns.For(options.Region, options.AccountId, ProdMonitoredAlarm), null));
        }
    }
}
