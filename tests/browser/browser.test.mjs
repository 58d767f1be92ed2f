// End-to-end checks of a built tolk site in headless Chromium.
//
//   SITE_DIR=/path/to/site ARTIFACTS=target/browser-artifacts node --test tests/browser/browser.test.mjs
//
// SITE_DIR is the sample site (`tolk build content --out SITE_DIR`); tests/browser.rs
// builds it and runs this file. Pages are opened from file:// (the site's links
// are all relative); every request off the file system is refused. CHROMIUM
// overrides the browser (default /usr/bin/chromium, Debian's package).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const SITE = path.resolve(process.env.SITE_DIR || '');
const ARTIFACTS = path.resolve(process.env.ARTIFACTS || 'browser-artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

let browser;
let context;
// Problems seen by the open page: uncaught exceptions, console errors, failed local loads.
let problems = [];

/** file:// URL of a site path such as `nl-nl/lantern-global/support.html?q=x`. */
function url(rel) {
  const [file, query] = rel.split('?');
  return pathToFileURL(path.join(SITE, file)).href + (query ? `?${query}` : '');
}

/** Site path of a file:// URL (query and fragment dropped). */
function rel(u) {
  const p = fileURLToPath(new URL(String(u)).href.split(/[?#]/)[0]);
  return path.relative(SITE, p).split(path.sep).join('/');
}

async function open(relPath) {
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on('requestfailed', (r) => {
    if (r.url().startsWith('file:')) problems.push(`failed to load ${r.url()}: ${r.failure()?.errorText}`);
  });
  const response = await page.goto(url(relPath));
  assert.ok(response === null || response.ok(), `${relPath} did not load`);
  return page;
}

/** Open a page, look for the site header (a missing file shows Chromium's error page). */
async function assertOnSitePage(page, expected) {
  assert.equal(rel(page.url()), expected);
  await page.locator('header.site-header').waitFor();
}

before(async () => {
  assert.ok(process.env.SITE_DIR, 'SITE_DIR must name a site built from content/');
  assert.ok(fs.existsSync(path.join(SITE, 'nl-nl/lantern-global/support.html')), `no sample site in ${SITE}`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  context.setDefaultTimeout(15_000);
  // Offline: the sample embeds a YouTube video; nothing may leave the machine.
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

test('TOC expands to the current page and marks it', async () => {
  const page = await open('nl-nl/lantern-global/get-started/create-workspace.html');
  const current = page.locator('nav#toc a[aria-current="page"]');
  await current.first().waitFor();
  const links = await current.evaluateAll((as) =>
    as.map((a) => ({
      href: a.href,
      closedAncestors: (() => {
        let n = 0;
        for (let el = a.parentElement; el && el.id !== 'toc'; el = el.parentElement) {
          if (el.tagName === 'DETAILS' && !el.open) n++;
        }
        return n;
      })(),
      depth: (() => {
        let n = 0;
        for (let el = a.parentElement; el && el.id !== 'toc'; el = el.parentElement) {
          if (el.tagName === 'DETAILS') n++;
        }
        return n;
      })(),
    })),
  );
  assert.ok(links.length >= 1, 'no TOC link marked current');
  for (const l of links) {
    assert.equal(rel(l.href), 'nl-nl/lantern-global/get-started/create-workspace.html');
    assert.equal(l.closedAncestors, 0, `a <details> around ${l.href} is closed`);
  }
  // The page's own entry sits two levels deep (Lantern-documentatie › Aan de slag) and is shown.
  assert.ok(links.some((l) => l.depth >= 2), 'the current entry is not inside the expanded sections');
  assert.ok(await current.last().isVisible(), 'the current TOC entry is not visible');
  // Sections off the current path stay collapsed.
  const openSections = await page.locator('nav#toc details').evaluateAll((ds) =>
    ds.filter((d) => d.open).map((d) => d.querySelector(':scope > summary').textContent.trim()),
  );
  assert.deepEqual(openSections, ['Lantern-documentatie', 'Aan de slag'], 'open TOC sections');
  // The TOC links resolve to pages of the same variant.
  const hrefs = await page.locator('nav#toc a[href]').evaluateAll((as) => as.map((a) => a.href));
  assert.ok(hrefs.length >= 5);
  for (const h of hrefs) {
    const r = rel(h);
    assert.ok(r.startsWith('nl-nl/lantern-global/'), `TOC link leaves the variant: ${r}`);
    assert.ok(fs.existsSync(path.join(SITE, r)), `TOC link to a missing page: ${r}`);
  }
});

test('language switcher goes to the same page in English', async () => {
  const page = await open('nl-nl/lantern-global/support.html');
  // A <details> menu: closed until its summary is pressed (no JavaScript needed).
  assert.equal(await page.locator('.switch-language a[hreflang="en-US"]').isVisible(), false);
  await page.locator('.switch-language > summary').click();
  await page.locator('.switch-language a[hreflang="en-US"]').click();
  await page.waitForURL((u) => rel(u) === 'en-us/lantern-global/support.html');
  await assertOnSitePage(page, 'en-us/lantern-global/support.html');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en-US');
  assert.equal(await page.locator('.switch-language [aria-current]').getAttribute('lang'), 'en-US');
  assert.equal(await page.locator('.switch-language > summary > [lang]').textContent(), 'English');
  assert.equal((await page.locator('article h1').innerText()).trim(), 'Get support for Lantern');
});

test('environment switcher goes to the same page in another environment', async () => {
  const page = await open('nl-nl/lantern-global/support.html');
  await page.locator('.switch-environment > summary').click();
  // Display names from the docset's locales/ strings (environment-name-<moniker>).
  await page.locator('.switch-environment a', { hasText: 'Lantern voor Onderwijs' }).click();
  await page.waitForURL((u) => rel(u) === 'nl-nl/lantern-edu/support.html');
  await assertOnSitePage(page, 'nl-nl/lantern-edu/support.html');
  assert.equal(await page.locator('.switch-environment [aria-current]').textContent(), 'Lantern voor Onderwijs');
  assert.equal(await page.locator('html').getAttribute('lang'), 'nl-NL');
});

test('environment switcher marks environments without the page and leads to their home', async () => {
  const page = await open('nl-nl/lantern-global/admin/global-sharing.html');
  const absent = page.locator('.switch-environment a.absent');
  await page.locator('.switch-environment > summary').click();
  const labels = (await absent.allInnerTexts()).map((t) => t.split('(')[0].trim()).sort();
  assert.deepEqual(labels, ['Lantern Sovereign Cloud', 'Lantern voor Onderwijs']);
  for (const [label, env] of [['Lantern voor Onderwijs', 'lantern-edu'], ['Lantern Sovereign Cloud', 'lantern-sovereign']]) {
    const href = await absent.filter({ hasText: label }).evaluate((a) => a.href);
    assert.equal(rel(href), `nl-nl/${env}/index.html`);
  }
  // Shown as absent: struck through and muted, with an explanation.
  const style = await absent.first().evaluate((a) => getComputedStyle(a).textDecorationLine);
  assert.match(style, /line-through/);
  assert.match(await absent.first().textContent(), /niet beschikbaar/);
  await absent.filter({ hasText: 'Lantern voor Onderwijs' }).click();
  await page.waitForURL((u) => rel(u) === 'nl-nl/lantern-edu/index.html');
  await assertOnSitePage(page, 'nl-nl/lantern-edu/index.html');
});

/** The results page is done: hits listed, the first hits' snippets in. */
const settled = (page) => page.waitForFunction(() => !document.querySelector('#search-results[aria-busy]'));

/** Run a query on a variant's search page; the site paths of the hits. */
async function searchHits(variant, query) {
  const page = await open(`${variant}/search.html?q=${encodeURIComponent(query)}`);
  await page.locator('#search-results .search-status').waitFor();
  await page.waitForFunction(() => !document.querySelector('#search-results[aria-busy]'));
  const hits = await page.locator('#search-results a.search-title').evaluateAll((as) => as.map((a) => a.href));
  return { page, hits: hits.map(rel) };
}

test('search finds a Dutch word in nl-NL', async () => {
  const { page, hits } = await searchHits('nl-nl/lantern-global', 'datalek');
  assert.ok(hits.includes('nl-nl/lantern-global/support.html'), `hits: ${hits}`);
  assert.equal(await page.locator('#q').inputValue(), 'datalek');
  // A result leads to its page.
  await page.locator('#search-results a.search-title').filter({ hasText: 'Ondersteuning' }).first().click();
  await page.waitForURL((u) => rel(u) === 'nl-nl/lantern-global/support.html');
  await assertOnSitePage(page, 'nl-nl/lantern-global/support.html');
});

test('search finds an inflected Dutch word in nl-NL', async () => {
  // "sneltoets" (singular) finds the page titled "Sneltoetsen".
  const { hits } = await searchHits('nl-nl/lantern-global', 'sneltoets');
  assert.ok(hits.includes('nl-nl/lantern-global/reference/keyboard-shortcuts.html'), `hits: ${hits}`);
});

test('search finds an English word in en-US', async () => {
  const { page, hits } = await searchHits('en-us/lantern-global', 'shortcuts');
  assert.equal(hits[0], 'en-us/lantern-global/reference/keyboard-shortcuts.html', `hits: ${hits}`);
  assert.equal(await page.locator('#search-results .search-hit').first().locator('.search-title mark').innerText(), 'shortcuts');
});

test('search form in the header opens the results page', async () => {
  const page = await open('en-us/lantern-sovereign/support.html');
  await page.locator('form.search input[name="q"]').fill('audit');
  await page.locator('form.search input[name="q"]').press('Enter');
  await page.waitForURL((u) => rel(u) === 'en-us/lantern-sovereign/search.html');
  await page.locator('#search-results a.search-title').first().waitFor();
  const hits = (await page.locator('#search-results a.search-title').evaluateAll((as) => as.map((a) => a.href))).map(rel);
  assert.ok(hits.includes('en-us/lantern-sovereign/admin/audit-log.html'), `hits: ${hits}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'search-en-us-lantern-sovereign.png'), fullPage: true });
});

test('search reports no results for an unknown word', async () => {
  const { page, hits } = await searchHits('nl-nl/lantern-global', 'xyzzyquux');
  assert.deepEqual(hits, []);
  assert.match(await page.locator('#search-results .search-status').innerText(), /geen pagina/);
});

/** The English sentence of the warning alert on the en-US support page. */
async function englishWarning() {
  const page = await open('en-us/lantern-global/support.html');
  assert.equal(await page.locator('.sxs').count(), 0, 'the English tree has hover spans');
  const text = await page.locator('.alert.is-warning p:not(.alert-title)').innerText();
  await page.close();
  return text.trim();
}

const srcDisplay = (loc) => loc.evaluate((el) => getComputedStyle(el).display);

test('hover and keyboard focus show the English source of a Dutch sentence', async () => {
  const english = await englishWarning();
  const page = await open('nl-nl/lantern-global/support.html');
  const sxs = page.locator('.alert.is-warning .sxs').first();
  const src = sxs.locator(':scope > .sxs-src');
  assert.match(await sxs.evaluate((el) => el.firstChild.textContent), /datalek/);
  assert.equal(await srcDisplay(src), 'none');
  assert.equal(await src.isVisible(), false);

  // Scrolled first: Chromium does not update :hover when the same mouse move scrolls.
  await sxs.scrollIntoViewIfNeeded();
  await sxs.hover();
  assert.notEqual(await srcDisplay(src), 'none');
  assert.ok(await src.isVisible(), 'source not visible on hover');
  assert.equal((await src.innerText()).trim(), english);
  assert.equal(await src.getAttribute('lang'), 'en-US');
  // The popup fits in the window.
  const box = await src.boundingBox();
  assert.ok(box && box.width > 50 && box.x >= 0 && box.x + box.width <= 1280, `popup box ${JSON.stringify(box)}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'hover-nl-nl-lantern-global-support.png') });

  await page.mouse.move(1, 1);
  assert.equal(await srcDisplay(src), 'none');

  // Keyboard: no sentence is a tab stop (300 of them on a page, some inside
  // links); the side-by-side button is the keyboard route to the English.
  assert.equal(await page.locator('.sxs[tabindex], .sxs-src [tabindex]').count(), 0);
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  let reached = false;
  for (let i = 0; i < 40 && !reached; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => ({ sxs: !!document.activeElement?.closest('.sxs'), cls: document.activeElement?.className }));
    assert.equal(f.sxs, false, 'Tab stopped on a bilingual sentence');
    reached = f.cls === 'sxs-toggle';
  }
  assert.ok(reached, 'Tab never reached the side-by-side button');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('.sxs-toggle').getAttribute('aria-pressed'), 'true');
  assert.ok(await page.locator('article .sxs-col-s', { hasText: english }).isVisible());
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('.sxs-toggle').getAttribute('aria-pressed'), 'false');
});

test('side-by-side view shows each block next to its English source', async () => {
  const page = await open('nl-nl/lantern-global/support.html?view=side-by-side');
  await page.waitForFunction(() => document.body.classList.contains('side-by-side'));
  const cols = page.locator('article .sxs-cols');
  const n = await cols.count();
  assert.ok(n >= 8, `only ${n} blocks in columns`);
  // The warning sentence: Dutch on the left, its English source on the right, side by side.
  const row = page.locator('article .sxs-cols', { hasText: 'Meld een datalek' });
  const t = await row.locator('.sxs-col-t').innerText();
  const s = await row.locator('.sxs-col-s').innerText();
  assert.match(t, /Meld een datalek/);
  assert.ok(!/Always report/.test(t), `English in the translation column: ${t}`);
  assert.equal(s.trim(), 'Always report a data leak by phone right away, not by email.');
  assert.equal(await row.locator('.sxs-col-s').getAttribute('lang'), 'en-US');
  const [bt, bs] = await Promise.all([row.locator('.sxs-col-t').boundingBox(), row.locator('.sxs-col-s').boundingBox()]);
  assert.ok(bs.x > bt.x + bt.width - 1, 'columns are not side by side on a wide screen');
  assert.equal(await page.locator('.sxs-toggle').getAttribute('aria-pressed'), 'true');
  await page.screenshot({ path: path.join(ARTIFACTS, 'side-by-side-nl-nl-lantern-global-support.png'), fullPage: true });
  // On a phone the columns stack.
  await page.setViewportSize({ width: 400, height: 800 });
  const [pt, ps] = await Promise.all([row.locator('.sxs-col-t').boundingBox(), row.locator('.sxs-col-s').boundingBox()]);
  assert.ok(ps.y >= pt.y + pt.height - 1, 'columns do not stack on a narrow screen');
  await page.setViewportSize({ width: 1280, height: 900 });
  // The button (keyboard too) turns it off again and restores the reading view.
  await page.locator('.sxs-toggle').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.body.classList.contains('side-by-side')), false);
  assert.equal(await page.locator('article .sxs-cols').count(), 0);
  assert.equal(await srcDisplay(page.locator('.sxs-src').first()), 'none');
  assert.equal(await page.locator('.sxs-toggle').getAttribute('aria-pressed'), 'false');
});

