// The official AWS SDK for JavaScript v3 against OpsBot's sandbox AWS endpoint: every CloudWatch and AppConfig call
// OpsBot makes, with the official clients, printed as one JSON object on stdout (tests/OpsBot.Sandbox.Tests runs it and
// checks each answer against the emulated world). A call that fails is recorded, not thrown.
//
//   node emulator-cloudwatch-appconfig.mjs <endpoint> <startEpochSeconds> <endEpochSeconds>
import {
  CloudWatchClient, GetMetricDataCommand, DescribeAlarmsCommand,
} from "@aws-sdk/client-cloudwatch";
import {
  AppConfigClient, ListApplicationsCommand, ListEnvironmentsCommand, ListConfigurationProfilesCommand,
  ListHostedConfigurationVersionsCommand, GetHostedConfigurationVersionCommand, CreateHostedConfigurationVersionCommand,
  StartDeploymentCommand, GetDeploymentCommand, StopDeploymentCommand, ListDeploymentsCommand, ListDeploymentStrategiesCommand,
} from "@aws-sdk/client-appconfig";

const [endpoint, startArg, endArg] = process.argv.slice(2);
if (!endpoint || !startArg || !endArg) {
  console.error("usage: node emulator-cloudwatch-appconfig.mjs <endpoint> <startEpochSeconds> <endEpochSeconds>");
  process.exit(2);
}
const config = (secret) => ({
  region: "us-east-1",
  endpoint,
  credentials: { accessKeyId: "test", secretAccessKey: secret },
  maxAttempts: 1,
});
const cloudwatch = new CloudWatchClient(config("test"));
const appconfig = new AppConfigClient(config("test"));
const results = {};

/** Sends one command; records {ok, status, output} or {ok:false, error}; returns the output or null. */
async function call(name, client, command) {
  try {
    const { $metadata, ...output } = await client.send(command);
    results[name] = { ok: true, status: $metadata.httpStatusCode, output: plain(output) };
    return output;
  } catch (e) {
    results[name] = {
      ok: false,
      error: { name: e.name, code: e.Code ?? e.name, message: e.message, status: e.$metadata?.httpStatusCode },
    };
    return null;
  }
}

/** Dates as ISO-8601, blobs as text. */
const plain = (value) => JSON.parse(JSON.stringify(value, function replacer(key, v) {
  const raw = this[key];
  return raw instanceof Uint8Array ? Buffer.from(raw).toString("utf8") : v;
}));

const fn = "lambda_router";
const dimensions = (version) => [
  { Name: "FunctionName", Value: fn },
  { Name: "Resource", Value: `${fn}:live` },
  { Name: "ExecutedVersion", Value: version },
];
const stat = (id, metric, statistic, version) => ({
  Id: id,
  MetricStat: { Metric: { Namespace: "AWS/Lambda", MetricName: metric, Dimensions: dimensions(version) }, Period: 60, Stat: statistic },
  ReturnData: true,
});

// ---- CloudWatch: what CloudWatchMetricsSource and CloudWatchAlarmSource send.
await call("GetMetricData", cloudwatch, new GetMetricDataCommand({
  MetricDataQueries: [
    stat("q0_invocations", "Invocations", "Sum", "5"),
    stat("q0_errors", "Errors", "Sum", "5"),
    stat("q0_duration", "Duration", "Average", "5"),
  ],
  StartTime: new Date(Number(startArg) * 1000),
  EndTime: new Date(Number(endArg) * 1000),
  ScanBy: "TimestampAscending",
}));
await call("DescribeAlarms", cloudwatch, new DescribeAlarmsCommand({
  AlarmNames: [`${fn}-error-rate`, `${fn}-duration`, "no-such-alarm"],
  AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
  MaxRecords: 100,
}));
await call("GetMetricDataRefused", cloudwatch, new GetMetricDataCommand({
  MetricDataQueries: [{ Id: "m", Expression: "METRICS()" }],
  StartTime: new Date(Number(startArg) * 1000),
  EndTime: new Date(Number(endArg) * 1000),
}));

