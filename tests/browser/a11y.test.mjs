// Accessibility of every page kind in headless Chromium: axe-core (injected
// into the page) must find no serious or critical violation; screenshots of
// the theme at 1280 and 390 px, light and dark.
//
//   SITE_DIR=_site ARTIFACTS=target/browser-artifacts node --test tests/browser/a11y.test.mjs
//
// CORPUS_SITE_DIR (optional): a built slice of the real docset; axe then also
// runs over a handful of its pages of each kind. tests/browser.rs sets both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SITE = path.resolve(process.env.SITE_DIR || '');
const CORPUS = process.env.CORPUS_SITE_DIR ? path.resolve(process.env.CORPUS_SITE_DIR) : null;
const ARTIFACTS = path.resolve(process.env.ARTIFACTS || 'browser-artifacts');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

let browser;
// Every run's findings, written to ARTIFACTS/axe-report.json at the end.
const report = [];

before(async () => {
  assert.ok(process.env.SITE_DIR, 'SITE_DIR must name a site built from content/');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  fs.writeFileSync(path.join(ARTIFACTS, 'axe-report.json'), JSON.stringify(report, null, 1));
});

async function newPage({ width = 1280, dark = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: dark ? 'dark' : 'light', reducedMotion: 'reduce' });
  // Offline: nothing may leave the machine (the sample embeds a video).
  await context.route(/^(https?|wss?):/, (route) => route.abort());
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.errors = errors;
  return page;
}

function fileUrl(root, rel) {
  const [file, query] = rel.split('?');
  return pathToFileURL(path.join(root, file)).href + (query ? `?${query}` : '');
}