test('screenshots of the reference page in two variants', async () => {
  for (const variant of ['nl-nl/lantern-global', 'en-us/lantern-sovereign']) {
    const page = await open(`${variant}/support.html`);
    await page.locator('nav#toc a[aria-current="page"]').first().waitFor();
    // Images loaded (lazy ones included) before the picture is taken.
    await page.evaluate(async () => {
      for (const img of document.images) {
        img.loading = 'eager';
        if (!img.complete) await new Promise((r) => { img.onload = img.onerror = r; });
      }
    });
    const broken = await page.evaluate(() => [...document.images].filter((i) => i.naturalWidth === 0).map((i) => i.src));
    assert.deepEqual(broken, [], 'broken images');
    const file = path.join(ARTIFACTS, `support-${variant.replace('/', '-')}.png`);
    await page.screenshot({ path: file, fullPage: true });
    assert.ok(fs.statSync(file).size > 10_000, `${file} is suspiciously small`);
    await page.close();
  }
});

// ---- Locales beyond nl-NL (tests/fixtures/locales, built by tests/browser.rs
// into LOCALES_DIR/<locale>): words without spaces, right to left. ----------
const LOCALES = process.env.LOCALES_DIR ? path.resolve(process.env.LOCALES_DIR) : '';
const skipLocales = LOCALES ? false : 'LOCALES_DIR not set';

