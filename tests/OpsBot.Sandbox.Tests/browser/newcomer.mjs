// A newcomer's first hour in the real sandbox, in headless chromium at 1280 px: /deploy help; /deploy lambda_router by
// alice in #deploys; Promote clicked by dave (the second approver); a fault injected for a version in prod (and one for
// a version that does not exist, refused); a rollback; a typo (/deploy lamda_router); /flags; /health and /logs; a
// mention of @opsbot; then in the Teams channel, a deployment by alice promoted by bob on the Adaptive Card. After each
// step: the page shows the expected sentences, Slack shortcodes are drawn as emoji, and nothing overflows sideways
// (the mention carries a 300-character unbroken URL)
// (document.scrollWidth <= clientWidth). A screenshot per step goes to --shots.
//
//   node newcomer.mjs --base-url http://127.0.0.1:5080/ [--shots /tmp/shots-sandbox] [--timeout-ms 150000]
//
// Prints a JSON summary {ok, steps, sentences}; exits 1 with the reason (and a screenshot) on the first failure.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openConsole, by, actAs, send } from './browser.mjs';

const { values: options } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    shots: { type: 'string', default: '/tmp/shots-sandbox' },
    'timeout-ms': { type: 'string', default: '150000' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
mkdirSync(options.shots, { recursive: true });
const steps = [];
const sentences = {};
const { browser, page, problems } = await openConsole({ baseUrl: options['base-url'], chromiumPath: options.chromium, width: 1280, height: 900 });
page.setDefaultTimeout(Number(options['timeout-ms']));

/** The newest message's ts on the page: what a step's answer must come after. */
const latestTs = () => page.evaluate(() => Math.max(0, ...[...document.querySelectorAll('[data-ts]')].map((n) => Number(n.dataset.ts))));

/** Waits until a message (or reply) newer than `since` shows text matching the pattern; returns its text. */
async function shown(pattern, { within = 'message, reply', since = 0 } = {}) {
  const handle = await page.waitForFunction(([source, flags, kinds, after]) => {
    const re = new RegExp(source, flags);
    const nodes = kinds.split(', ').flatMap((k) => [...document.querySelectorAll(`[data-testid="${k}"]`)]);
    return nodes.filter((n) => Number(n.dataset.ts ?? 0) > after).reverse().map((n) => n.innerText).find((t) => re.test(t)) ?? false;
  }, [pattern.source, pattern.flags, within, since]);
  return handle.jsonValue();
}

/** After each step: no sideways overflow, no shortcode left undrawn, a screenshot. */
async function checked(name, what) {
  const layout = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
    shortcodes: document.querySelector('[data-testid="messages"]').innerText.match(/:(white_check_mark|warning|hourglass_flowing_sand|x|rotating_light|lock|arrow_forward|large_blue_circle|white_circle|grey_question):/g),
  }));
  await page.screenshot({ path: join(options.shots, `${name}.png`) });
  if (layout.scrollWidth > layout.clientWidth) throw new Error(`${name}: the page is ${layout.scrollWidth} px wide in a ${layout.clientWidth} px window`);
  if (layout.shortcodes) throw new Error(`${name}: shortcodes shown as text: ${layout.shortcodes.join(' ')}`);
  steps.push(what);
}

async function clickOnCard(label) {
  const card = page.locator(by('message')).filter({ hasText: 'lambda_router:live' }).last();
  await card.getByRole('button', { name: label }).click();
  if (await page.locator(`${by('confirm-dialog')}[open]`).count()) await page.click(by('confirm-ok'));
}

async function fault(version, errorRate) {
  await page.selectOption(by('fault-environment'), 'prod');
  await page.fill(by('fault-function'), 'lambda_router');
  await page.fill(by('fault-version'), version);
  await page.fill(by('fault-error-rate'), errorRate);
  const before = await page.textContent(by('fault-answer'));
  await page.click(by('fault-inject'));
  const answer = await page.waitForFunction(([s, b]) => { const t = document.querySelector(s).textContent; return t !== b && t.endsWith('.') && t; }, [by('fault-answer'), before]);
  return answer.jsonValue();
}

