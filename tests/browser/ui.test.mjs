// The web UI in a real browser: search, map, article highlights as text,
// a hostile article that must not run, phone width. Screenshots of each
// view go to the output directory.
// usage: node ui.test.mjs BASE_URL CHROMIUM OUTDIR
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';

const [base, executablePath, outDir] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const problems = [];
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
page.on('request', (r) => { if (!r.url().startsWith(base)) problems.push(`left the server: ${r.url()}`); });
let passed = 0;
async function check(name, fn) {
  try { await fn(); passed++; console.log(`ok - ${name}`); }
  catch (e) { console.log(`not ok - ${name}\n  ${e.message.split('\n').join('\n  ')}`); process.exitCode = 1; }
}

await check('search for Kursk lists articles and puts Kursk on the map', async () => {
  await page.goto(`${base}/`);
  await page.fill('input[name=q]', 'Kursk');
  await page.click('#search button');
  await page.waitForSelector('#view[data-ready=search]');
  const titles = await page.locator('ul.articles li a').allTextContents();
  assert.ok(titles.some((t) => /Kursk/.test(t)), `titles: ${titles}`);
  const points = await page.locator('svg.map circle.point').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-places')));
  assert.ok(points.some((p) => p.split(', ').includes('Kursk')), `points: ${points}`);
  assert.ok(await page.locator('svg.map path.land').count() > 100, 'the countries are drawn');
  await page.screenshot({ path: `${outDir}/search-kursk.png`, fullPage: true });
});

