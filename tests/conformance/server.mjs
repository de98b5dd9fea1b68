// Capture server for OpsBot's AWS wire-format conformance tests (see README.md beside this file).
// One process on 127.0.0.1 that: records every request sent to it and answers from a queue of canned responses; runs
// operations with the official AWS SDK for JavaScript v3 against itself; verifies SigV4 signatures with the official
// signer (@smithy/signature-v4); checks captured requests against the botocore models (model-check.mjs, models/).
// Prints {"port":N} as its first line of stdout and exits when stdin closes.
import http from "node:http";
import { createHash } from "node:crypto";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/core/protocols";
import { NormalizedSchema } from "@smithy/core/schema";
import * as lambda from "@aws-sdk/client-lambda";
import * as codedeploy from "@aws-sdk/client-codedeploy";
import * as cloudwatch from "@aws-sdk/client-cloudwatch";
import * as logs from "@aws-sdk/client-cloudwatch-logs";
import * as appconfig from "@aws-sdk/client-appconfig";
import * as sns from "@aws-sdk/client-sns";
import { checkRequest, ModelError } from "./model-check.mjs";

// Nothing from the machine's AWS configuration may leak into the SDK clients.
for (const name of Object.keys(process.env)) {
  if (name.startsWith("AWS_")) delete process.env[name];
}

const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const SECRETS = { [CREDENTIALS.accessKeyId]: CREDENTIALS.secretAccessKey };
const REGION = "us-east-1";

const SERVICES = {
  lambda: { module: lambda, client: "LambdaClient" },
  codedeploy: { module: codedeploy, client: "CodeDeployClient" },
  cloudwatch: { module: cloudwatch, client: "CloudWatchClient" },
  logs: { module: logs, client: "CloudWatchLogsClient" },
  appconfig: { module: appconfig, client: "AppConfigClient" },
  sns: { module: sns, client: "SNSClient" },
};

const captured = [];
const queue = [];
const clients = new Map();
let port = 0;

// ---------- capture endpoint ----------

function headerObject(rawHeaders) {
  const headers = {};
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    headers[name] = name in headers ? `${headers[name]},${rawHeaders[i + 1]}` : rawHeaders[i + 1];
  }
  return headers;
}

function record(req, body) {
  const q = req.url.indexOf("?");
  const rawHeaders = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) rawHeaders.push([req.rawHeaders[i], req.rawHeaders[i + 1]]);
  return {
    method: req.method,
    path: q < 0 ? req.url : req.url.slice(0, q),
    query: q < 0 ? "" : req.url.slice(q + 1),
    headers: headerObject(req.rawHeaders),
    rawHeaders,
    bodyBase64: body.toString("base64"),
  };
}

/** The answer when none was queued: 200 "{}", or for an awsQuery form (SNS) a minimal valid <{Action}Response>. */
function defaultResponse(request) {
  const contentType = request.headers["content-type"] ?? "";
  if (contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    const form = new URLSearchParams(Buffer.from(request.bodyBase64, "base64").toString("utf8"));
    const action = form.get("Action");
    if (action) {
      const result = action === "Publish" ? "<MessageId>00000000-0000-0000-0000-000000000001</MessageId>" : "";
      const xml = `<${action}Response xmlns="http://sns.amazonaws.com/doc/${form.get("Version") ?? "2010-03-31"}/">` +
        `<${action}Result>${result}</${action}Result>` +
        `<ResponseMetadata><RequestId>00000000-0000-0000-0000-00000000000a</RequestId></ResponseMetadata></${action}Response>`;
      return { status: 200, headers: { "content-type": "text/xml" }, body: xml };
    }
  }
  return { status: 200, headers: { "content-type": "application/json" }, body: "{}" };
}

function answer(res, response) {
  const body = response.bodyBase64 !== undefined
    ? Buffer.from(response.bodyBase64, "base64")
    : Buffer.from(response.body ?? "", "utf8");
  const headers = { "x-amzn-requestid": "00000000-0000-0000-0000-00000000000a", ...(response.headers ?? {}) };
  headers["content-length"] = String(body.length);
  res.writeHead(response.status ?? 200, headers);
  res.end(body);
}

// ---------- SDK calls ----------

function clientFor(service) {
  const entry = SERVICES[service];
  if (!entry) throw new UserError(`unknown service '${service}' (known: ${Object.keys(SERVICES).join(", ")})`);
  if (!clients.has(service)) {
    clients.set(service, new entry.module[entry.client]({
      region: REGION,
      endpoint: `http://127.0.0.1:${port}`,
      credentials: CREDENTIALS,
      maxAttempts: 1,
    }));
  }
  return clients.get(service);
}