// ---- AppConfig: what AppConfigFeatureFlags sends to read the flags, change one and follow the deployment.
const apps = await call("ListApplications", appconfig, new ListApplicationsCommand({ MaxResults: 50 }));
const app = apps?.Items?.find((a) => a.Name === "ons-data-platform");
const environments = await call("ListEnvironments", appconfig, new ListEnvironmentsCommand({ ApplicationId: app?.Id, MaxResults: 50 }));
const prod = environments?.Items?.find((e) => e.Name === "prod");
const dev = environments?.Items?.find((e) => e.Name === "dev");
const profiles = await call("ListConfigurationProfiles", appconfig, new ListConfigurationProfilesCommand({
  ApplicationId: app?.Id, Type: "AWS.AppConfig.FeatureFlags", MaxResults: 50,
}));
const profile = profiles?.Items?.[0];
const versions = await call("ListHostedConfigurationVersions", appconfig, new ListHostedConfigurationVersionsCommand({
  ApplicationId: app?.Id, ConfigurationProfileId: profile?.Id, MaxResults: 50,
}));
const latest = versions?.Items?.[0]?.VersionNumber;
const hosted = await call("GetHostedConfigurationVersion", appconfig, new GetHostedConfigurationVersionCommand({
  ApplicationId: app?.Id, ConfigurationProfileId: profile?.Id, VersionNumber: latest,
}));
const document = JSON.parse(Buffer.from(hosted?.Content ?? []).toString("utf8") || "{}");
document.values = document.values ?? {};
document.values.enable_new_api_endpoint = { ...(document.values.enable_new_api_endpoint ?? {}), enabled: true };
const created = await call("CreateHostedConfigurationVersion", appconfig, new CreateHostedConfigurationVersionCommand({
  ApplicationId: app?.Id, ConfigurationProfileId: profile?.Id, Content: Buffer.from(JSON.stringify(document)),
  ContentType: "application/json", Description: "Node SDK: enable the new API endpoint", LatestVersionNumber: latest,
}));
await call("CreateHostedConfigurationVersionStale", appconfig, new CreateHostedConfigurationVersionCommand({
  ApplicationId: app?.Id, ConfigurationProfileId: profile?.Id, Content: Buffer.from(JSON.stringify(document)),
  ContentType: "application/json", LatestVersionNumber: latest,
}));
await call("CreateHostedConfigurationVersionInvalid", appconfig, new CreateHostedConfigurationVersionCommand({
  ApplicationId: app?.Id, ConfigurationProfileId: profile?.Id, Content: Buffer.from('{"version":"2","flags":{}}'),
  ContentType: "application/json",
}));
await call("ListDeploymentStrategies", appconfig, new ListDeploymentStrategiesCommand({ MaxResults: 50 }));
const started = await call("StartDeployment", appconfig, new StartDeploymentCommand({
  ApplicationId: app?.Id, EnvironmentId: prod?.Id, DeploymentStrategyId: "AppConfig.Linear20PercentEvery6Minutes",
  ConfigurationProfileId: profile?.Id, ConfigurationVersion: String(created?.VersionNumber), Description: "Node SDK",
}));
await call("StartDeploymentBusy", appconfig, new StartDeploymentCommand({
  ApplicationId: app?.Id, EnvironmentId: prod?.Id, DeploymentStrategyId: "AppConfig.AllAtOnce",
  ConfigurationProfileId: profile?.Id, ConfigurationVersion: String(created?.VersionNumber),
}));
await call("GetDeployment", appconfig, new GetDeploymentCommand({
  ApplicationId: app?.Id, EnvironmentId: prod?.Id, DeploymentNumber: started?.DeploymentNumber,
}));
await call("ListDeployments", appconfig, new ListDeploymentsCommand({ ApplicationId: app?.Id, EnvironmentId: prod?.Id, MaxResults: 50 }));
await call("StopDeployment", appconfig, new StopDeploymentCommand({
  ApplicationId: app?.Id, EnvironmentId: prod?.Id, DeploymentNumber: started?.DeploymentNumber,
}));
// AppConfig's stop rules: a BAKING deployment (AllAtOnce bakes at once) stops only with AllowRevert, and while it is in
// progress the environment takes no deployment of any other profile either.
const allProfiles = await call("ListConfigurationProfilesAll", appconfig, new ListConfigurationProfilesCommand({
  ApplicationId: app?.Id, MaxResults: 50,
}));
const settings = allProfiles?.Items?.find((p) => p.Type === "AWS.Freeform");
const baking = await call("StartDeploymentBaking", appconfig, new StartDeploymentCommand({
  ApplicationId: app?.Id, EnvironmentId: prod?.Id, DeploymentStrategyId: "AppConfig.AllAtOnce",
  ConfigurationProfileId: profile?.Id, ConfigurationVersion: String(created?.VersionNumber), Description: "Node SDK: baking",
}));
await call("StartDeploymentOtherProfileBusy", appconfig, new StartDeploymentCommand({
  ApplicationId: app?.Id, EnvironmentId: prod?.Id, DeploymentStrategyId: "AppConfig.AllAtOnce",
  ConfigurationProfileId: settings?.Id, ConfigurationVersion: "1",
}));
await call("StopDeploymentBaking", appconfig, new StopDeploymentCommand({
  ApplicationId: app?.Id, EnvironmentId: prod?.Id, DeploymentNumber: baking?.DeploymentNumber,
}));
await call("StopDeploymentBakingAllowRevert", appconfig, new StopDeploymentCommand({
  ApplicationId: app?.Id, EnvironmentId: prod?.Id, DeploymentNumber: baking?.DeploymentNumber, AllowRevert: true,
}));
await call("StopDeploymentRevert", appconfig, new StopDeploymentCommand({
  ApplicationId: app?.Id, EnvironmentId: dev?.Id, DeploymentNumber: 1, AllowRevert: true,
}));
await call("GetDeploymentMissing", appconfig, new GetDeploymentCommand({
  ApplicationId: app?.Id, EnvironmentId: prod?.Id, DeploymentNumber: 99,
}));

// ---- A wrong secret is refused as AWS refuses it.
await call("WrongSecretCloudWatch", new CloudWatchClient(config("wrong")), new DescribeAlarmsCommand({}));
await call("WrongSecretAppConfig", new AppConfigClient(config("wrong")), new ListApplicationsCommand({}));

process.stdout.write(JSON.stringify(results));
