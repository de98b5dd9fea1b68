// The feature flags an environment of the sandbox has deployed, read with the official AWS SDK for JavaScript
// (@aws-sdk/client-appconfig), independently of OpsBot's own AppConfig client:
//   node tests/conformance/flags-read.mjs http://127.0.0.1:5080/ prod
// Reads GET /sandbox/accounts for the environment's endpoint, region and credentials; finds the application
// "ons-data-platform", the environment and the "feature-flags" profile by name; takes the newest COMPLETE deployment
// of the profile (ListDeployments, then GetDeployment) and reads its hosted version (GetHostedConfigurationVersion).
// Prints one JSON line: {"version": N, "deployment": N, "flags": {"name": true|false, ...}}.
import {
  AppConfigClient, ListApplicationsCommand, ListEnvironmentsCommand, ListConfigurationProfilesCommand,
  ListDeploymentsCommand, GetDeploymentCommand, GetHostedConfigurationVersionCommand,
} from "@aws-sdk/client-appconfig";

const base = new URL(process.argv[2] ?? "http://127.0.0.1:5080/");
const env = process.argv[3] ?? "prod";
const accounts = await (await fetch(new URL("sandbox/accounts", base))).json();
const a = accounts.environments[env];
const client = new AppConfigClient({ endpoint: a.endpointUrl, region: a.region, credentials: { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey } });

const app = (await client.send(new ListApplicationsCommand({}))).Items.find((x) => x.Name === "ons-data-platform");
const environment = (await client.send(new ListEnvironmentsCommand({ ApplicationId: app.Id }))).Items.find((x) => x.Name === env);
const profile = (await client.send(new ListConfigurationProfilesCommand({ ApplicationId: app.Id }))).Items.find((x) => x.Name === "feature-flags");
const deployments = (await client.send(new ListDeploymentsCommand({ ApplicationId: app.Id, EnvironmentId: environment.Id }))).Items;
let complete = null;
for (const d of deployments.filter((x) => x.State === "COMPLETE").sort((x, y) => y.DeploymentNumber - x.DeploymentNumber)) {
  const full = await client.send(new GetDeploymentCommand({ ApplicationId: app.Id, EnvironmentId: environment.Id, DeploymentNumber: d.DeploymentNumber }));
  if (full.ConfigurationProfileId === profile.Id) { complete = full; break; }
}
if (!complete) throw new Error(`no COMPLETE deployment of feature-flags in ${env}`);
const hosted = await client.send(new GetHostedConfigurationVersionCommand({
  ApplicationId: app.Id, ConfigurationProfileId: profile.Id, VersionNumber: Number(complete.ConfigurationVersion),
}));
const document = JSON.parse(new TextDecoder().decode(hosted.Content));
const flags = Object.fromEntries(Object.entries(document.values).map(([name, value]) => [name, value.enabled === true]));
console.log(JSON.stringify({ version: Number(complete.ConfigurationVersion), deployment: complete.DeploymentNumber, flags }));