/**
 * JSON → what the SDK wants, by the operation's input schema: a timestamp member given as an ISO-8601 string (or as
 * epoch seconds) becomes a Date, a blob member given as base64 becomes a Uint8Array. {"$date": "..."} and
 * {"$blob": "..."} force the conversion anywhere.
 */
function toSdk(schema, value) {
  if (value === null || value === undefined) return value;
  if (typeof value === "object" && !Array.isArray(value)) {
    if ("$date" in value) return toDate(value.$date);
    if ("$blob" in value) return new Uint8Array(Buffer.from(value.$blob, "base64"));
  }
  if (!schema) return value;
  if (schema.isTimestampSchema() && (typeof value === "string" || typeof value === "number")) return toDate(value);
  if (schema.isBlobSchema() && typeof value === "string") return new Uint8Array(Buffer.from(value, "base64"));
  if (schema.isListSchema() && Array.isArray(value)) return value.map((v) => toSdk(schema.getValueSchema(), v));
  if (schema.isMapSchema() && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toSdk(schema.getValueSchema(), v)]));
  }
  if (schema.isStructSchema() && typeof value === "object") {
    const members = new Map(schema.structIterator());
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toSdk(members.get(k), v)]));
  }
  return value;
}

const toDate = (v) => (typeof v === "number" ? new Date(v * 1000) : new Date(v));

/** The SDK's parsed output as JSON: Dates as ISO-8601 strings, blobs as base64. */
function fromSdk(value) {
  return JSON.parse(JSON.stringify(value, function replacer(key, v) {
    const raw = this[key];
    if (raw instanceof Uint8Array) return Buffer.from(raw).toString("base64");
    return v;
  }));
}

async function runSdk({ service, operation, input, response }) {
  const entry = SERVICES[service];
  const client = clientFor(service);
  const Command = entry.module[`${operation}Command`];
  if (!Command) throw new UserError(`${service} has no operation '${operation}'`);
  const opSchema = entry.module[`${operation}$`];
  const inputSchema = opSchema ? NormalizedSchema.of(opSchema[4]) : undefined;
  const from = captured.length;
  if (response) queue.push(response);
  const result = { request: null, output: null, error: null };
  try {
    const output = await client.send(new Command(toSdk(inputSchema, input ?? {})));
    const { $metadata, ...rest } = output;
    result.output = fromSdk(rest);
    result.statusCode = $metadata?.httpStatusCode;
  } catch (e) {
    // code: the error code on the wire (awsQuery and query-compatible errors keep it in Code, e.g. SNS NotFound for
    // NotFoundException); otherwise the modelled name.
    result.error = { name: e.name, code: e.Code ?? e.name, message: e.message, fault: e.$fault, statusCode: e.$metadata?.httpStatusCode };
  }
  const sent = captured.slice(from);
  if (sent.length !== 1) {
    if (sent.length === 0 && response) queue.splice(queue.indexOf(response), 1);
    throw new UserError(`expected the SDK to send one request, it sent ${sent.length}` +
      (result.error ? ` (${result.error.name}: ${result.error.message})` : ""));
  }
  result.request = sent[0];
  return result;
}

// ---------- SigV4 verification ----------

/** A signer that remembers the canonical request it built, so a failed verification can show it. */
class RecordingSigner extends SignatureV4 {
  createCanonicalRequest(request, canonicalHeaders, payloadHash) {
    this.lastCanonicalRequest = super.createCanonicalRequest(request, canonicalHeaders, payloadHash);
    return this.lastCanonicalRequest;
  }
}

function parseQuery(raw) {
  const query = {};
  if (!raw) return query;
  for (const part of raw.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    const name = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? "" : decodeURIComponent(part.slice(eq + 1));
    if (name in query) query[name] = [].concat(query[name], value);
    else query[name] = value;
  }
  return query;
}

/**
 * Re-signs the request with @smithy/signature-v4 as the SDK does for every non-S3 service (uriEscapePath: the raw,
 * already-encoded path is normalized and encoded once more) from exactly the headers listed in SignedHeaders, the
 * scope of the Authorization header and the time of X-Amz-Date, and compares the signatures.
 */
