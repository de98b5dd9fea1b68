// Drives the sandbox's AWS-compatible endpoint (OpsBot.Sandbox) with the official AWS SDK for JavaScript v3: every
// Lambda, CodeDeploy and SNS operation OpsBot uses, a few refusals, and each service signed with a wrong secret.
// Usage: node emulator-lambda-codedeploy-sns.mjs <host> <port>
// Prints one JSON object: for each call {ok, status, output} or {ok: false, error: {name, code, message, fault, statusCode}}.
// Run by tests/OpsBot.Sandbox.Tests/Aws/NodeSdkAgainstTheEmulatorTests.cs, which checks the results against the world.
import { createHash } from "node:crypto";
import * as lambda from "@aws-sdk/client-lambda";
import * as codedeploy from "@aws-sdk/client-codedeploy";
import * as sns from "@aws-sdk/client-sns";

// Nothing from the machine's AWS configuration may leak into the clients.
for (const name of Object.keys(process.env)) {
  if (name.startsWith("AWS_")) delete process.env[name];
}

const [host, port] = process.argv.slice(2);
if (!host || !port) {
  console.error("usage: node emulator-lambda-codedeploy-sns.mjs <host> <port>");
  process.exit(2);
}
const endpoint = `http://${host}:${port}`;
const REGION = "us-east-1";
const ACCOUNT = "000000000000";
const APPLICATION = "ons-data-platform-lambda-app";

function config(secretAccessKey = "test") {
  return { endpoint, region: REGION, credentials: { accessKeyId: "test", secretAccessKey }, maxAttempts: 1 };
}

const clients = {
  lambda: new lambda.LambdaClient(config()),
  codedeploy: new codedeploy.CodeDeployClient(config()),
  sns: new sns.SNSClient(config()),
};
const forged = {
  lambda: new lambda.LambdaClient(config("wrong")),
  codedeploy: new codedeploy.CodeDeployClient(config("wrong")),
  sns: new sns.SNSClient(config("wrong")),
};

/** Runs one command; the output without $metadata (Dates become ISO strings in JSON), or the error as the SDK names it. */
async function call(client, command) {
  try {
    const { $metadata, ...output } = await client.send(command);
    return { ok: true, status: $metadata.httpStatusCode, output };
  } catch (e) {
    return { ok: false, error: { name: e.name, code: e.Code ?? e.name, message: e.message, fault: e.$fault, statusCode: e.$metadata?.httpStatusCode } };
  }
}

const result = { lambda: {}, codedeploy: {}, sns: {}, forged: {} };