/** Open a page of a locale fixture site (`zh-tw`, `zh-tw/default/x.html`). */
const openLocale = (site, relPath) => open(path.relative(SITE, path.join(LOCALES, site, relPath)));
const fileOf = (u) => path.basename(fileURLToPath(new URL(String(u)).href.split(/[?#]/)[0]));

test('search finds Chinese words written without spaces (zh-TW)', { skip: skipLocales }, async () => {
  // The results page: 加密 (encryption) stands inside longer clauses on two pages.
  let page = await openLocale('zh-tw', 'zh-tw/default/search.html?q=' + encodeURIComponent('加密'));
  await page.waitForFunction(() => document.querySelectorAll('#search-results a.search-title').length > 0);
  await settled(page);
  let hits = await page.locator('#search-results a.search-title').evaluateAll((as) => as.map((a) => a.href));
  assert.deepEqual(hits.map(fileOf).sort(), ['licenses.html', 'protect-data.html']);
  const marks = await page.locator('#search-results .search-snippet mark').allInnerTexts();
  assert.ok(marks.length > 0 && marks.every((m) => m === '加密'), `marks: ${marks}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'search-zh-tw.png'), fullPage: true });
  await page.close();

  // The header form of a page: typed, submitted, answered on the results page.
  page = await openLocale('zh-tw', 'zh-tw/default/licenses.html');
  const input = page.locator('form.search input[name="q"]');
  await input.fill('密碼');
  await input.press('Enter');
  await page.waitForURL((u) => fileOf(u) === 'search.html');
  const only = (file) => page.waitForFunction((f) => {
    const a = [...document.querySelectorAll('#search-results a.search-title')];
    return a.length === 1 && a[0].href.endsWith('/' + f);
  }, file);
  await only('sign-in.html');
  // Mixed scripts: the Latin word glued to Chinese is a word of its own.
  await page.locator('form.search input[name="q"]').fill('Autopilot裝置');
  await page.locator('form.search input[name="q"]').press('Enter');
  await only('licenses.html');
  await settled(page);
  assert.deepEqual(await page.locator('#search-results .search-snippet mark').allInnerTexts(), ['autopilot', '裝置']);
});

test('a right-to-left locale (he-IL) reads mirrored, its English source left to right', { skip: skipLocales }, async () => {
  const page = await openLocale('he-il', 'he-il/default/licenses.html');
  assert.equal(await page.locator('html').getAttribute('dir'), 'rtl');
  assert.equal(await page.locator('article').evaluate((el) => getComputedStyle(el).direction), 'rtl');
  // Nothing sticks out sideways (an off-screen element on the left would scroll an RTL page).
  const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(sw <= cw, `page ${sw}px wide in a ${cw}px window`);
  // The TOC stands on the right of the article.
  await page.locator('nav#toc a').first().waitFor();
  const [toc, main] = await Promise.all([page.locator('nav#toc').boundingBox(), page.locator('main').boundingBox()]);
  assert.ok(toc.x > main.x, `toc ${JSON.stringify(toc)} main ${JSON.stringify(main)}`);

  // Hover: the English source pops up under the sentence, from its right edge, left to right.
  const sxs = page.locator('article p .sxs').first();
  const src = sxs.locator(':scope > .sxs-src');
  await sxs.scrollIntoViewIfNeeded();
  await sxs.hover();
  assert.ok(await src.isVisible());
  assert.equal(await src.getAttribute('dir'), 'ltr');
  assert.equal(await src.getAttribute('lang'), 'en-US');
  assert.equal(await src.evaluate((el) => getComputedStyle(el).direction), 'ltr');
  const [bs, bp] = await Promise.all([sxs.boundingBox(), src.boundingBox()]);
  assert.ok(Math.abs(bs.x + bs.width - (bp.x + bp.width)) < 2, `popup ${JSON.stringify(bp)} not at the right edge of ${JSON.stringify(bs)}`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'hover-he-il.png') });
  await page.mouse.move(1, 1);

  // Side by side: Hebrew on the right, the English source on the left, left to right.
  await page.locator('.sxs-toggle').click();
  const row = page.locator('article .sxs-cols').first();
  const [bt, bsrc] = await Promise.all([row.locator('.sxs-col-t').boundingBox(), row.locator('.sxs-col-s').boundingBox()]);
  assert.ok(bt.x > bsrc.x + bsrc.width - 1, `translation ${JSON.stringify(bt)} not right of source ${JSON.stringify(bsrc)}`);
  assert.equal(await row.locator('.sxs-col-s').evaluate((el) => getComputedStyle(el).direction), 'ltr');
  await page.screenshot({ path: path.join(ARTIFACTS, 'side-by-side-he-il.png'), fullPage: true });
  await page.close();

  // Search results: found without a stemmer, right-aligned.
  const sp = await openLocale('he-il', 'he-il/default/search.html?q=' + encodeURIComponent('הצפנה'));
  const title = sp.locator('#search-results a.search-title').first();
  await title.waitFor();
  assert.equal(fileOf(await title.evaluate((a) => a.href)), 'licenses.html');
  const [bl, bh] = await Promise.all([sp.locator('#search-results .search-list').boundingBox(), title.boundingBox()]);
  assert.ok(Math.abs(bl.x + bl.width - (bh.x + bh.width)) < 2, `hit ${JSON.stringify(bh)} not right-aligned in ${JSON.stringify(bl)}`);
  assert.ok(bh.x > bl.x + 10, 'hit starts at the left edge');
  await sp.screenshot({ path: path.join(ARTIFACTS, 'search-he-il.png'), fullPage: true });
});

test('header search shows live results as the reader types', async () => {
  const page = await open('nl-nl/lantern-global/support.html');
  await page.locator('form.search input[name="q"]').fill('sneltoets');
  const live = page.locator('#search-live');
  await live.locator('a.search-title').first().waitFor();
  const hits = (await live.locator('a.search-title').evaluateAll((as) => as.map((a) => a.href))).map(rel);
  assert.ok(hits.includes('nl-nl/lantern-global/reference/keyboard-shortcuts.html'), `hits: ${hits}`);
  // Arrow down moves into the results, Escape back to the box and closes them.
  await page.locator('form.search input[name="q"]').press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('search-title')), true);
  await page.keyboard.press('Escape');
  assert.equal(await live.isVisible(), false);
});

test('code blocks are highlighted, focusable and have a copy button', async () => {
  const page = await open('en-us/lantern-global/admin/audit-log.html');
  const pre = page.locator('article pre').first();
  assert.equal(await pre.getAttribute('tabindex'), '0');
  await page.locator('article .code-block .copy-code').first().waitFor();
  assert.equal((await page.locator('article .copy-code').first().innerText()).trim(), 'Copy');
  assert.ok((await page.locator('article pre [class^="tk-"]').count()) > 0, 'no highlighted token');
});

test('math is typeset by the KaTeX shipped with the site, offline', async () => {
  const page = await open('nl-nl/lantern-global/reference/markdown-extensions.html');
  await page.locator('div.math .katex-display').first().waitFor();
  // Every math element rendered (the English ones in the hover too), none left as TeX.
  const left = await page.evaluate(() => [...document.querySelectorAll('.math')].filter((e) => !e.querySelector('.katex')).length);
  assert.equal(left, 0);
  assert.ok(await page.evaluate(() => document.fonts.check('16px KaTeX_Main')), 'KaTeX font loaded from _tolk/katex/');
  // Pages without math do not load it.
  const other = await open('nl-nl/lantern-global/support.html');
  assert.equal(await other.locator('script[src*="katex"]').count(), 0);
});
