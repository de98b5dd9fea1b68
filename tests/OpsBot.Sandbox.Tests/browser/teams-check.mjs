// The console's Teams channel in headless chromium, against the Teams stand-in with a recording stand-in for the
// bot's /teams/messages (the test's): the seeded card is drawn by the vendored Adaptive Cards renderer with its
// thread; bob picks a choice and clicks Promote, the invoke's card replaces the card for bob only; a card whose
// refresh names bob is refreshed for him; an update through the connector replaces the card for everyone; alice's
// typed message reaches the bot, and with the bot's endpoint gone its 404 shows as an error line.
//
//   node teams-check.mjs --base-url URL --card ACTIVITY_ID --refresh-card ACTIVITY_ID --thread CONVERSATION_ID \
//     --token CONNECTOR_TOKEN --screenshot teams.png [--chromium /usr/bin/chromium]
//
// Prints a JSON summary; exits 1 with the reason (and a screenshot) when a step fails.
import { parseArgs } from 'node:util';
import assert from 'node:assert/strict';
import { openConsole, by, actAs, send } from './browser.mjs';

const { values: options } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    card: { type: 'string' },
    'refresh-card': { type: 'string' },
    thread: { type: 'string' },
    token: { type: 'string' },
    screenshot: { type: 'string', default: 'teams.png' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
const base = new URL(options['base-url']);
const steps = [];
const { browser, page, problems } = await openConsole({ baseUrl: base.href, chromiumPath: options.chromium });
page.setDefaultTimeout(15000);
const card = (id) => page.locator(`${by('teams-message')}[data-activity-id="${id}"] ${by('teams-card')}`);
const hint = page.locator(by('composer-hint'));

try {
  await page.click(by('teams-channel-deployments'));
  await page.locator(by('channel-title'), { hasText: 'Teams · Deployments' }).waitFor();
  await card(options.card).getByText('lambda_router 4 → 5 · canary').waitFor();
  await page.locator(`${by('teams-thread')} ${by('teams-reply')}`, { hasText: 'Baking at 10%' }).waitFor();
  steps.push('the card and its thread are drawn from the connector history');

  // As alice, the refresh card (for bob only) is the posted one.
  await actAs(page, 'alice');
  await card(options['refresh-card']).getByText('Waiting for approval').waitFor();
  await page.screenshot({ path: options.screenshot.replace(/\.png$/, '-before.png'), fullPage: true });

  await actAs(page, 'bob');
  await card(options['refresh-card']).getByText('Refreshed for bob').waitFor();
  steps.push('the refresh card was refreshed for bob');
  await card(options.card).locator('select').selectOption('metrics-ok');
  await card(options.card).locator('button', { hasText: 'Promote' }).click();
  await card(options.card).getByText('Approved by bob').waitFor();
  assert.match(await hint.textContent(), /bob clicked “Promote”: OpsBot answered with a new card/);
  steps.push('bob clicked Promote; the invoke answer replaced the card for him');
  await page.screenshot({ path: options.screenshot, fullPage: true });

  await actAs(page, 'alice');
  await card(options.card).getByText('lambda_router 4 → 5 · canary').waitFor();
  assert.equal(await card(options.card).getByText('Approved by bob').count(), 0);
  steps.push("alice still sees the posted card");

  // The bot updates the card through the connector: everyone sees the update, bob's own copy is gone.
  const update = await fetch(new URL(`teams-connector/v3/conversations/${encodeURIComponent(options.thread)}/activities/${options.card}`, base), {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${options.token}` },
    body: JSON.stringify({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive',
      content: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Promoted to **100%** by bob', wrap: true }] } }] }),
  });
  assert.equal(update.status, 200);
  await card(options.card).getByText('Promoted to').waitFor();
  await page.locator(`${by('teams-message')}[data-activity-id="${options.card}"] ${by('teams-edited')}`).waitFor();
  await actAs(page, 'bob');
  await card(options.card).getByText('Promoted to').waitFor();
  steps.push('an update through the connector replaced the card for everyone');

  await actAs(page, 'alice');
  // send() returns at the first change of the hint, which may still be "Posting … as alice…": wait for the answer.
  await send(page, '@OpsBot deploy lambda_router 5');
  await hint.filter({ hasText: /alice posted to Deployments: OpsBot accepted it \(HTTP 200\)/ }).waitFor();
  await page.locator(by('teams-text'), { hasText: 'deploy lambda_router 5' }).waitFor();
  steps.push('alice posted @OpsBot deploy lambda_router 5');

  await fetch(new URL('test/teams-bot?present=false', base), { method: 'POST' });
  await send(page, 'deploy lambda_router 6');
  await hint.filter({ hasText: /OpsBot answered HTTP 404/ }).waitFor();
  assert.equal(await hint.evaluate((e) => e.classList.contains('problem')), true);
  steps.push('without the bot endpoint the 404 shows as an error line');

  assert.deepEqual(problems.filter((p) => !p.includes('404')), []);
  console.log(JSON.stringify({ ok: true, steps }));
} catch (error) {
  await page.screenshot({ path: options.screenshot.replace(/\.png$/, '-failure.png'), fullPage: true }).catch(() => {});
  console.log(JSON.stringify({ ok: false, steps, error: error.message, problems }));
  process.exitCode = 1;
} finally {
  await browser.close();
}
