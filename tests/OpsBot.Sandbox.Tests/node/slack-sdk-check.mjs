// Drives the fake Slack Web API with Slack's official Node SDK, @slack/web-api (pinned by package-lock.json).
// Usage: node slack-sdk-check.mjs <slackApiUrl> <token> <channel> <usergroup>
// Prints one JSON object with what the SDK made of each answer; exits 1 (with the error on stderr) when a call the
// fake should accept is rejected by the SDK. Run by tests/OpsBot.Sandbox.Tests/Slack/NodeSdkTests.cs.
import { LogLevel, WebClient } from '@slack/web-api';

const [slackApiUrl, token, channel, usergroup] = process.argv.slice(2);
if (!usergroup) {
  console.error('usage: node slack-sdk-check.mjs <slackApiUrl> <token> <channel> <usergroup>');
  process.exit(2);
}

// Fast retries, so that a 429 costs its Retry-After and little more.
const client = new WebClient(token, {
  slackApiUrl,
  logLevel: LogLevel.ERROR,
  retryConfig: { retries: 3, factor: 1, minTimeout: 10, maxTimeout: 10 },
});
const out = { rateLimited: [] };
client.on('rate_limited', (seconds, { url }) => out.rateLimited.push({ seconds, method: url.split('/').pop() }));

const card = (weight) => [
  { type: 'section', text: { type: 'mrkdwn', text: `*orders* canary ${weight}%` } },
  {
    type: 'actions',
    elements: [{ type: 'button', action_id: 'promote', text: { type: 'plain_text', text: 'Promote' }, value: 'dep-1:3', style: 'primary' }],
  },
];

async function refusal(call) {
  try {
    await call();
    return null;
  } catch (error) {
    return { code: error.code, error: error.data?.error, errors: error.data?.errors ?? null };
  }
}

try {
  const auth = await client.auth.test();
  out.auth = { user_id: auth.user_id, bot_id: auth.bot_id, team_id: auth.team_id };

  const posted = await client.chat.postMessage({ channel, text: 'orders canary 10%', blocks: card(10) });
  out.posted = { ts: posted.ts, channel: posted.channel, user: posted.message.user, blocks: posted.message.blocks.length };

  const reply = await client.chat.postMessage({ channel, thread_ts: posted.ts, text: 'step 1 baked' });
  out.reply = { ts: reply.ts, thread_ts: reply.message.thread_ts };

  const updated = await client.chat.update({ channel, ts: posted.ts, text: 'orders canary 100%', blocks: card(100) });
  out.updated = { ts: updated.ts, text: updated.text };

  const upload = await client.files.uploadV2({
    channel_id: channel,
    thread_ts: posted.ts,
    filename: 'error-rate.csv',
    title: 'Error rate',
    content: 'minute,errors\n1,0\n2,3\n',
    initial_comment: 'error rate, last hour',
  });
  out.upload = { ok: upload.ok, files: upload.files.flatMap((completion) => completion.files) };

  const group = await client.usergroups.users.list({ usergroup });
  out.group = group.users;

  out.refusals = {
    update: await refusal(() => client.chat.update({ channel, ts: '1700000000.000100', text: 'x' })),
    blocks: await refusal(() =>
      client.chat.postMessage({ channel, text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } }] })),
  };
  console.log(JSON.stringify(out));
} catch (error) {
  console.error(error?.stack ?? String(error));
  if (error?.data) console.error(JSON.stringify(error.data));
  process.exit(1);
}
