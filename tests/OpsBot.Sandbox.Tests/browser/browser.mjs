// Shared by the console scripts: Debian's chromium driven by playwright-core (no browser download), and the page's
// readiness. The profile is new for every run: chromium.launch gives each browser a fresh temporary user-data-dir
// and deletes it on close.
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function openConsole({ baseUrl, chromiumPath, width = 1280, height = 900 }) {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width, height } });
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()} (${message.location().url})`);
  });
  await page.goto(baseUrl);
  await page.locator('body[data-ready="true"]').waitFor({ timeout: 15000 });
  return { browser, page, problems };
}

export const by = (testId) => `[data-testid="${testId}"]`;

/** Acts as a person: the radio button of their name. */
export async function actAs(page, name) {
  await page.check(by(`user-${name}`));
  await page.locator(by('acting-as'), { hasText: `acting as ${name} ` }).waitFor();
}

/** Types into the composer and sends; resolves once the page has reported what became of it. */
export async function send(page, text) {
  const hint = page.locator(by('composer-hint'));
  const before = await hint.textContent();
  await page.fill(by('composer-input'), text);
  await page.press(by('composer-input'), 'Enter');
  await page.waitForFunction(([selector, previous]) => {
    const now = document.querySelector(selector).textContent;
    return now !== previous && !now.startsWith('Sending') && !now.startsWith('Posting'); // Slack's and Teams' in-flight hints
  }, [by('composer-hint'), before]);
  return hint.textContent();
}

/** The root messages' ts shown now. */
export function shownTs(page) {
  return page.$$eval(`${by('message')}[data-ts]`, (nodes) => nodes.map((n) => n.dataset.ts));
}
