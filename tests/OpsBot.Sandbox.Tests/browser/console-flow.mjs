// The chat console, end to end in headless chromium: open the page, act as the deployer, type a command, see the
// bot's card appear, act as the approver, click a button on the card (through its confirm dialog if it has one), see
// the card change, take a screenshot. Works against the tests' stub bot and against a running sandbox:
//
//   node console-flow.mjs --base-url http://127.0.0.1:5080/ --user alice --approver bob \
//     --command "/deploy lambda_router" --button Promote --expect "Promoted" --screenshot console.png
//
// Options: --channel (default deploys), --timeout-ms (each wait; default 120000: a sandbox canary needs about a
// minute before it asks for promotion), --chromium (default /usr/bin/chromium), --fault function:version:errorRate:durationMs
// (first inject that fault with the faults panel in --fault-environment, default prod, and clear it again, expecting
// a sentence each time, not a refusal).
// Prints a JSON summary; exits 1 with the reason (and a screenshot beside --screenshot) when a step fails.
import { parseArgs } from 'node:util';
import { openConsole, by, actAs, send, shownTs } from './browser.mjs';

const { values: options } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    user: { type: 'string', default: 'alice' },
    approver: { type: 'string', default: 'bob' },
    channel: { type: 'string', default: 'deploys' },
    command: { type: 'string', default: '/deploy lambda_router' },
    button: { type: 'string', default: 'Promote' },
    expect: { type: 'string' },
    screenshot: { type: 'string', default: 'console.png' },
    'timeout-ms': { type: 'string', default: '120000' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
    fault: { type: 'string' },
    'fault-environment': { type: 'string', default: 'prod' },
  },
});
if (!options['base-url'] || !options.expect) {
  console.error('usage: node console-flow.mjs --base-url URL --expect TEXT [--user alice] [--approver bob] [--channel deploys] ' +
    '[--command "/deploy lambda_router"] [--button Promote] [--screenshot console.png] [--timeout-ms 120000] [--fault fn:version:errorRate:durationMs]');
  process.exit(2);
}
const timeout = Number(options['timeout-ms']);
const steps = [];
const step = (text) => { steps.push(text); };

const { browser, page, problems } = await openConsole({ baseUrl: options['base-url'], chromiumPath: options.chromium });
page.setDefaultTimeout(timeout);
try {
  if (options.fault) {
    const [fn, version, errorRate, durationMs] = options.fault.split(':');
    await page.selectOption(by('fault-environment'), options['fault-environment'] ?? 'prod');
    await page.fill(by('fault-function'), fn);
    await page.fill(by('fault-version'), version);
    await page.fill(by('fault-error-rate'), errorRate ?? '');
    await page.fill(by('fault-duration'), durationMs ?? '');
    await page.click(by('fault-inject'));
    const sentence = (before) => page.waitForFunction(([selector, previous]) => {
      const answer = document.querySelector(selector);
      return answer.textContent !== previous && answer.textContent.endsWith('.') && !answer.classList.contains('problem') && answer.textContent;
    }, [by('fault-answer'), before]);
    const injected = await (await sentence('')).jsonValue();
    await page.click(by('fault-clear'));
    await sentence(injected);
    step(`injected and cleared a fault on ${fn} version ${version}`);
  }

  await page.click(by(`channel-${options.channel}`));
  await page.locator(by('channel-title'), { hasText: `#${options.channel}` }).waitFor();
  await actAs(page, options.user);
  const before = new Set(await shownTs(page));
  const outcome = await send(page, options.command);
  if (!outcome.includes('acknowledged')) throw new Error(`the command was not acknowledged: ${outcome}`);
  step(`${options.user} sent ${options.command}: ${outcome}`);

  // The card: the first new message for everyone (not an ephemeral) that carries blocks.
  const cardTs = await page.waitForFunction(([selector, known]) => {
    const card = [...document.querySelectorAll(selector)]
      .find((m) => !known.includes(m.dataset.ts) && !m.classList.contains('ephemeral') && m.querySelector('.blocks'));
    return card?.dataset.ts;
  }, [`${by('message')}[data-ts]`, [...before]], { timeout }).then((handle) => handle.jsonValue());
  const card = page.locator(`${by('message')}[data-ts="${cardTs}"]`);
  step(`the card appeared: ${(await card.locator(by('block-header')).first().textContent().catch(() => '')) || cardTs}`);

  await actAs(page, options.approver);
  const button = card.getByRole('button', { name: options.button, exact: true });
  await button.waitFor({ timeout });
  const confirms = (await button.getAttribute('aria-haspopup')) === 'dialog';
  await button.click();
  if (confirms) {
    const dialog = page.locator(by('confirm-dialog'));
    await dialog.waitFor({ state: 'visible' });
    const title = await page.textContent(by('confirm-title'));
    await page.click(by('confirm-ok'));
    await dialog.waitFor({ state: 'hidden' });
    step(`${options.approver} clicked ${options.button} and confirmed “${title}”`);
  } else {
    step(`${options.approver} clicked ${options.button}`);
  }

  await page.locator(`${by('message')}[data-ts="${cardTs}"]`, { hasText: options.expect }).waitFor({ timeout });
  const edited = await card.locator(by('edited')).count();
  step(`the card changed: it now says “${options.expect}”${edited ? ' and is marked (edited)' : ''}`);

  // The whole story in the picture: the card's thread opened (charts included) before the screenshot.
  const unit = page.locator('.unit', { has: page.locator(`${by('message')}[data-ts="${cardTs}"]`) });
  const toggle = unit.locator(`${by('thread-toggle')}[aria-expanded="false"]`);
  if (await toggle.count() > 0) {
    await toggle.click();
    await unit.locator(`${by('thread-toggle')}[aria-expanded="true"]`).waitFor();
  }
  await page.waitForFunction(() => [...document.images].every((img) => img.complete));
  await page.screenshot({ path: options.screenshot });
  if (problems.length > 0) throw new Error(problems.join('\n'));
  console.log(JSON.stringify({ ok: true, cardTs, steps, screenshot: options.screenshot }, null, 2));
} catch (error) {
  const failure = options.screenshot.replace(/\.png$/, '') + '.failure.png';
  await page.screenshot({ path: failure }).catch(() => {});
  console.error(`console flow failed after: ${steps.join(' → ') || 'nothing'}\n${error.stack ?? error}\n${problems.join('\n')}\nscreenshot: ${failure}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
