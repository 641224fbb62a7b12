// Browser tests of the web UI: playwright-core drives Debian's Chromium
// against the real `marsad serve` over a store built from samples/.
// Run by .ci/run:  MARSAD=target/release/marsad npm test  (in tests/browser)
// SCREENSHOTS=DIR keeps the screenshots there (docs/ holds two of them).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const marsad = path.resolve(repo, process.env.MARSAD || 'target/debug/marsad');
const work = mkdtempSync(path.join(tmpdir(), 'marsad-ui-'));
const shots = process.env.SCREENSHOTS ? path.resolve(process.env.SCREENSHOTS) : path.join(work, 'shots');
mkdirSync(shots, { recursive: true });
const token = 'browser-test-token-0123456789';

let server, base, browser, profile;
// One persistent context over a fresh profile directory (Playwright passes
// it to Chromium as --user-data-dir).

before(async () => {
  const db = path.join(work, 'samples.db');
  execFileSync(marsad, ['run', 'samples', '--db', db], { cwd: repo, stdio: 'ignore' });
  writeFileSync(path.join(work, 'token'), token);
  server = spawn(marsad, ['serve', '--db', db, '--addr', '127.0.0.1:0', '--token-file', path.join(work, 'token')],
    { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  base = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/(127\.0\.0\.1:\d+)/);
      if (m) resolve(`http://${m[1]}`);
    });
    server.on('exit', (code) => reject(new Error(`marsad serve exited (${code})`)));
  });
  profile = mkdtempSync(path.join(tmpdir(), 'marsad-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1100, height: 900 },
    locale: 'ar',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
  rmSync(profile, { recursive: true, force: true });
  if (!process.env.SCREENSHOTS) rmSync(work, { recursive: true, force: true });
});

async function newPage() {
  const page = await browser.newPage();
  // No page may open a dialog or throw: both would mean a script ran.
  page.dialogs = [];
  page.on('dialog', async (d) => { page.dialogs.push(d.message()); await d.dismiss(); });
  page.on('pageerror', (e) => { page.dialogs.push(`error: ${e.message}`); });
  return page;
}

test('story list → story → citation → the cited sentence in its article', async () => {
  const page = await newPage();
  await page.goto(`${base}/`);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  assert.equal(await page.locator('li.story').count(), 5);
  await page.screenshot({ path: path.join(shots, 'stories.png') });

  // The floods story: its headline names Qartala.
  await page.locator('li.story h2 a', { hasText: 'قرطالة' }).first().click();
  await page.waitForURL(/\/story\/\d+$/);
  assert.ok((await page.locator('section.summary li').count()) >= 1);
  // The toll rose from 7 to 9: one updated fact, in time order, not a disagreement.
  const toll = page.locator('section.updated table', { hasText: 'القتلى' });
  assert.equal(await toll.count(), 1, 'the death toll is shown as updated');
  const values = await toll.locator('td.value').allInnerTexts();
  assert.equal(values[0].trim(), '7');
  assert.equal(values[values.length - 1].trim(), '9');
  assert.equal(await page.locator('section.facts table', { hasText: 'القتلى' }).count(), 0, 'no disagreement on the toll');
  await page.screenshot({ path: path.join(shots, 'story.png') });

  const cite = page.locator('section.summary a.cite').first();
  const href = await cite.getAttribute('href');
  const sentence = (await page.locator('section.summary li .sentence').first().innerText()).trim();
  await cite.click();
  await page.waitForURL(/\/article\/.+#s-\d+-\d+$/);
  const anchor = href.split('#')[1];
  const mark = page.locator(`mark[id="${anchor}"]`);
  await mark.waitFor();
  // The mark holds the sentence shown in the summary (white space aside).
  const squash = (s) => s.replace(/\s+/g, ' ').trim();
  const marked = squash((await page.locator('.body mark').allInnerTexts()).join(' '));
  assert.equal(marked, squash(sentence));
  assert.ok(await mark.isVisible());
  const box = await mark.boundingBox();
  assert.ok(box.y >= 0 && box.y < 900, `the cited sentence is scrolled into view (y=${box.y})`);
  await page.screenshot({ path: path.join(shots, 'article-cite.png') });
  assert.deepEqual(page.dialogs, []);
});

test('search finds a word written with a clitic', async () => {
  const page = await newPage();
  await page.goto(`${base}/`);
  // "بالأمطار" (bi- + al- + hamza) must find "أمطار" as the articles write it.
  await page.fill('header input[name=q]', 'بالأمطار');
  await page.press('header input[name=q]', 'Enter');
  await page.waitForURL(/\/search\?q=/);
  const hits = page.locator('li.hit');
  assert.ok((await hits.count()) >= 3);
  const marks = await page.locator('li.hit .snippet mark').allInnerTexts();
  assert.ok(marks.some((m) => m.includes('أمطار')), marks.join(' '));
  await page.screenshot({ path: path.join(shots, 'search.png') });
  assert.deepEqual(page.dialogs, []);
});

test('an article with script, onerror and javascript: links is inert text', async () => {
  const evil = {
    id: 'evil-1',
    url: 'javascript:alert("url")',
    outlet: 'صحيفة <img src=x onerror="alert(\'outlet\')">',
    title: '<script>alert("title")</script> خبر <img src=x onerror="document.title=\'pwned\'">',
    text: '<script>alert("text")</script>\n'
      + '<img src=x onerror="alert(\'img\')"> تهطل أمطار غزيرة على قرطالة.\n'
      + '<a href="javascript:alert(\'link\')">اضغط هنا</a> <svg onload="alert(\'svg\')"></svg>',
  };
  const res = await fetch(`${base}/api/articles`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(evil),
  });
  assert.equal(res.status, 200);
  const { articles } = await res.json();
  const story = articles[0].story;

  const page = await newPage();
  for (const url of [`/article/evil-1`, `/story/${story}`, `/search?q=${encodeURIComponent('قرطالة خبر')}`, '/']) {
    await page.goto(base + url);
    await page.waitForLoadState('load');
    assert.notEqual(await page.title(), 'pwned', url);
    // The only SVG is the page's own (coverage bars, the timeline chart).
    assert.equal(await page.locator('main script, main img, main svg:not(.bar):not(.chart)').count(), 0, url);
    assert.equal(await page.locator('main svg foreignObject, main svg script').count(), 0, url);
    assert.equal(await page.locator('a[href^="javascript:"]').count(), 0, url);
  }
  await page.goto(`${base}/article/evil-1`);
  const h1 = await page.locator('h1').innerText();
  assert.ok(h1.includes('<script>alert("title")</script>'), h1);
  assert.ok((await page.locator('.body').innerText()).includes('<a href="javascript:alert(\'link\')">'));
  // Give any late handler time to fire.
  await page.waitForTimeout(500);
  assert.deepEqual(page.dialogs, []);
});

