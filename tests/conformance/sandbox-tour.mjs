// The newcomer's path through a running sandbox, scripted independently of OpsBot's code:
//   node tests/conformance/sandbox-tour.mjs [http://127.0.0.1:5080] [function]
// 0. read GET /sandbox/accounts (each environment's region and credentials on the AWS-compatible endpoint); as alice,
//    `/deploy <function> 5` in #dev-deploys (dev); while it bakes at 10% and once it is done, read both worlds' alias
//    with the official AWS SDK: dev's moves, prod's stays on 4 (dev and prod are separate worlds).
// 1. as alice, `/deploy <function> 5` in #deploys (prod), signed the way Slack signs; wait for "Awaiting promotion";
//    as bob, click Promote; wait until the card says "Succeeded"; read the alias with the official AWS SDK (on 5).
// 2. make version 3 misbehave (POST /sandbox/faults), `/deploy <function> 3`, wait until the card says "Rolled back";
//    read the alias with the official AWS SDK (back on 5, nothing on 3).
// Prints what it saw; exits non-zero on the first thing that does not happen.
import { createHmac, randomUUID } from "node:crypto";
import { LambdaClient, GetAliasCommand } from "@aws-sdk/client-lambda";

const base = new URL(process.argv[2] ?? "http://127.0.0.1:5080/");
// An AWS endpoint in third place (the old form) is read from /sandbox/accounts instead.
const fn = (process.argv[3]?.startsWith("http") ? process.argv[4] : process.argv[3]) ?? "lambda_router";
const secret = process.env.SLACK_SIGNING_SECRET ?? "sandbox-signing-secret";
const channels = { prod: ["C0DEPLOYS", "deploys"], dev: ["C0DEVDEPLOYS", "dev-deploys"] };
let [channel, channelName] = channels.prod;

const accounts = await (await fetch(new URL("sandbox/accounts", base))).json();
const lambdaOf = (env) => {
  const a = accounts.environments[env];
  return new LambdaClient({ endpoint: a.endpointUrl, region: a.region, credentials: { accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey } });
};
const lambdas = { prod: lambdaOf("prod"), dev: lambdaOf("dev") };