try {
  await actAs(page, 'alice');
  await page.click(by('channel-deploys'));
  await send(page, '/deploy help');
  sentences.help = await shown(/\/deploy (status|history)/);
  await checked('01-help', 'alice read /deploy help');

  await send(page, '/deploy lambda_router');
  sentences.awaiting = await shown(/Awaiting promotion/);
  await checked('02-awaiting-promotion', "alice's canary baked at 10% and waits for a second person");

  await actAs(page, 'dave');
  await clickOnCard(/^Promote/);
  sentences.succeeded = await shown(/Succeeded/);
  if (!/@dave/.test(sentences.succeeded)) throw new Error(`the card does not name dave as its approver: ${sentences.succeeded}`);
  await checked('03-promoted-by-dave', 'dave promoted it and the card says Succeeded');

  sentences.noSuchVersion = await fault('9', '40');
  if (!/has no version 9 in prod/.test(sentences.noSuchVersion)) throw new Error(`a fault on version 9 was not refused: ${sentences.noSuchVersion}`);
  sentences.fault = await fault('5', '40');
  if (!/^lambda_router version 5 in prod now fails 40% of its invocations/.test(sentences.fault)) throw new Error(`fault answer: ${sentences.fault}`);
  await checked('04-fault-in-prod', 'version 5 made to fail in prod from the faults panel; version 9 refused');

  // Version 5 is live in prod, so its failures are an incident: CloudWatch's alarm reaches OpsBot over SNS.
  sentences.incident = await shown(/lambda_router-error-rate in ALARM \(prod\)/, { within: 'message' });
  if (!/Acknowledge/.test(sentences.incident) || !/likely suspect/.test(sentences.incident)) throw new Error(`the incident card lacks its suspect or buttons: ${sentences.incident}`);
  await checked('04b-incident', "the failing live version opened an incident in #deploys: the alarm, the suspect release, Acknowledge and Roll back");

  await actAs(page, 'alice');
  let since = await latestTs();
  await send(page, '/rollback lambda_router');
  // prod has gates and nothing is in flight: OpsBot asks first, naming where it goes and when that was last live.
  sentences.rollbackPrompt = await shown(/Nothing has changed yet/, { within: 'message', since });
  await checked('05-rollback-asks', 'alice asked for a rollback and OpsBot asked her to confirm, naming version 4');
  await page.locator(by('message')).filter({ hasText: 'Nothing has changed yet' }).last().getByRole('button', { name: /^Roll back to version 4$/ }).click();
  if (await page.locator(`${by('confirm-dialog')}[open]`).count()) throw new Error('the rollback prompt opened a second confirmation dialog');
  sentences.rollback = await shown(/Rolled back to version 4/, { within: 'message', since });
  await checked('06-rollback', 'alice confirmed and lambda_router rolled back to version 4');

  since = await latestTs();
  await send(page, '/deploy lamda_router');
  sentences.typo = await shown(/lamda_router/, { within: 'message', since });
  if (!/[a-z]{3,} [a-z]{2,}/i.test(sentences.typo) || /^\s*[{[]/.test(sentences.typo)) throw new Error(`the typo's answer is not a sentence: ${sentences.typo}`);
  await checked('07-typo', 'a typo is answered with a sentence naming it');

  since = await latestTs();
  await send(page, '/flags');
  sentences.flags = await shown(/Feature flags in prod/, { within: 'message', since });
  if (!/enable_new_api_endpoint: (on|off)/.test(sentences.flags)) throw new Error(`the flags list does not name the guide's flags: ${sentences.flags}`);
  since = await latestTs();
  await send(page, '/flags enable enable_advanced_monitoring --reason "more metrics for the new endpoint"');
  sentences.flagCard = await shown(/Awaiting approval: enable_advanced_monitoring on/, { within: 'message', since });
  await checked('08-flags', "alice listed prod's feature flags and asked to turn one on: its card waits for an approver");

  since = await latestTs();
  await send(page, '/health lambda_router influxdb_loader --window 15m --chart');
  sentences.health = await shown(/Health of prod/, { within: 'message', since });
  if (!/lambda_router/.test(sentences.health) || !/invocations/.test(sentences.health) || !/influxdb/.test(sentences.health)) {
    throw new Error(`the health card does not show the functions, their figures and InfluxDB: ${sentences.health}`);
  }
  await checked('09-health', "alice asked for prod's health: a verdict, each function's versions and figures, InfluxDB, and a chart");

  since = await latestTs();
  await send(page, '/logs lambda_router 5 --since 15m');
  sentences.logs = await shown(/Errors of lambda_router version 5/, { within: 'message', since });
  if (!/\d+× /.test(sentences.logs)) throw new Error(`the logs card lists no grouped error: ${sentences.logs}`);
  await checked('10-logs', "alice read the errors version 5 logged while it failed, grouped with counts");

  await actAs(page, 'carol');
  // With a long unbroken word (a pasted URL), which must wrap rather than widen the page.
  await send(page, `@opsbot what can you do? https://example.invalid/${'x'.repeat(300)}`);
  await page.locator(by('message')).filter({ hasText: '@opsbot what can you do?' }).last().locator('xpath=..').locator(by('thread')).waitFor();
  sentences.mention = await shown(/\/deploy/, { within: 'reply' });
  await checked('11-mention', "carol mentioned @opsbot and it answered in the message's thread");

  // The same product in Teams: alice mentions @OpsBot in the Teams channel bound to prod; the Adaptive Card appears
  // (drawn by Microsoft's renderer), bob clicks Promote on it, and it reaches Succeeded with its thread.
  const teamsCard = () => page.locator(by('teams-message')).filter({ hasText: 'timeseries_query_processor:live' }).last();
  await actAs(page, 'alice');
  await page.click(by('teams-channel-deployments'));
  await send(page, '@OpsBot deploy timeseries_query_processor 5');
  await teamsCard().getByText(/Baking at 10%/).waitFor();
  sentences.teamsCard = await teamsCard().innerText();
  await checked('12-teams-card', 'alice deployed from the Teams channel: an Adaptive Card with Pause and Roll back, its timeline in its thread');
  await actAs(page, 'bob');
  await teamsCard().getByText(/Awaiting promotion/).first().waitFor();
  await teamsCard().getByRole('button', { name: 'Promote' }).click();
  await teamsCard().getByText(/Succeeded: version 5/).waitFor();
  sentences.teamsPromoted = await teamsCard().innerText();
  await checked('13-teams-promoted', 'bob clicked Promote on the Adaptive Card; it reached Succeeded');

  // The refused fault (version 9) is a 400 the browser logs; anything else is a problem.
  const unexpected = problems.filter((p) => !/status of 400 .*\/sandbox\/faults/.test(p));
  if (unexpected.length) throw new Error(unexpected.join('\n'));
  console.log(JSON.stringify({ ok: true, steps, sentences }));
} catch (error) {
  await page.screenshot({ path: join(options.shots, 'failed.png') }).catch(() => {});
  console.log(JSON.stringify({ ok: false, steps, sentences, error: error.message, problems }));
  process.exitCode = 1;
} finally {
  await browser.close();
}