await check('a click on the Kursk point lists the place and filters by it', async () => {
  await page.locator('svg.map circle.point[data-places*="Kursk"]').first().click();
  const behind = page.locator('ul.picked ul.behind a', { hasText: /Kursk|North Korean/ }).first();
  await behind.waitFor();
  assert.match(await behind.getAttribute('href'), /^#\/article\/[0-9a-f]{16}$/);
  await page.screenshot({ path: `${outDir}/map-point.png`, fullPage: true });
  const link = page.locator('ul.picked a', { hasText: 'Kursk' }).first();
  await link.click();
  await page.waitForSelector('#view[data-ready=search]');
  assert.match(page.url(), /place=Kursk/);
  assert.ok(await page.locator('ul.articles li a').count() >= 1);
});

await check('an article shows its facts highlighted as text', async () => {
  await page.goto(`${base}/#/?q=Kursk`);
  await page.waitForSelector('#view[data-ready=search]');
  await page.locator('ul.articles li a', { hasText: 'captured two North Korean soldiers' }).first().click();
  await page.waitForSelector('#view[data-ready=article]');
  const kinds = await page.locator('.article-text .hl').evaluateAll((s) => [...new Set(s.flatMap((x) => x.dataset.kinds.split(' ')))]);
  for (const k of ['entity', 'place', 'quote']) assert.ok(kinds.includes(k), `highlight kinds: ${kinds}`);
  const kursk = page.locator('.article-text .hl-place', { hasText: /^Kursk$/ }).first();
  assert.equal(await kursk.evaluate((n) => n.childElementCount), 0, 'a highlight holds text only');
  await kursk.click();
  assert.match(await page.locator('#detail').textContent(), /Kursk/);
  const quote = page.locator('ul.quotes li').first();
  assert.ok(await quote.count(), 'quotes are listed');
  await page.screenshot({ path: `${outDir}/article.png`, fullPage: true });
});

await check('the hostile article renders as text and runs nothing', async () => {
  await page.goto(`${base}/#/?q=onerror`);
  await page.waitForSelector('#view[data-ready=search]');
  await page.locator('ul.articles li a').first().click();
  await page.waitForSelector('#view[data-ready=article]');
  const text = await page.locator('.article-text').textContent();
  assert.ok(text.includes('<script>window.__pwned = 3</script>'), 'the markup is shown as words');
  assert.ok(text.includes('onerror='), 'the img markup is shown as words');
  assert.equal(await page.locator('.article-text script, .article-text img, .article-text a[href^="javascript"]').count(), 0);
  assert.equal(await page.locator('a[href^="javascript"]').count(), 0, 'no javascript: link anywhere');
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no hostile script ran');
  await page.screenshot({ path: `${outDir}/hostile.png`, fullPage: true });
});

await check('an entity page shows names, articles and co-occurring entities', async () => {
  await page.goto(`${base}/#/?q=Kursk`);
  await page.waitForSelector('#view[data-ready=search]');
  await page.locator('ul.articles li a').first().click();
  await page.waitForSelector('#view[data-ready=article]');
  await page.locator('.article-text .hl-entity', { hasText: /Zelensky/ }).first().click();
  await page.locator('#detail a[href^="#/entity/"]').first().click();
  await page.waitForSelector('#view[data-ready=entity]');
  assert.match(await page.locator('section.entity h2').textContent(), /Zelensky/);
  const nodes = page.locator('svg.graph a circle');
  assert.ok(await nodes.count() >= 1, 'co-occurring entities drawn');
  assert.ok((await nodes.first().boundingBox())?.width > 0, 'and visible');
  await nodes.first().click();
  await page.waitForSelector('#view[data-ready=entity]');
  assert.match(page.url(), /#\/entity\/[0-9]+$/);
  await page.goBack();
  await page.waitForSelector('#view[data-ready=entity]');
  await page.screenshot({ path: `${outDir}/entity.png`, fullPage: true });
});

await check('hovering "Sunday" shows its resolved date, 2025-01-05', async () => {
  await page.goto(`${base}/#/?q=attacked`);
  await page.waitForSelector('#view[data-ready=search]');
  await page.locator('ul.articles li a').first().click();
  await page.waitForSelector('#view[data-ready=article]');
  const sunday = page.locator('.article-text .hl-date', { hasText: /^Sunday$/ }).first();
  await sunday.hover();
  assert.match(await sunday.getAttribute('title'), /2025-01-05/);
});

await check('the event of an article opens its cluster: sources, articles and the evidence spans', async () => {
  await page.goto(`${base}/#/?q=attacked`);
  await page.waitForSelector('#view[data-ready=search]');
  await page.locator('ul.articles li a').first().click();
  await page.waitForSelector('#view[data-ready=article]');
  assert.ok(await page.locator('.article-text .hl-event').count() >= 1, 'the event is highlighted');
  const event = page.locator('ul.events li', { has: page.locator('a[href^="#/cluster/"]') }).first();
  const eventWords = await event.locator('q').textContent();
  await event.locator('a[href^="#/cluster/"]').click();
  await page.waitForSelector('#view[data-ready=cluster]');
  assert.match(await page.locator('section.cluster h2').textContent(), /FIGHT/);
  assert.ok(await page.locator('ul.sources li').count() >= 1, 'its sources are listed');
  assert.ok(await page.locator('section.list ul.articles li a[href^="#/article/"]').count() >= 1, 'its articles are listed');
  const marks = await page.locator('ul.evidence li mark').allTextContents();
  assert.ok(marks.length >= 1 && marks.every((m) => m.length > 0), `evidence spans: ${marks}`);
  assert.ok(marks.some((m) => m.includes(eventWords) || eventWords.includes(m)), `the clicked event's words among ${marks}`);
  assert.equal(await page.locator('ul.evidence mark').evaluateAll((ms) => ms.filter((m) => m.childElementCount).length), 0,
    'a span holds text only');
  await page.screenshot({ path: `${outDir}/cluster.png`, fullPage: true });
});

await check('an entity page shows its mentions over time and quotes about it', async () => {
  const res = await page.request.get(`${base}/api/v1/entities?entity=Kursk`);
  const kursk = (await res.json()).results.find((e) => e.name === 'Kursk');
  assert.ok(kursk, 'Kursk is an entity');
  await page.goto(`${base}/#/entity/${kursk.entity}`);
  await page.waitForSelector('#view[data-ready=entity]');
  const bars = page.locator('svg.mentions-per-day rect.bar');
  assert.ok(await bars.count() >= 2, 'mentions on two days at least');
  const titles = await page.locator('svg.mentions-per-day rect.bar title').allTextContents();
  assert.ok(titles.every((t) => /^\d{4}-\d{2}-\d{2}: \d+ mentions?$/.test(t)), `bar titles: ${titles}`);
  assert.ok(titles.some((t) => t.startsWith('2025-01-05')), `the dated article's day: ${titles}`);
  const about = await page.locator('section.quotes-about li q').allTextContents();
  assert.ok(about.length >= 1 && about.every((q) => /Kursk/.test(q)), `quotes about Kursk: ${about}`);
  await page.locator('section.mentions').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${outDir}/entity-mentions.png`, fullPage: true });
});

await check('brushing the timeline narrows the lists to those days', async () => {
  await page.goto(`${base}/#/`);
  await page.waitForSelector('#view[data-ready=search]');
  const before = await page.locator('ul.articles li a').count();
  const bars = page.locator('svg.timeline rect.bar');
  assert.ok(await bars.count() >= 3, 'dated events are drawn');
  await page.locator('svg.timeline').scrollIntoViewIfNeeded();
  const first = await bars.first().boundingBox();
  const box = await page.locator('svg.timeline').boundingBox();
  // from just left of the first day's bar to a third of the way along
  await page.mouse.move(first.x + 1, first.y + first.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 3, first.y + first.height / 2, { steps: 5 });
  await page.mouse.up();
  // (waitForFunction evaluates a string, which the page's CSP rightly refuses)
  for (let i = 0; i < 100 && !page.url().includes('since='); i++) await page.waitForTimeout(50);
  assert.match(page.url(), /since=/);
  await page.waitForSelector('#view[data-ready=search]');
  const after = await page.locator('ul.articles li').count();
  assert.ok(after >= 1 && after < before, `articles: ${before} before, ${after} after`);
  const range = new URLSearchParams(page.url().split('?')[1]);
  assert.equal(range.get('since'), '2025-01-02');
  assert.ok(range.get('until') < '2025-01-09', `until ${range.get('until')}`);
  await page.screenshot({ path: `${outDir}/timeline-brushed.png`, fullPage: true });
});

await check('phone width: the page fits without sideways scrolling', async () => {
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await phone.goto(`${base}/#/?q=Kursk`);
  await phone.waitForSelector('#view[data-ready=search]');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page is ${overflow}px wider than the screen`);
  await phone.screenshot({ path: `${outDir}/phone-search.png`, fullPage: true });
  await phone.close();
});

await check('no script error, nothing fetched from elsewhere', async () => {
  assert.deepEqual(problems, []);
});

await browser.close();
console.log(`browser tests: ${passed} passed${process.exitCode ? ', some FAILED' : ''}; screenshots in ${outDir}/`);
