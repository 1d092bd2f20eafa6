// screen.mjs - what an analyst sees: types "Dmitry Pantus" into the page of a
// running `embargo serve`, checks that PANTUS shows with its score and
// explanation, opens the record and checks the listings, scans a pasted text
// and checks the highlighted mention, and saves a screenshot.  Usage: node screen.mjs BASE_URL SCREENSHOT.png
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, shot] = process.argv.slice(2);
const profile = mkdtempSync(join(tmpdir(), 'embargo-e2e-'));
const fail = (msg) => { throw new Error(msg); };

// a fresh --user-data-dir: playwright passes it for a persistent context
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let code = 0;
try {
  const page = browser.pages()[0] || await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(base, { waitUntil: 'networkidle' });
  // the lists table fills in from /v1/lists
  await page.getByRole('cell', { name: 'us_ofac_sdn', exact: true }).waitFor({ timeout: 15000 });
  const summary = await page.locator('#lists-summary').innerText();
  if (!/lists, [\d,]+ records loaded/.test(summary)) fail(`lists summary: ${summary}`);

  await page.getByLabel('Name').fill('Dmitry Pantus');
  await page.getByRole('button', { name: 'Screen' }).click();
  const first = page.locator('#results > li').first();
  await first.waitFor({ timeout: 15000 });
  const text = await first.innerText();
  if (!text.includes('PANTUS, Dmitry Aleksandrovich')) fail(`first result: ${text}`);
  if (!text.includes('ALERT')) fail('first result not marked ALERT');
  if (!/0\.9\d|1\.00/.test(await first.locator('.score').innerText())) fail('score not shown');
  if (!text.includes('Matched name: PANTUS, Dmitriy')) fail('explanation (matched name) not shown');
  if (!/pantus\s*→\s*pantus/.test(text)) fail(`alignment not shown: ${text}`);
  if (!/token alignment/.test(text)) fail('factor detail not shown');
  if (!(await first.locator('.scorebar .bar').isVisible())) fail('score bar not visible');
  const status = await page.locator('#status').innerText();
  if (!/Dmitry Pantus: \d+ alerts?/.test(status)) fail(`status line: ${status}`);

  await first.locator('button.hit').click();
  const detail = page.locator('#detail');
  await detail.locator('#listings li').first().waitFor({ timeout: 10000 });
  const dtext = await detail.innerText();
  if (!dtext.includes('us_ofac_sdn 34779')) fail(`record: ${dtext}`);
  if (!/Listings of this party \(\d+\)/.test(dtext)) fail('listings heading missing');
  if (!dtext.includes('1982-09-06')) fail('record lacks the date of birth');
  if (!dtext.includes('Beryozovka')) fail('record lacks the place of birth');

  // a pasted text: its listed party highlighted in context, with score and ALERT
  await page.getByLabel(/^Text/).fill('The transfer went to Dmitry Pantus in Minsk on Monday.');
  await page.getByRole('button', { name: 'Scan', exact: true }).click();
  const mention = page.locator('#mentions > li').first();
  await mention.waitFor({ timeout: 15000 });
  const mt = await mention.innerText();
  if (!mt.includes('ALERT') || !/PANTUS/.test(mt)) fail(`first mention: ${mt}`);
  if ((await mention.locator('mark').innerText()) !== 'Dmitry Pantus') fail('mention not highlighted');
  if (!mt.includes('The transfer went to') || !mt.includes('in Minsk on Monday.')) fail(`mention context: ${mt}`);
  const sst = await page.locator('#scan-status').innerText();
  if (!/^[1-9]\d* alerts?, \d+ mentions? \(threshold 0\.80\)$/.test(sst)) fail(`scan status: ${sst}`);

  await page.screenshot({ path: shot, fullPage: true });
  if (errors.length) fail(`page errors: ${errors.join('; ')}`);
  console.log(`e2e: ok (screenshot ${shot})`);
} catch (e) {
  console.error(`e2e: FAIL: ${e.message}`);
  code = 1;
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(code);