/** axe over the open page: the serious and critical violations, as lines. */
async function axe(page, label) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { iframes: false, resultTypes: ['violations'] }),
  );
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  report.push({ page: label, violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })) });
  return bad.map((v) => `${label}: ${v.id} (${v.impact}, ${v.nodes.length}×): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

async function check(root, rel, opts = {}) {
  const page = await newPage(opts);
  await page.goto(fileUrl(root, rel));
  await page.waitForLoadState('load');
  if (opts.prepare) await opts.prepare(page);
  const label = `${rel}${opts.dark ? ' (dark)' : ''}${opts.width ? ` @${opts.width}px` : ''}`;
  const found = await axe(page, label);
  assert.deepEqual(page.errors, [], `${label}: page errors`);
  await page.context().close();
  return found;
}

/** The no-JavaScript TOC page of a variant. */
function tocPage(root, variant) {
  const dir = path.join(root, variant, '_toc');
  const f = fs.readdirSync(dir).filter((n) => n.endsWith('.html')).sort()[0];
  return `${variant}/_toc/${f}`;
}

const waitSearch = async (page) => {
  await page.locator('#search-results .search-status').waitFor();
};
const sideBySide = async (page) => {
  await page.waitForFunction(() => document.body.classList.contains('side-by-side'));
};
const drawer = async (page) => {
  await page.locator('.menu-button').click();
  await page.locator('nav#toc a').first().waitFor();
};

test('axe: no serious or critical violation on any page kind of the sample site', async () => {
  const v = 'nl-nl/lantern-global';
  const kinds = [
    ['index.html'],
    [`${v}/support.html`],
    ['en-us/lantern-global/support.html'],
    [`${v}/index.html`],
    [`${v}/get-started/install-apps.html`],
    [`${v}/whats-new.html`],
    [`${v}/search.html?q=datalek`, { prepare: waitSearch }],
    [tocPage(SITE, v)],
    ['nl-nl/404.html'],
    ['404.html'],
    [`${v}/support.html?view=side-by-side`, { prepare: sideBySide }],
    [`${v}/support.html`, { width: 390 }],
    [`${v}/support.html`, { width: 390, prepare: drawer }],
    [`${v}/support.html`, { dark: true }],
    [`${v}/index.html`, { dark: true }],
    [`${v}/search.html?q=datalek`, { dark: true, prepare: waitSearch }],
    [`${v}/support.html?view=side-by-side`, { dark: true, prepare: sideBySide }],
  ];
  // The FAQ page in both locales (Hub pages: the corpus's home pages, below).
  kinds.push([`${v}/support-faq.html`], ['en-us/lantern-global/support-faq.html'], [`${v}/support-faq.html`, { dark: true }]);
  const found = [];
  for (const [rel, opts] of kinds) found.push(...(await check(SITE, rel, opts)));
  assert.deepEqual(found, [], 'serious or critical axe violations');
});

test('axe: the real docset, when it is built beside the sample', { skip: !CORPUS && 'no CORPUS_SITE_DIR' }, async () => {
  const variants = fs.readdirSync(path.join(CORPUS)).filter((l) => fs.statSync(path.join(CORPUS, l)).isDirectory() && !l.startsWith('_'))
    .flatMap((l) => fs.readdirSync(path.join(CORPUS, l)).filter((e) => fs.statSync(path.join(CORPUS, l, e)).isDirectory()).map((e) => `${l}/${e}`))
    .sort();
  // Content pages spread over the docset (deterministic), with bilingual
  // text: the first variant (in name order) of a locale that shows it.
  let variant = null;
  let content = [];
  for (const v of variants) {
    const pages = [];
    const walk = (d) => {
      for (const n of fs.readdirSync(d).sort()) {
        const p = path.join(d, n);
        if (fs.statSync(p).isDirectory()) { if (!n.startsWith('_')) walk(p); } else if (n.endsWith('.html')) pages.push(p);
      }
    };
    walk(path.join(CORPUS, v));
    content = pages.filter((p) => {
      const h = fs.readFileSync(p, 'utf8');
      return h.includes('<article') && h.includes('class="sxs"');
    });
    variant = v;
    if (content.length >= 5) break;
  }
  assert.ok(content.length >= 5, `only ${content.length} bilingual pages in ${variant}`);
  const picks = [0.1, 0.3, 0.5, 0.7, 0.9].map((f) => path.relative(CORPUS, content[Math.floor(f * content.length)]).split(path.sep).join('/'));
  const kinds = [
    [`${variant}/index.html`],
    ...['admin/index.html', 'business-video/index.html', 'admin/setup/domains-faq.html']
      .filter((p) => fs.existsSync(path.join(CORPUS, variant, p))).map((p) => [`${variant}/${p}`]),
    ...picks.map((p) => [p]),
    [`${variant}/search.html?q=teams`, { prepare: waitSearch }],
    [tocPage(CORPUS, variant)],
    [`${variant.split('/')[0]}/404.html`],
    [`${picks[2]}?view=side-by-side`, { prepare: sideBySide }],
    [picks[1], { width: 390, prepare: drawer }],
    [picks[3], { dark: true }],
  ];
  const found = [];
  for (const [rel, opts] of kinds) {
    if (fs.existsSync(path.join(CORPUS, rel.split('?')[0]))) found.push(...(await check(CORPUS, rel, opts)));
  }
  assert.deepEqual(found, [], 'serious or critical axe violations in the real docset');
});

test('screenshots of the theme at 1280 and 390 px, light and dark', async () => {
  for (const width of [1280, 390]) {
    for (const dark of [false, true]) {
      const page = await newPage({ width, dark });
      await page.goto(fileUrl(SITE, 'nl-nl/lantern-global/get-started/create-workspace.html'));
      await page.waitForLoadState('load');
      const file = path.join(ARTIFACTS, `theme-${width}-${dark ? 'dark' : 'light'}.png`);
      await page.screenshot({ path: file, fullPage: width === 390 ? false : true });
      assert.ok(fs.statSync(file).size > 10_000, `${file} is suspiciously small`);
      if (width === 390) {
        // The article comes first on a phone: its title is in the first screen.
        const box = await page.locator('article h1').boundingBox();
        assert.ok(box && box.y < 400, `the title starts ${box?.y}px down on a phone`);
        await page.locator('.menu-button').click();
        await page.locator('nav#toc a[aria-current="page"]').first().waitFor();
        assert.equal(await page.locator('.menu-button').getAttribute('aria-expanded'), 'true');
        await page.screenshot({ path: path.join(ARTIFACTS, `theme-390-${dark ? 'dark' : 'light'}-menu.png`) });
        await page.keyboard.press('Escape');
        assert.equal(await page.locator('nav#toc').isVisible(), false, 'Escape does not close the drawer');
      } else {
        // Wide: the TOC and the outline stay in view while the article scrolls.
        await page.mouse.wheel(0, 1500);
        await page.waitForFunction(() => window.scrollY > 0);
        const toc = await page.locator('nav#toc').boundingBox();
        assert.ok(toc && toc.y <= 1 && toc.y >= -1, `the TOC is not sticky (y=${toc?.y})`);
      }
      await page.context().close();
    }
  }
  // The theme toggle: remembered across pages, overriding the system.
  const page = await newPage({ width: 1280 });
  await page.goto(fileUrl(SITE, 'nl-nl/lantern-global/support.html'));
  // The logo of tolk.yml, before the site title.
  assert.ok(await page.locator('.site-title img').evaluate((i) => i.complete && i.naturalWidth > 0), 'the logo did not load');
  const toggle = page.locator('.theme-toggle');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  await page.goto(fileUrl(SITE, 'nl-nl/lantern-global/index.html'));
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(22, 24, 27)');
  await page.context().close();
});