test('an open page says when new articles arrive', async () => {
  const page = await newPage();
  await page.goto(`${base}/`);
  const notice = page.locator('#live');
  assert.equal(await notice.isVisible(), false);
  // The page's script has its first event before the store changes.
  await page.waitForTimeout(1500);
  const res = await fetch(`${base}/api/articles`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({
      id: 'live-1', outlet: 'صحيفة الحي', title: 'افتتاح مكتبة عامة في حي الزيتون',
      text: 'افتتحت البلدية مكتبة عامة جديدة في حي الزيتون صباح اليوم، تضم آلاف الكتب.',
    }),
  });
  assert.equal(res.status, 200);
  await notice.waitFor({ state: 'visible', timeout: 10000 });
  assert.ok((await notice.innerText()).includes('وصلت مقالات جديدة'));
  assert.deepEqual(page.dialogs, []);
});

// A phone (390 px) and a desktop (1400 px): no page may scroll sideways, and
// the story page carries its coverage bars, timeline chart and entities.
// Both widths are screenshot (SCREENSHOTS=docs keeps them for the README).
for (const width of [390, 1400]) {
  test(`no horizontal overflow at ${width} px; coverage, timeline chart and entities`, async () => {
    const page = await newPage();
    await page.setViewportSize({ width, height: 900 });
    const overflow = async () => page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.goto(`${base}/`);
    assert.equal(await overflow(), 0, `story list overflows at ${width}`);
    const box = await page.locator('form.search button').boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= width, 'the search button is on screen');
    await page.screenshot({ path: path.join(shots, `list-${width}.png`), fullPage: false });

    // The floods story with the most outlets (its meta line lists them).
    const href = await page.evaluate(() => {
      const items = [...document.querySelectorAll('li.story')]
        .filter((li) => li.querySelector('h2').textContent.includes('قرطالة'));
      items.sort((a, b) => b.querySelector('.meta').textContent.split('،').length
        - a.querySelector('.meta').textContent.split('،').length);
      return items[0].querySelector('h2 a').getAttribute('href');
    });
    await page.goto(base + href);
    assert.equal(await overflow(), 0, `story page overflows at ${width}`);
    assert.ok(await page.locator('section.coverage svg.bar').count() >= 2, 'coverage bars');
    assert.equal(await page.locator('section.coverage .first-badge').count(), 1, 'who was first');
    assert.ok(await page.locator('figure.timeline-chart svg circle').count() >= 2, 'timeline chart');
    assert.ok(await page.locator('section.entities li').count() >= 1, 'entities');
    assert.ok(await page.locator('p.export a[href^="/api/stories/"]').count() === 1, 'export link');
    // Fact table cells never break an Arabic word letter by letter: each
    // cell is at least as wide as its longest word.
    const narrow = await page.evaluate(() => {
      const bad = [];
      for (const td of document.querySelectorAll('section.facts td')) {
        const words = (td.textContent || '').split(/\s+/).filter((w) => w.length > 1);
        const probe = document.createElement('span');
        probe.style.whiteSpace = 'nowrap';
        probe.style.position = 'absolute';
        probe.style.visibility = 'hidden';
        td.appendChild(probe);
        for (const w of words) {
          probe.textContent = w;
          if (probe.getBoundingClientRect().width > td.clientWidth + 1) bad.push(w);
        }
        probe.remove();
      }
      return bad;
    });
    assert.deepEqual(narrow, [], 'words wider than their cell');
    await page.screenshot({ path: path.join(shots, `story-${width}.png`) });

    await page.locator('section.sources li a').first().click();
    await page.waitForURL(/\/article\//);
    assert.equal(await overflow(), 0, `article page overflows at ${width}`);

    await page.goto(`${base}/search?q=${encodeURIComponent('المنارة')}`);
    assert.ok(await page.locator('li.hit').count() >= 1);
    assert.equal(await overflow(), 0, `search page overflows at ${width}`);
    assert.equal(await page.locator('p.export a[href^="/api/search"]').count(), 1);
    await page.screenshot({ path: path.join(shots, `search-${width}.png`) });
    assert.deepEqual(page.dialogs, []);
    await page.close();
  });
}
