// The search box in headless Chromium, per locale: the live results under the
// header box (as the reader types) and the results page run the same query
// logic, so the live hits are the results page's first hits, in order.
//
//   SITE_DIR=… LOCALES_DIR=… node --test tests/browser/search.test.mjs
//
// SITE_DIR is the sample site (nl-NL, en-US), LOCALES_DIR holds the locale
// fixtures built by tests/browser.rs (zh-tw, ja-jp, ko-kr, he-il). Pages are
// opened from file://; nothing may leave the machine.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const SITE = path.resolve(process.env.SITE_DIR || '');
const LOCALES = process.env.LOCALES_DIR ? path.resolve(process.env.LOCALES_DIR) : '';
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const LIVE_MAX = 8;

let browser;
let context;
let problems = [];

before(async () => {
  assert.ok(process.env.SITE_DIR, 'SITE_DIR must name a site built from content/');
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  context.setDefaultTimeout(15_000);
  await context.route(/^(https?|wss?):/, (route) => route.abort());
});

after(async () => {
  await browser?.close();
});

afterEach(async () => {
  for (const p of context?.pages() ?? []) await p.close();
  const seen = problems;
  problems = [];
  assert.deepEqual(seen, [], 'the pages reported errors');
});

/** Open a file of a built site (`root`: the site folder). */
async function open(root, rel) {
  const [file, query] = rel.split('?');
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on('requestfailed', (r) => {
    if (r.url().startsWith('file:')) problems.push(`failed to load ${r.url()}: ${r.failure()?.errorText}`);
  });
  await page.goto(pathToFileURL(path.join(root, file)).href + (query ? `?${query}` : ''));
  return page;
}

/** Path of a file:// URL relative to `root`. */
const relTo = (root, u) => path.relative(root, fileURLToPath(String(u).split(/[?#]/)[0])).split(path.sep).join('/');

/** Type `query` into the header box of `pagePath`: the live hits and the marks of the first one. */
async function live(root, pagePath, query) {
  const page = await open(root, pagePath);
  const input = page.locator('form.search input[name="q"]');
  await input.click();
  await input.pressSequentially(query, { delay: 20 });
  const box = page.locator('#search-live');
  await box.locator('a.search-title').first().waitFor();
  // The box answers the whole query, not a prefix typed on the way.
  await page.waitForFunction((q) => {
    const b = document.getElementById('search-live');
    return b.getAttribute('data-query') === q && b.querySelector('a.search-title');
  }, query);
  const hits = (await box.locator('a.search-title').evaluateAll((as) => as.map((a) => a.href))).map((u) => relTo(root, u));
  const marks = await box.locator('.search-hit').first().locator('.search-title mark').allInnerTexts();
  return { page, hits, marks };
}

/** The results page's hits for `query` (site paths). */
async function results(root, variant, query) {
  const page = await open(root, `${variant}/search.html?q=${encodeURIComponent(query)}`);
  await page.locator('#search-results .search-status').waitFor();
  await page.waitForFunction(() => !document.querySelector('#search-results[aria-busy]'));
  const hits = (await page.locator('#search-results a.search-title').evaluateAll((as) => as.map((a) => a.href))).map((u) => relTo(root, u));
  const first = page.locator('#search-results .search-snippet').first();
  const snippet = await first.innerHTML().catch(() => '');
  // How the snippet's lines align: 'right' when they end at the right edge.
  const align = await first.evaluate((p) => {
    const st = getComputedStyle(p);
    return st.textAlign === 'start' ? (st.direction === 'rtl' ? 'right' : 'left') : st.textAlign;
  }).catch(() => '');
  await page.close();
  return { hits, snippet, align };
}

// [name, site folder, variant, a page to type on, query, expected first page, marked in its title]
const CASES = [
  ['nl-NL', () => SITE, 'nl-nl/lantern-global', 'support.html', 'sneltoets', 'reference/keyboard-shortcuts.html', null],
  ['nl-NL (partial word)', () => SITE, 'nl-nl/lantern-global', 'support.html', 'sneltoe', 'reference/keyboard-shortcuts.html', null],
  ['en-US', () => SITE, 'en-us/lantern-global', 'support.html', 'audit log', 'admin/audit-log.html', 'Audit'],
  ['zh-TW', () => path.join(LOCALES, 'zh-tw'), 'zh-tw/default', 'licenses.html', '授權', 'licenses.html', '授權'],
  ['ja-JP', () => path.join(LOCALES, 'ja-jp'), 'ja-jp/default', 'sign-in.html', 'ライセンス', 'licenses.html', 'ライセンス'],
  ['ko-KR', () => path.join(LOCALES, 'ko-kr'), 'ko-kr/default', 'sign-in.html', '라이선스', 'licenses.html', '라이선스'],
  ['he-IL', () => path.join(LOCALES, 'he-il'), 'he-il/default', 'sign-in.html', 'רישיונות', 'licenses.html', 'רישיונות'],
  // The text has only הסיסמה (the password): the word behind its prefix.
  ['he-IL (prefixed word)', () => path.join(LOCALES, 'he-il'), 'he-il/default', 'licenses.html', 'סיסמה', 'sign-in.html', null],
];

for (const [name, root, variant, on, query, first, mark] of CASES) {
  const needsLocales = !['nl-NL', 'en-US'].includes(name.split(' ')[0]);
  test(`live box and results page agree: ${name} '${query}'`, { skip: needsLocales && !LOCALES ? 'LOCALES_DIR not set' : false }, async () => {
    const site = root();
    const l = await live(site, `${variant}/${on}`, query);
    const r = await results(site, variant, query);
    assert.ok(l.hits.length > 0, `${name}: no live hits`);
    assert.ok(l.hits.includes(`${variant}/${first}`), `${name}: live hits ${l.hits}`);
    assert.deepEqual(l.hits, r.hits.slice(0, LIVE_MAX), `${name}: live ${l.hits} vs results page ${r.hits}`);
    if (mark) assert.ok(l.marks.some((m) => m.toLowerCase() === mark.toLowerCase()), `${name}: marks ${l.marks}`);
    // The results page shows a snippet with the match marked.
    assert.match(r.snippet, /<mark>/, `${name}: snippet ${r.snippet}`);
    assert.equal(r.align, name.startsWith('he-IL') ? 'right' : 'left', `${name}: snippet alignment`);
    if (name === 'he-IL') {
      // Right to left: the live hits stand at the right edge of their box.
      const list = l.page.locator('#search-live .search-list');
      const title = l.page.locator('#search-live a.search-title').first();
      const [bl, bt] = await Promise.all([list.boundingBox(), title.boundingBox()]);
      assert.ok(Math.abs(bl.x + bl.width - (bt.x + bt.width)) < 2, `live hit ${JSON.stringify(bt)} not right-aligned in ${JSON.stringify(bl)}`);
    }
  });
}
