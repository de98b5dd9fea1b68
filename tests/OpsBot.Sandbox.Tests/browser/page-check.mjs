// The console page's rendering and behaviour, checked in headless chromium against the tests' stub bot (its card,
// its chart, its acknowledgements): mrkdwn, Block Kit, ephemerals, threads, files, the confirm dialog, the composer's
// hints and draft, the scroll position across polls, the faults panel (with its InfluxDB switches and DLQ button), and the Flags panel (ChatConsolePageTests has
// deployed enhanced processing to dev and is 40% into turning the new API endpoint on in prod). Run by
// tests/OpsBot.Sandbox.Tests/Console/ChatConsolePageTests.cs:
//
//   node page-check.mjs --base-url URL --slack-token xoxb-sandbox --screenshot page.png
//
// Besides --screenshot (the end), takes <screenshot>.card.png of the card with its buttons, <screenshot>.faults.png of
// the faults panel and <screenshot>.flags.png of the Flags panel.
// Prints a JSON summary of the checks; exits 1 with the first failure (and a screenshot) otherwise.
import assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import { openConsole, by, actAs, send } from './browser.mjs';

const { values: options } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    'slack-token': { type: 'string', default: 'xoxb-sandbox' },
    screenshot: { type: 'string', default: 'page.png' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
const base = options['base-url'];
const checks = [];
const check = (name) => checks.push(name);

const { browser, page, problems } = await openConsole({ baseUrl: base, chromiumPath: options.chromium, height: 700 });
page.setDefaultTimeout(20000);

/** Posts as the bot through the fake Web API (to fill the channel for the scroll check). */
async function postAsBot(text) {
  const response = await fetch(new URL('api/chat.postMessage', base), {
    method: 'POST',
    headers: { Authorization: `Bearer ${options['slack-token']}`, 'Content-Type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ channel: 'C0DEPLOYS', text }),
  });
  assert.equal((await response.json()).ok, true);
}

/** Two polls of the history have completed: whatever a re-render would break is broken by then. */
async function twoPolls() {
  for (let i = 0; i < 2; i++) await page.waitForResponse((r) => r.url().includes('/sandbox/messages'));
}

try {
  // mrkdwn, the way Slack draws it.
  const cases = [
    ['*bold* _italic_ ~strike~ `code`', '<strong>bold</strong> <em>italic</em> <s>strike</s> <code class="mrkdwn-code">code</code>'],
    ['lambda_router and snake_case_names stay as typed', 'lambda_router and snake_case_names stay as typed'],
    ['<https://example.com/a?b=1&amp;c=2|the docs>', '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the docs</a>'],
    ['<@U0ALICE> and <@U0ZED>', '<span class="mention mention-user" data-id="U0ALICE">@alice</span> and <span class="mention mention-user" data-id="U0ZED">@U0ZED</span>'],
    ['*<@U0ALICE> promoted*', '<strong><span class="mention mention-user" data-id="U0ALICE">@alice</span> promoted</strong>'],
    [':white_check_mark: :rotating_light: :hourglass_flowing_sand: :nope: 10:05:00', '\u2705 \u{1F6A8} \u23F3 :nope: 10:05:00'],
    ['```a &lt; b\n*not bold*```', '<pre class="mrkdwn-pre">a &lt; b\n*not bold*</pre>'],
    ['&lt;script&gt;alert(1)&lt;/script&gt;', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<javascript:alert(1)|click me>', 'click me'],
    ['line one\nline two', 'line one<br>line two'],
    ['> quoted\nafter', '<blockquote class="mrkdwn-quote">quoted</blockquote>after'],
    ['<!here> <#C0DEVDEPLOYS>', '<span class="mention mention-special" data-id="here">@here</span> <span class="mention mention-channel" data-id="C0DEVDEPLOYS">#dev-deploys</span>'],
  ];
  const rendered = await page.evaluate((inputs) => inputs.map((text) => {
    const div = document.createElement('div');
    div.append(window.opsbotConsole.renderMrkdwn(text, { userName: (id) => ({ U0ALICE: 'alice' })[id] ?? null, channelName: (id) => ({ C0DEVDEPLOYS: 'dev-deploys' })[id] ?? null }));
    return div.innerHTML;
  }), cases.map(([text]) => text));
  cases.forEach(([text, html], i) => assert.equal(rendered[i], html, `mrkdwn ${JSON.stringify(text)}`));
  check(`mrkdwn: ${cases.length} cases`);

  // An ephemeral acknowledgement: only for the person who typed the command.
  await actAs(page, 'alice');
  const usage = await send(page, '/deploy');
  assert.match(usage, /acknowledged \(HTTP 200\) with a message/);
  const ephemeral = page.locator(`${by('message')}.ephemeral`, { hasText: 'Say which function' });
  await ephemeral.waitFor();
  assert.equal(await ephemeral.locator(by('ephemeral-note')).textContent(), '\u{1F440} Only visible to you');
  assert.match(await ephemeral.locator('pre.mrkdwn-pre').textContent(), /^\/deploy <function> \[version\]$/);
  assert.match(await ephemeral.textContent(), /\u26A0\uFE0F Say which function\./);
  await actAs(page, 'bob');
  await ephemeral.waitFor({ state: 'detached' });
  check('ephemeral acknowledgement shown to alice only, with emoji and a code block');

  // The composer: a friendly hint for anything but the bot's commands, and the draft is kept.
  await actAs(page, 'alice');
  assert.match(await send(page, 'hello there'), /OpsBot hears slash commands \(\/deploy, \/rollback, \/flags, \/health, \/logs, \/incident\) and mentions: try \/deploy lambda_router, or @opsbot help\./);
  assert.equal(await page.inputValue(by('composer-input')), 'hello there');
  assert.match(await send(page, '/shrug'), /OpsBot has no \/shrug command/);
  check('composer hints for plain text and unknown commands');

  // The card.
  assert.match(await send(page, '/deploy lambda_router'), /acknowledged/);
  assert.equal(await page.inputValue(by('composer-input')), '');
  const card = page.locator(by('message'), { has: page.locator(by('block-header'), { hasText: 'lambda_router → v5' }) });
  await card.waitFor();
  assert.equal(await card.locator('strong').first().textContent(), 'Waiting for promotion');
  assert.equal(await card.locator('em').first().textContent(), 'canary');
  const link = card.getByRole('link', { name: 'promotion checklist' });
  assert.equal(await link.getAttribute('href'), 'https://example.com/runbook');
  assert.match(await card.locator(by('block-section')).first().textContent(), /\u23F3 Waiting for promotion at 10% — canary, step 1 of 2Runbook: promotion checklist · errors 0\.4% < 5%/);
  const fields = card.locator(by('section-fields'));
  assert.equal(await fields.locator(by('section-field')).count(), 4);
  assert.equal((await fields.evaluate((e) => getComputedStyle(e).gridTemplateColumns)).split(' ').length, 2);
  assert.match(await fields.textContent(), /Requested by@alice/);
  assert.equal(await card.locator('.mention').first().textContent(), '@alice');
  assert.match(await card.locator(by('block-context')).textContent(), /^dep-1 · state version 1 · AwaitingPromotion$/);
  const buttons = card.locator(by('block-button'));
  assert.deepEqual(await buttons.evaluateAll((bs) => bs.map((b) => [b.tagName, b.textContent, b.className])),
    [['BUTTON', 'Approve', 'btn btn-primary'], ['BUTTON', 'Promote', 'btn btn-primary'], ['BUTTON', 'Roll back', 'btn btn-danger']]);
  check('card: header, bold, italic, code, link, mention, emoji, two-column fields, context, styled buttons');

  // Its thread: the chart, shown inline; and the response_url's ephemeral for alice.
  const chart = page.locator(`${by('thread')} ${by('file-image')} img`);
  await chart.waitFor();
  await page.waitForFunction((selector) => document.querySelector(selector)?.naturalWidth === 360, `${by('thread')} ${by('file-image')} img`);
  assert.equal(await chart.getAttribute('alt'), 'Error rate, canary vs stable');
  await page.locator(`${by('message')}.ephemeral`, { hasText: 'Started dep-1; follow the card in #deploys.' }).waitFor();
  check('thread reply with the uploaded PNG chart inline; response_url ephemeral');
  await page.screenshot({ path: options.screenshot.replace(/\.png$/, '') + '.card.png' }); // the card with its buttons, for people

  // The confirm dialog: Cancel sends nothing.
  await card.getByRole('button', { name: 'Roll back', exact: true }).click();
  const dialog = page.locator(by('confirm-dialog'));
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await page.textContent(by('confirm-title')), 'Roll back lambda_router?');
  assert.equal(await page.textContent(by('confirm-text')), 'Version 4 gets all the traffic back.');
  assert.equal(await page.textContent(by('confirm-ok')), 'Roll back');
  assert.equal(await page.getAttribute(by('confirm-ok'), 'class'), 'btn btn-danger');
  await page.click(by('confirm-deny'));
  await dialog.waitFor({ state: 'hidden' });
  check('confirm dialog shows title, text, confirm and deny; Cancel sends nothing');

  // A draft survives the polls.
  await page.fill(by('composer-input'), '/deploy draft');
  await twoPolls();
  assert.equal(await page.inputValue(by('composer-input')), '/deploy draft');
  check('the composer keeps a draft across polls');

  // bob approves: the card changes in place and is marked edited; the thread grows and stays collapsible.
  await actAs(page, 'bob');
  await card.getByRole('button', { name: 'Approve', exact: true }).click();
  await page.locator(by('message'), { hasText: 'Approved by @bob' }).waitFor();
  const updated = page.locator(by('message'), { hasText: 'Approved by @bob' });
  assert.equal(await updated.locator(by('edited')).textContent(), '(edited)');
  assert.equal(await updated.locator(by('block-button')).count(), 0);
  const toggle = page.locator(by('thread-toggle'));
  await toggle.waitFor();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator(`${by('thread')} ${by('reply')}`).count(), 1);
  assert.match(await page.locator(`${by('thread')} ${by('reply')}`).textContent(), /@bob clicked Approve on dep-1/);
  await toggle.click();
  await twoPolls();
  assert.equal(await page.locator(`${by('thread')} ${by('reply')}`).count(), 2);
  assert.equal(await page.getAttribute(by('thread-toggle'), 'aria-expanded'), 'true');
  check('bob approves: card updated in place with (edited); thread collapsed to the latest reply, expands and stays expanded');

  // Scrolled up, the reader stays where they are while messages arrive, and is offered a way down.
  for (let i = 0; i < 30; i++) await postAsBot(`filler ${i}`);
  await page.locator(by('message'), { hasText: 'filler 29' }).waitFor();
  await page.evaluate((selector) => { document.querySelector(selector).scrollTop = 0; }, by('history'));
  await postAsBot('one more');
  await page.locator(by('message'), { hasText: 'one more' }).waitFor();
  await twoPolls();
  assert.equal(await page.evaluate((selector) => document.querySelector(selector).scrollTop, by('history')), 0);
  assert.equal(await page.isVisible(by('jump-latest')), true);
  await page.click(by('jump-latest'));
  assert.equal(await page.evaluate((s) => { const h = document.querySelector(s); return h.scrollHeight - h.scrollTop - h.clientHeight < 48; }, by('history')), true);
  check('scroll position kept across polls; "new messages" button');

  // Faults panel: calls the sandbox and shows its answer.
  await page.fill(by('fault-function'), 'lambda_router');
  await page.fill(by('fault-version'), '5');
  await page.fill(by('fault-error-rate'), '50');
  await page.fill(by('fault-duration'), '1200');
  await page.click(by('fault-inject'));
  await page.locator(by('fault-answer'), { hasText: /^The stub heard POST\.$/ }).waitFor();
  await page.click(by('fault-clear'));
  await page.locator(by('fault-answer'), { hasText: /^The stub heard DELETE\.$/ }).waitFor();
  check('faults panel posts and deletes, and shows the answers as the sentences they carry');

  // The InfluxDB switches show what GET /sandbox/faults says (the stub: prod slow, dev up); moving one posts the fault.
  await page.waitForFunction((selector) => document.querySelector(selector).checked, by('influx-prod-slow'));
  assert.equal(await page.isChecked(by('influx-dev-up')), true);
  await page.check(by('influx-prod-down'));
  await page.locator(by('fault-answer'), { hasText: /^The stub heard POST for prod's InfluxDB: down\.$/ }).waitFor();
  assert.equal(await page.isChecked(by('influx-prod-down')), true);
  await page.fill(by('influx-latency'), '1500');
  await page.check(by('influx-dev-slow'));
  await page.locator(by('fault-answer'), { hasText: /^The stub heard POST for dev's InfluxDB: slow\.$/ }).waitFor();
  await page.fill(by('fault-function'), 'influxdb_loader');
  await page.click(by('dlq-add'));
  await page.locator(by('fault-answer'), { hasText: /^The stub heard POST for influxdb_loader-dlq: 5 messages\.$/ }).waitFor();
  // Nothing in the faults panel is wider than the sidebar.
  assert.equal(await page.evaluate((selector) => {
    const panel = document.querySelector(selector).closest('section');
    const right = panel.getBoundingClientRect().right;
    return [...panel.querySelectorAll('*')].every((e) => e.getBoundingClientRect().right <= right + 0.5);
  }, by('faults-form')), true);
  await page.locator('section.faults').screenshot({ path: options.screenshot.replace(/\.png$/, '') + '.faults.png' });
  check('InfluxDB switches read the state, post down and slow (with its latency); DLQ +5 posts five messages; nothing overflows');

  // Flags panel: prod, then dev, each flag with its state as /sandbox/flags has it, and prod's deployment in progress.
  const answer = (await (await fetch(new URL('sandbox/flags', base))).json()).environments;
  const shownFlags = (env) => page.locator(`${by(`flags-env-${env}`)} .flag`).evaluateAll((items) => items.map((item) =>
    [item.querySelector('[data-testid="flag-name"]').textContent, item.querySelector('[data-testid="flag-state"]').textContent]));
  await page.locator(by('flags-deployment-prod')).waitFor();
  assert.deepEqual(await page.locator(`${by('flags-list')} > div`).evaluateAll((boxes) => boxes.map((b) => b.dataset.testid)), ['flags-env-prod', 'flags-env-dev']);
  for (const env of ['prod', 'dev']) {
    assert.deepEqual(await shownFlags(env), answer[env].flags.map((f) => [f.name, f.enabled ? 'on' : 'off']), `${env}'s flags`);
  }
  assert.deepEqual(await shownFlags('prod'), [['enable_new_api_endpoint', 'off'], ['enable_enhanced_processing', 'off'], ['enable_advanced_monitoring', 'off']]);
  assert.deepEqual(await shownFlags('dev'), [['enable_new_api_endpoint', 'off'], ['enable_enhanced_processing', 'on'], ['enable_advanced_monitoring', 'off']]);
  assert.equal(await page.textContent(by('flags-deployment-prod')), 'deploying 40% (OpsBot flg-1)');
  assert.equal(await page.locator(by('flags-deployment-dev')).count(), 0);
  assert.match(await page.locator(by('flags-env-dev')).locator('h3').textContent(), /^dev version 2$/);
  // Nothing in the panel is wider than the sidebar; the list is polled (every 2 s).
  assert.equal(await page.evaluate((selector) => {
    const panel = document.querySelector(selector);
    const right = panel.getBoundingClientRect().right;
    return panel.scrollWidth <= panel.clientWidth && [...panel.querySelectorAll('*')].every((e) => e.getBoundingClientRect().right <= right + 0.5);
  }, by('flags-panel')), true);
  for (let i = 0; i < 2; i++) await page.waitForResponse((r) => r.url().endsWith('/sandbox/flags'));
  await page.locator(by('flags-panel')).screenshot({ path: options.screenshot.replace(/\.png$/, '') + '.flags.png' });
  check('flags panel: the three flags of prod and dev with their state, prod\'s deployment in progress, polled, nothing overflows');

  // Back to the card for the screenshot.
  await updated.scrollIntoViewIfNeeded();
  await page.screenshot({ path: options.screenshot });
  assert.deepEqual(problems, []);
  console.log(JSON.stringify({ ok: true, checks }, null, 2));
} catch (error) {
  const failure = options.screenshot.replace(/\.png$/, '') + '.failure.png';
  await page.screenshot({ path: failure }).catch(() => {});
  console.error(`page check failed after: ${checks.join(' → ') || 'nothing'}\n${error.stack ?? error}\n${problems.join('\n')}\nscreenshot: ${failure}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