const say = (line) => console.log(`[tour] ${line}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function slack(path, body) {
  const ts = Math.floor(Date.now() / 1000).toString();
  const signature = "v0=" + createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex");
  const res = await fetch(new URL(path, base), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature },
    body,
  });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res.text();
}

function command(user, text) {
  const form = new URLSearchParams({
    token: "legacy", team_id: "T0SANDBOX", api_app_id: "A0OPSBOT", channel_id: channel, channel_name: channelName, user_id: user,
    user_name: user.slice(2).toLowerCase(), command: "/deploy", text, trigger_id: `${Date.now()}.${randomUUID()}`,
    response_url: new URL("response/unused", base).toString(),
  });
  return slack("slack/commands", form.toString());
}

function click(user, card, action) {
  const button = card.blocks.filter((b) => b.type === "actions").flatMap((b) => b.elements).find((e) => e.value.endsWith(`|${action}`));
  if (!button) throw new Error(`no ${action} button on the card`);
  const payload = {
    type: "block_actions", user: { id: user, username: user.slice(2).toLowerCase(), team_id: "T0SANDBOX" }, api_app_id: "A0OPSBOT",
    token: "legacy", trigger_id: `${Date.now()}.${randomUUID()}`, team: { id: "T0SANDBOX", domain: "sandbox" },
    container: { type: "message", message_ts: card.ts, channel_id: channel, is_ephemeral: false }, channel: { id: channel, name: channelName },
    response_url: new URL("response/unused", base).toString(),
    actions: [{ type: "button", action_id: button.action_id, block_id: "actions", text: button.text, value: button.value, action_ts: `${Date.now() / 1000}` }],
  };
  return slack("slack/interactions", "payload=" + encodeURIComponent(JSON.stringify(payload)));
}

const text = (node) => typeof node === "string" ? [node] : Array.isArray(node) ? node.flatMap(text) : node && typeof node === "object" ? Object.values(node).flatMap(text) : [];

async function card(contains, seconds = 150, since = "0") {
  const until = Date.now() + seconds * 1000;
  let last = "(no card)";
  while (Date.now() < until) {
    const messages = await (await fetch(new URL(`sandbox/messages?channel=${channel}`, base))).json();
    const cards = messages.filter((m) => !m.thread_ts && m.blocks && m.ts > since)
      .map((m) => ({ ...m, blocks: typeof m.blocks === "string" ? JSON.parse(m.blocks) : m.blocks }))
      .filter((m) => text(m.blocks).join("\n").includes(`${fn}:live`));
    if (cards.length) {
      const latest = cards[cards.length - 1];
      last = text(latest.blocks).join(" | ");
      if (last.includes(contains)) return latest;
    }
    await sleep(500);
  }
  throw new Error(`the card never said "${contains}"; last: ${last}`);
}

async function alias(env = "prod") {
  const a = await lambdas[env].send(new GetAliasCommand({ FunctionName: fn, Name: "live" }));
  return `${a.FunctionVersion}${a.RoutingConfig?.AdditionalVersionWeights ? " " + JSON.stringify(a.RoutingConfig.AdditionalVersionWeights) : ""}`;
}

say(`worlds: ${Object.entries(accounts.environments).map(([env, a]) => `${env} in ${a.region}`).join(", ")}`);
const prodBefore = await alias("prod");
[channel, channelName] = channels.dev;
say(`alice in #dev-deploys: /deploy ${fn} 5`);
await command("U0ALICE", `${fn} 5`);
let d = await card("Baking at 10%");
let dev = await alias("dev"), prod = await alias("prod");
say(`dev canary at 10%: dev's alias read with @aws-sdk/client-lambda: ${dev}; prod's: ${prod}`);
if (prod !== prodBefore || dev === prodBefore) throw new Error(`dev's canary reached prod's world: dev ${dev}, prod ${prod} (was ${prodBefore})`);
d = await card("Succeeded");
dev = await alias("dev"); prod = await alias("prod");
say(`dev canary done: dev's alias: ${dev}; prod's: ${prod}`);
if (prod !== prodBefore || dev !== "5") throw new Error(`after dev's canary: dev ${dev}, prod ${prod} (was ${prodBefore})`);
[channel, channelName] = channels.prod;

say(`alias ${fn}:live before: ${await alias()}`);
say(`alice: /deploy ${fn} 5`);
await command("U0ALICE", `${fn} 5`);
let c = await card("Awaiting promotion");
say(`card: Awaiting promotion; bob clicks Promote`);
await click("U0BOB", c, "Promote");
c = await card("Succeeded");
const promoted = await alias();
say(`card: Succeeded; alias read with @aws-sdk/client-lambda: ${promoted}`);
if (promoted !== "5") throw new Error(`expected the alias on 5, found ${promoted}`);

say("version 3 made to fail 40% of its calls");
const fault = await fetch(new URL("sandbox/faults", base), {
  method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ environment: "prod", function: fn, version: "3", errorRate: 0.4 }),
});
if (!fault.ok) throw new Error(`faults answered ${fault.status}: ${await fault.text()}`);
say(`alice: /deploy ${fn} 3`);
await command("U0ALICE", `${fn} 3`);
c = await card("Rolled back", 90, c.ts);
const rolledBack = await alias();
say(`card: ${text(c.blocks).find((t) => t.includes("Rolled back"))}; alias read with @aws-sdk/client-lambda: ${rolledBack}`);
if (rolledBack !== "5") throw new Error(`expected the alias back on 5 alone, found ${rolledBack}`);
await fetch(new URL(`sandbox/faults?environment=prod&function=${fn}`, base), { method: "DELETE" });
say("done");