// ---------- Lambda ----------
const L = result.lambda;
L.getAlias = await call(clients.lambda, new lambda.GetAliasCommand({ FunctionName: "lambda_router", Name: "live" }));
L.getAliasByArn = await call(clients.lambda, new lambda.GetAliasCommand({
  FunctionName: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:lambda_router`, Name: "live",
}));
const revision = L.getAlias.output?.RevisionId;
L.updateAlias = await call(clients.lambda, new lambda.UpdateAliasCommand({
  FunctionName: "lambda_router", Name: "live", FunctionVersion: "4",
  RoutingConfig: { AdditionalVersionWeights: { "5": 0.25 } }, RevisionId: revision,
}));
L.staleUpdate = await call(clients.lambda, new lambda.UpdateAliasCommand({
  FunctionName: "lambda_router", Name: "live", FunctionVersion: "5", RevisionId: revision,
}));
L.badRouting = await call(clients.lambda, new lambda.UpdateAliasCommand({
  FunctionName: "lambda_router", Name: "live", RoutingConfig: { AdditionalVersionWeights: { "4": 0.5 } },
}));
L.publish = await call(clients.lambda, new lambda.PublishVersionCommand({ FunctionName: "influxdb_loader", Description: "sdk build" }));
L.versionPages = [];
let marker;
do {
  const page = await call(clients.lambda, new lambda.ListVersionsByFunctionCommand({ FunctionName: "influxdb_loader", MaxItems: 3, Marker: marker }));
  L.versionPages.push(page);
  marker = page.output?.NextMarker;
} while (marker);
L.listAliases = await call(clients.lambda, new lambda.ListAliasesCommand({ FunctionName: "structured_data_processor", FunctionVersion: "4" }));
L.configuration = await call(clients.lambda, new lambda.GetFunctionConfigurationCommand({ FunctionName: "lambda_router", Qualifier: "live" }));
L.notFound = await call(clients.lambda, new lambda.GetAliasCommand({ FunctionName: "nope", Name: "live" }));

// ---------- CodeDeploy ----------
const C = result.codedeploy;
const group = "rag_query_processor-deployment-group";
C.group = await call(clients.codedeploy, new codedeploy.GetDeploymentGroupCommand({ applicationName: APPLICATION, deploymentGroupName: group }));
C.predefined = await call(clients.codedeploy, new codedeploy.GetDeploymentConfigCommand({ deploymentConfigName: "CodeDeployDefault.LambdaCanary10Percent5Minutes" }));
const custom = {
  deploymentConfigName: "Sdk.Canary20Percent2Minutes",
  computePlatform: "Lambda",
  trafficRoutingConfig: { type: "TimeBasedCanary", timeBasedCanary: { canaryPercentage: 20, canaryInterval: 2 } },
};
C.createConfig = await call(clients.codedeploy, new codedeploy.CreateDeploymentConfigCommand(custom));
C.createdConfig = await call(clients.codedeploy, new codedeploy.GetDeploymentConfigCommand({ deploymentConfigName: custom.deploymentConfigName }));
C.duplicateConfig = await call(clients.codedeploy, new codedeploy.CreateDeploymentConfigCommand(custom));
const appSpec = JSON.stringify({
  version: 0.0,
  Resources: [{ rag_query_processor: { Type: "AWS::Lambda::Function", Properties: { Name: "rag_query_processor", Alias: "live", CurrentVersion: "4", TargetVersion: "5" } } }],
});
C.create = await call(clients.codedeploy, new codedeploy.CreateDeploymentCommand({
  applicationName: APPLICATION,
  deploymentGroupName: group,
  revision: { revisionType: "AppSpecContent", appSpecContent: { content: appSpec, sha256: createHash("sha256").update(appSpec, "utf8").digest("hex") } },
  deploymentConfigName: custom.deploymentConfigName,
  description: "sdk deployment",
  autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_REQUEST"] },
}));
const id = C.create.output?.deploymentId;
C.get = await call(clients.codedeploy, new codedeploy.GetDeploymentCommand({ deploymentId: id }));
C.list = await call(clients.codedeploy, new codedeploy.ListDeploymentsCommand({
  applicationName: APPLICATION,
  deploymentGroupName: group,
  includeOnlyStatuses: ["Created", "Queued", "InProgress", "Baking", "Ready"],
  createTimeRange: { start: new Date(Date.now() - 3_600_000) },
}));
C.limit = await call(clients.codedeploy, new codedeploy.CreateDeploymentCommand({
  applicationName: APPLICATION,
  deploymentGroupName: group,
  revision: { revisionType: "AppSpecContent", appSpecContent: { content: appSpec } },
}));
C.stop = await call(clients.codedeploy, new codedeploy.StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled: true }));
C.stopped = await call(clients.codedeploy, new codedeploy.GetDeploymentCommand({ deploymentId: id }));
C.stopAgain = await call(clients.codedeploy, new codedeploy.StopDeploymentCommand({ deploymentId: id }));
C.missing = await call(clients.codedeploy, new codedeploy.GetDeploymentCommand({ deploymentId: "d-AAAAAAAAA" }));

// ---------- SNS ----------
const S = result.sns;
const topic = `arn:aws:sns:${REGION}:${ACCOUNT}:opsbot-pages`;
S.publish = await call(clients.sns, new sns.PublishCommand({
  TopicArn: topic,
  Subject: "Rollback of lambda_router",
  Message: "Error rate above 5% for 2 periods.\n\nDeployment: dep-sdk",
  MessageAttributes: {
    deployment_id: { DataType: "String", StringValue: "dep-sdk" },
    environment: { DataType: "String", StringValue: "sandbox" },
  },
}));
S.notFound = await call(clients.sns, new sns.PublishCommand({ TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:nope`, Message: "hi" }));
S.noMessage = await call(clients.sns, new sns.PublishCommand({ TopicArn: topic, Message: "" }));

// ---------- A wrong secret ----------
result.forged.lambda = await call(forged.lambda, new lambda.GetAliasCommand({ FunctionName: "lambda_router", Name: "live" }));
result.forged.codedeploy = await call(forged.codedeploy, new codedeploy.GetDeploymentConfigCommand({ deploymentConfigName: "CodeDeployDefault.LambdaAllAtOnce" }));
result.forged.sns = await call(forged.sns, new sns.PublishCommand({ TopicArn: topic, Message: "forged" }));

console.log(JSON.stringify(result));
