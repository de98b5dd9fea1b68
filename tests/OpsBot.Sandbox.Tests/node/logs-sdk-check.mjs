// Drives the sandbox's CloudWatch Logs emulator with the official AWS SDK for JavaScript v3
// (@aws-sdk/client-cloudwatch-logs, pinned by package-lock.json): Logs Insights StartQuery, GetQueryResults until the
// query is Complete, StopQuery, and the refusals OpsBot must understand (an unknown log group, a malformed query).
// Usage: node logs-sdk-check.mjs <endpointUrl> <region> <function> <version> <startTime> <endTime>   (epoch seconds)
// Prints one JSON object with what the SDK made of each answer. Run by tests/OpsBot.Sandbox.Tests/Aws/Logs/NodeSdkLogsTests.cs.
import {
  CloudWatchLogsClient, StartQueryCommand, GetQueryResultsCommand, StopQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';

const [endpoint, region, fn, version, startTime, endTime] = process.argv.slice(2);
if (!endTime) {
  console.error('usage: node logs-sdk-check.mjs <endpointUrl> <region> <function> <version> <startTime> <endTime>');
  process.exit(2);
}
const client = new CloudWatchLogsClient({
  endpoint, region, maxAttempts: 1, credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const logGroupName = `/aws/lambda/${fn}`;
const queryString = `fields @timestamp, @message, @logStream | filter @message like /ERROR|Task timed out/ | filter @logStream like /\\[${version}\\]/ | sort @timestamp desc | limit 50`;
const out = {};

async function refusal(command) {
  try {
    await client.send(command);
    return null;
  } catch (error) {
    return { name: error.name, status: error.$metadata?.httpStatusCode, message: error.message, queryCompileError: error.queryCompileError ?? null };
  }
}

const started = await client.send(new StartQueryCommand({
  logGroupName, startTime: Number(startTime), endTime: Number(endTime), queryString,
}));
out.queryId = started.queryId;
out.statuses = [];
let results;
for (let attempt = 0; attempt < 20; attempt++) {
  results = await client.send(new GetQueryResultsCommand({ queryId: started.queryId }));
  out.statuses.push(results.status);
  if (results.status !== 'Running' && results.status !== 'Scheduled') break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
out.results = results.results.map((row) => Object.fromEntries(row.map((f) => [f.field, f.value])));
out.fieldOrder = results.results[0]?.map((f) => f.field) ?? [];
out.statistics = results.statistics;

const byIdentifier = await client.send(new StartQueryCommand({
  logGroupIdentifiers: [`arn:aws:logs:${region}:000000000000:log-group:${logGroupName}`],
  startTime: Number(startTime), endTime: Number(endTime), queryString: 'fields @message | limit 1',
}));
out.stopped = (await client.send(new StopQueryCommand({ queryId: byIdentifier.queryId }))).success;
out.stoppedStatus = (await client.send(new GetQueryResultsCommand({ queryId: byIdentifier.queryId }))).status;

out.unknownGroup = await refusal(new StartQueryCommand({
  logGroupName: '/aws/lambda/billing', startTime: Number(startTime), endTime: Number(endTime), queryString,
}));
out.malformed = await refusal(new StartQueryCommand({
  logGroupName, startTime: Number(startTime), endTime: Number(endTime), queryString: 'fields @message | stats count(*)',
}));
const forger = new CloudWatchLogsClient({
  endpoint, region, maxAttempts: 1, credentials: { accessKeyId: 'test', secretAccessKey: 'wrong' },
});
try {
  await forger.send(new StartQueryCommand({ logGroupName, startTime: 0, endTime: 1, queryString }));
  out.forged = null;
} catch (error) {
  out.forged = { name: error.name, status: error.$metadata?.httpStatusCode };
}
console.log(JSON.stringify(out));
