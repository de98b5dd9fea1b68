// Renders Adaptive Cards with Microsoft's own renderer (the `adaptivecards` package) in Debian's headless chromium,
// clicks every button, and reports what onExecuteAction received, so the test can read each click back as Teams
// would send it.
// Usage: node card-render.mjs <cards.json> <out-dir> <chromium-path>, the file holding [{ "name", "card" }].
// Prints [{ name, problems, parseEvents, validation, clicks: [{ title, type, verb, data }], png }]; writes <out-dir>/<i>.png.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const [cardsPath, outDir, chromiumPath] = process.argv.slice(2);
const cards = JSON.parse(readFileSync(cardsPath, 'utf8'));

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const results = [];

/** The first choice of the card's first Input.ChoiceSet, if any. */
function firstChoiceValue(node) {
  if (Array.isArray(node)) {
    for (const item of node) { const found = firstChoiceValue(item); if (found !== undefined) return found; }
  } else if (node && typeof node === 'object') {
    if (node.type === 'Input.ChoiceSet' && node.choices?.length) return node.choices[0].value;
    for (const value of Object.values(node)) { const found = firstChoiceValue(value); if (found !== undefined) return found; }
  }
  return undefined;
}
try {
  const page = await browser.newPage({ viewport: { width: 720, height: 900 } });
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => { if (message.type() === 'error') problems.push(`console error: ${message.text()}`); });
  // Images are OpsBot's hosted charts: answer them with a 1×1 PNG instead of going out to the network.
  await page.route('**/*', (route) => route.request().url().startsWith('https://')
    ? route.fulfill({ contentType: 'image/png', body: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64') })
    : route.continue());
  await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0;background:#fff;font-family:sans-serif"></body></html>');
  await page.addStyleTag({ path: require.resolve('adaptivecards/dist/adaptivecards.css') });
  await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });

  for (const [index, { name, card }] of cards.entries()) {
    problems.length = 0;
    const rendered = await page.evaluate(({ card, index }) => {
      const AC = window.AdaptiveCards;
      // A stand-in for Teams' markdown, enough to read the screenshot: backslash escapes, **bold**, <at>mentions</at>
      // (an escaped \<at> stays text, as in Teams, where only tags with a mention entity become mentions).
      AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
        const html = text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c])
          .replace(/(^|[^\\])&lt;at&gt;(.*?)&lt;\/at&gt;/g, '$1<b style="color:#6264a7">@$2</b>')
          .replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
          .replace(/\\([\\`*_{}[\]()#+\-.!|~=<>])/g, '$1')
          .replace(/\n/g, '<br>');
        result.outputHtml = html;
        result.didProcess = true;
      };
      const host = document.createElement('div');
      host.id = `card-${index}`;
      host.style.cssText = 'width:640px;padding:8px;border:1px solid #ddd;margin:8px';
      document.body.appendChild(host);
      window.executed = [];
      const adaptiveCard = new AC.AdaptiveCard();
      adaptiveCard.onExecuteAction = (action) => window.executed.push({
        title: action.title, type: action.getJsonTypeName(), verb: action.verb, data: JSON.parse(JSON.stringify(action.data ?? null)),
      });
      const context = new AC.SerializationContext();
      adaptiveCard.parse(card, context);
      const parseEvents = [];
      for (let i = 0; i < context.eventCount; i++) parseEvents.push(context.getEventAt(i).message);
      const validation = adaptiveCard.validateProperties().validationEvents.map((e) => e.message);
      const element = adaptiveCard.render();
      if (!element) return { parseEvents, validation, rendered: false, buttons: 0 };
      host.appendChild(element);
      return { parseEvents, validation, rendered: true, buttons: host.querySelectorAll('button.ac-pushButton').length };
    }, { card, index });

    const host = page.locator(`#card-${index}`);
    // The incident's "Turn off a flag…" needs a choice: choose the first, as a person would.
    const select = host.locator('select');
    const firstChoice = firstChoiceValue(card);
    if (await select.count() > 0 && firstChoice !== undefined) await select.first().selectOption(firstChoice);
    const png = join(outDir, `${index}.png`);
    await host.screenshot({ path: png });
    const clicks = [];
    for (let b = 0; b < rendered.buttons; b++) {
      await page.evaluate(() => { window.executed = []; });
      await host.locator('button.ac-pushButton').nth(b).click();
      clicks.push(...await page.evaluate(() => window.executed));
    }
    results.push({ name, problems: [...problems], parseEvents: rendered.parseEvents, validation: rendered.validation, rendered: rendered.rendered, buttons: rendered.buttons, clicks, png });
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results));
