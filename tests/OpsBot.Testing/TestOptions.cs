using OpsBot.Core.Configuration;
using OpsBot.Core.Ports;
using OpsBot.Core.Deployments;

namespace OpsBot.Testing;

/// <summary>
/// The guide's five functions in dev and prod. Prod gates promotion with four eyes: alice deploys, bob promotes, carol
/// views, dana is an admin. dev has no gates. Metric periods of 60 s judged without lag, polled every 30 s.
/// </summary>
public static class TestOptions
{
    public static readonly string[] Functions =
        ["lambda_router", "structured_data_processor", "rag_query_processor", "influxdb_loader", "timeseries_query_processor"];

    public static OpsBotOptions Create()
    {
        var o = new OpsBotOptions
        {
            Runner = new RunnerOptions
            {
                PollInterval = TimeSpan.FromSeconds(30),
                MetricPeriodSeconds = 60,
                MetricLag = TimeSpan.Zero,
                MaxProviderErrors = 3,
                MaxRollbackAttempts = 3,
            },
            Channels = { new() { Id = "C0DEPLOYS", Environment = "prod" }, new() { Id = "C0DEV", Environment = "dev" } },
        };
        o.Environments["dev"] = Environment("dev", gated: false);
        o.Environments["prod"] = Environment("prod", gated: true);
        return o;
    }

    /// <summary>The SNS topic an environment's alarms come by.</summary>
    public static string AlarmTopic(string environment) =>
        $"arn:aws:sns:{(environment == "prod" ? "us-east-1" : "us-west-2")}:123456789012:opsbot-alarms";

    private static EnvironmentOptions Environment(string name, bool gated)
    {
        var env = new EnvironmentOptions
        {
            Region = "us-east-1",
            Gates = new GateOptions { PromotionApproval = gated, FourEyes = gated, RequiredApprovers = 1 },
            Roles = new RoleOptions
            {
                Viewer = ["slack:*"],
                Deployer = ["slack:U0ALICE"],
                Approver = ["slack:U0BOB"],
                Admin = ["slack:U0DANA"],
            },
            AllowedChannels = gated ? ["C0DEPLOYS"] : [],
            FeatureFlags = new FeatureFlagOptions { Application = "ons-data-platform", Environment = name, Profile = "feature-flags" },
            AlarmTopicArns = [AlarmTopic(name)],
            Incidents = new IncidentOptions { OnCall = gated ? "slack-group:S0ONCALL" : null },
            Probes = { ["influxdb"] = new ProbeOptions { Type = "influxdb", Url = "http://127.0.0.1:8086", Org = "ons", Bucket = "probe" } },
        };
        foreach (var fn in Functions)
        {
            env.Functions[fn] = new FunctionOptions
            {
                Alias = "live",
                Engine = DeploymentEngine.Alias,
                Plan = DeploymentPlan.Canary,
                Channel = gated ? "C0DEPLOYS" : "C0DEV",
                CodeDeploy = new CodeDeployOptions { Application = "ons-data-platform-lambda-app", DeploymentGroup = $"{fn}-deployment-group" },
                Alarms = [$"{fn}-error-rate", $"{fn}-duration"],
                Probes = fn.StartsWith("influxdb", StringComparison.Ordinal) ? ["influxdb"] : [],
            };
        }
        return env;
    }
}
