// What /health shows for an environment of the sandbox, read with the official AWS SDK for JavaScript
// (@aws-sdk/client-lambda, @aws-sdk/client-cloudwatch), independently of OpsBot's own clients:
//   node tests/conformance/health-read.mjs http://127.0.0.1:5080/ prod 1764756000 1764756900 lambda_router,influxdb_loader=4+5
// Reads GET /sandbox/accounts for the environment's endpoint, region and credentials; for each function, GetAlias
// "live" (its versions and weights; a function written fn=4+5 names its versions instead), then one GetMetricData
// over [start, end) with one period of the whole window:
// Invocations and Errors (Sum) of each version the alias routes to, as OpsBot asks for them (FunctionName, Resource =
// function:alias, ExecutedVersion).
// Prints one JSON line: {"lambda_router": {"primary": "4", "additional": null, "weight": 0, "versions": {"4": {"invocations": N, "errors": N}}}, ...}.
import { LambdaClient, GetAliasCommand } from "@aws-sdk/client-lambda";
import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";

const base = new URL(process.argv[2] ?? "http://127.0.0.1:5080/");
const env = process.argv[3] ?? "prod";
const start = Number(process.argv[4]);
const end = Number(process.argv[5]);
const functions = (process.argv[6] ?? "").split(",").filter((f) => f.length > 0);
const accounts = await (await fetch(new URL("sandbox/accounts", base))).json();
const a = accounts.environments[env];
const config = { endpoint: a.endpointUrl, region: a.region, credentials: { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey } };
const lambda = new LambdaClient(config);
const cloudwatch = new CloudWatchClient(config);

const result = {};
for (const spec of functions) {
  const [fn, named] = spec.split("=");
  const alias = await lambda.send(new GetAliasCommand({ FunctionName: fn, Name: "live" }));
  const weights = alias.RoutingConfig?.AdditionalVersionWeights ?? {};
  const [additional, weight] = Object.entries(weights)[0] ?? [null, 0];
  const versions = named ? named.split("+") : [alias.FunctionVersion, ...(additional ? [additional] : [])];
  const queries = versions.flatMap((v, i) => ["Invocations", "Errors"].map((metric) => ({
    Id: `v${i}_${metric.toLowerCase()}`,
    MetricStat: {
      Metric: { Namespace: "AWS/Lambda", MetricName: metric, Dimensions: [
        { Name: "FunctionName", Value: fn }, { Name: "Resource", Value: `${fn}:live` }, { Name: "ExecutedVersion", Value: v }] },
      Period: end - start, Stat: "Sum",
    },
  })));
  const answer = await cloudwatch.send(new GetMetricDataCommand({
    MetricDataQueries: queries, StartTime: new Date(start * 1000), EndTime: new Date(end * 1000), ScanBy: "TimestampAscending",
  }));
  const sum = (id) => (answer.MetricDataResults.find((r) => r.Id === id)?.Values ?? []).reduce((x, y) => x + y, 0);
  result[fn] = {
    primary: alias.FunctionVersion, additional, weight,
    versions: Object.fromEntries(versions.map((v, i) => [v, { invocations: sum(`v${i}_invocations`), errors: sum(`v${i}_errors`) }])),
  };
}
console.log(JSON.stringify(result));