async function verify({ method, path, query, headers, bodyBase64 }) {
  const lower = {};
  for (const [name, value] of Object.entries(headers ?? {})) lower[name.toLowerCase()] = String(value);
  const authorization = lower.authorization ?? "";
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$/.exec(authorization);
  if (!match) return { valid: false, reason: `not a SigV4 Authorization header: '${authorization}'` };
  const [, accessKeyId, shortDate, region, service, signedList, actual] = match;
  const secretAccessKey = SECRETS[accessKeyId];
  if (!secretAccessKey) return { valid: false, reason: `unknown access key '${accessKeyId}'`, actual };
  const amzDate = lower["x-amz-date"];
  const dateMatch = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate ?? "");
  if (!dateMatch) return { valid: false, reason: `X-Amz-Date missing or malformed: '${amzDate}'`, actual };
  if (!amzDate.startsWith(shortDate)) return { valid: false, reason: `credential scope date ${shortDate} is not the day of X-Amz-Date ${amzDate}`, actual };
  const [, y, mo, d, h, mi, s] = dateMatch;
  const signingDate = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));

  const body = Buffer.from(bodyBase64 ?? "", "base64");
  const bodyHash = createHash("sha256").update(body).digest("hex");
  const signed = signedList.split(";");
  const reasons = [];
  const toSign = {};
  for (const name of signed) {
    if (!(name in lower)) reasons.push(`signed header '${name}' is not in the request`);
    else toSign[name] = lower[name];
  }
  const claimed = toSign["x-amz-content-sha256"];
  if (claimed !== undefined && claimed !== "UNSIGNED-PAYLOAD" && !claimed.startsWith("STREAMING-") && claimed !== bodyHash) {
    reasons.push(`x-amz-content-sha256 ${claimed} is not the SHA-256 of the body (${bodyHash})`);
    toSign["x-amz-content-sha256"] = bodyHash; // sign what AWS would: the body as received
  }
  const credentials = { accessKeyId, secretAccessKey };
  if ("x-amz-security-token" in toSign) credentials.sessionToken = toSign["x-amz-security-token"];

  const signer = new RecordingSigner({ credentials, region, service, sha256: Sha256, uriEscapePath: true, applyChecksum: false });
  const request = new HttpRequest({
    method,
    protocol: "https:",
    hostname: toSign.host ?? "localhost",
    path,
    query: parseQuery(query),
    headers: toSign,
    body: body.length > 0 ? new Uint8Array(body) : undefined,
  });
  const result = await signer.sign(request, { signingDate, signableHeaders: new Set(signed) });
  const expected = /Signature=([0-9a-f]{64})/.exec(result.headers.authorization)[1];
  const resigned = /SignedHeaders=([^,]+)/.exec(result.headers.authorization)[1];
  if (resigned !== signedList) reasons.push(`re-signed SignedHeaders '${resigned}' differ from '${signedList}'`);
  return {
    valid: expected === actual && reasons.length === 0,
    expected,
    actual,
    reason: reasons.join("; ") || null,
    canonicalRequest: signer.lastCanonicalRequest,
    scope: `${shortDate}/${region}/${service}/aws4_request`,
    signedHeaders: signedList,
  };
}

// ---------- HTTP plumbing ----------

class UserError extends Error {}

function json(res, status, value) {
  const body = Buffer.from(JSON.stringify(value));
  res.writeHead(status, { "content-type": "application/json", "content-length": String(body.length) });
  res.end(body);
}

async function control(path, body, res) {
  const input = body.length > 0 ? JSON.parse(body.toString("utf8")) : {};
  switch (path) {
    case "/__control/sdk": return json(res, 200, await runSdk(input));
    case "/__control/verify": return json(res, 200, await verify(input));
    case "/__control/model-check": return json(res, 200, checkRequest(input));
    case "/__control/queue": queue.push(input); return json(res, 200, { queued: queue.length });
    case "/__control/last":
      return captured.length === 0 ? json(res, 404, { error: "nothing captured" }) : json(res, 200, captured[captured.length - 1]);
    case "/__control/clear": captured.length = 0; queue.length = 0; return json(res, 200, {});
    default: return json(res, 404, { error: `no control endpoint ${path}` });
  }
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    const body = Buffer.concat(chunks);
    const path = req.url.split("?")[0];
    if (path.startsWith("/__control/")) {
      try {
        await control(path, body, res);
      } catch (e) {
        const user = e instanceof UserError || e instanceof ModelError;
        json(res, user ? 400 : 500, { error: e.message, stack: user ? undefined : e.stack });
      }
      return;
    }
    const request = record(req, body);
    captured.push(request);
    answer(res, queue.length > 0 ? queue.shift() : defaultResponse(request));
  });
});

server.listen(0, "127.0.0.1", () => {
  port = server.address().port;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
