// The widget as another site embeds it: a host page on a second origin
// loads the loader script, the iframe fits its content, the widget answers
// the keyboard, keeps working offline, and asks nothing of any other origin.
import { test, expect } from '@playwright/test';
import { PORT, HOST_PORT } from './playwright.config.mjs';

const APP = `http://127.0.0.1:${PORT}/`;
const HOST = `http://127.0.0.1:${HOST_PORT}/`;

test('a host page on another origin embeds the widget with the loader', async ({ page, context }) => {
  const requests = [];
  page.on('request', (r) => requests.push({ url: r.url(), frame: r.frame() }));
  await page.goto(`${HOST}host.html?app=${encodeURIComponent(APP)}`);

  const iframe = page.locator('#calculator iframe');
  await expect(iframe).toHaveCount(1);
  const widget = page.frameLocator('#calculator iframe');
  const cash = widget.locator('[data-kpi="cash_increase"]');
  await expect(cash).toHaveAttribute('data-value', /.+/);
  // Options from the host: English, revenue 2,000,000, its colour.
  expect(Number(await cash.getAttribute('data-value'))).toBeCloseTo((2000000 / 365) * 10, 6);
  await expect(cash).toHaveText('€54,795');
  await expect(widget.locator('html')).toHaveAttribute('lang', 'en');
  await expect(widget.locator('html')).toHaveAttribute('style', /--brand:\s*#b03a2e/);

  // The frame takes the height of its content (not the loader's 600 px).
  const frame = page.frame({ url: /widget\/index\.html/ });
  await expect.poll(async () => {
    const content = await frame.evaluate(() => document.documentElement.scrollHeight);
    const box = await iframe.boundingBox();
    return Math.abs(box.height - content);
  }).toBeLessThanOrEqual(1);
  expect((await iframe.boundingBox()).height).toBeGreaterThan(800);
  // The host's content below is pushed down, not covered.
  const below = await page.locator('#below').boundingBox();
  const box = await iframe.boundingBox();
  expect(below.y).toBeGreaterThanOrEqual(box.y + box.height - 1);

  // Keyboard works inside the frame.
  await widget.getByTestId('dso_reduction-slider').focus();
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => Number(await cash.getAttribute('data-value'))).toBeCloseTo((2000000 / 365) * 11, 6);

  // Offline once loaded: the widget keeps computing.
  await context.setOffline(true);
  await widget.getByTestId('revenue').fill('3650000');
  await expect.poll(async () => Number(await cash.getAttribute('data-value'))).toBeCloseTo(110000, 6);
  await context.setOffline(false);

  // Requests: the host's own, and the widget's to the app's origin only; no
  // analysis code, no charts.
  const widgetRequests = requests.filter((r) => r.frame === frame).map((r) => r.url);
  expect(widgetRequests.length).toBeGreaterThan(0);
  for (const url of widgetRequests) expect(url.startsWith(APP), url).toBe(true);
  for (const { url } of requests) expect(url.startsWith(APP) || url.startsWith(HOST), url).toBe(true);
  expect(requests.some((r) => /echarts/.test(r.url))).toBe(false);
  expect(requests.some((r) => /\/encours-[0-9a-f]+_bg\.wasm/.test(r.url))).toBe(false);
});

test('the widget page alone takes its options from the query string', async ({ page }) => {
  await page.goto(`${APP}widget/index.html?calculator=dso&dso_receivables=40000&dso_revenue=100000&dso_days=31`);
  await expect(page.locator('[data-kpi="dso_simple"]')).toHaveAttribute('data-value', '12.4');
  await expect(page.locator('[data-kpi="dso_simple"]')).toHaveText('12,4\u00a0j');
  await expect(page.getByTestId('savings-calculator')).toHaveCount(0);
  await page.goto(`${APP}widget/index.html?calculator=both&currency=USD&lang=en&revenue=730000`);
  await expect(page.getByTestId('dso-calculator')).toHaveCount(1);
  await expect(page.locator('[data-kpi="cash_increase"]')).toHaveText('$20,000');
});

test('the Embed page builds the snippet and previews the widget', async ({ page }) => {
  await page.goto(`${APP}#/embed`);
  const snippet = page.getByTestId('embed-snippet');
  await expect(snippet).toHaveValue(new RegExp(`^<script src="${APP.replace(/[./]/g, '\\$&')}public/embed\\.js" data-lang="fr" async></script>$`));
  await page.getByTestId('embed-currency').selectOption('USD');
  await page.getByTestId('embed-calculator').selectOption('both');
  await page.getByTestId('embed-lang').selectOption('en');
  await expect(snippet).toHaveValue(/data-lang="en" data-currency="USD" data-calculator="both"/);
  await expect(page.getByTestId('embed-iframe')).toHaveValue(/widget\/index\.html\?lang=en&currency=USD&calculator=both/);
  const preview = page.frameLocator('[data-testid="embed-preview"]');
  await expect(preview.getByTestId('dso-calculator')).toBeVisible();
  await expect(preview.locator('[data-kpi="cash_increase"]')).toHaveText(/^\$/);
  // The preview fits its content as the loader does.
  await expect.poll(async () => (await page.getByTestId('embed-preview').boundingBox()).height).toBeGreaterThan(1500);
});

test('the widget weighs at most 80 KB gzipped, loader included', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const { gzipSync } = await import('node:zlib');
  const { fileURLToPath } = await import('node:url');
  const dir = fileURLToPath(new URL('../../dist/widget/', import.meta.url));
  const files = readdirSync(dir).filter((f) => /\.(wasm|js|css|html)$/.test(f)).map((f) => dir + f);
  files.push(fileURLToPath(new URL('../../public/embed.js', import.meta.url)));
  const total = files.reduce((a, f) => a + gzipSync(readFileSync(f), { level: 9 }).length, 0);
  expect(files.some((f) => f.endsWith('.wasm'))).toBe(true);
  expect(total).toBeLessThanOrEqual(80 * 1024);
});

test('the widget and the page carry no import code: only the analysis worker does', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const dir = fileURLToPath(new URL('../../dist/widget/', import.meta.url));
  const wasm = readdirSync(dir).filter((f) => f.endsWith('.wasm'));
  expect(wasm).toHaveLength(1);
  const bytes = readFileSync(dir + wasm[0]).toString('latin1');
  // Header synonyms and encoding names live only in the import code.
  for (const marker of ['invoicenumber', 'datefacture', 'Windows-1252']) expect(bytes.includes(marker), marker).toBe(false);
  // ...which the analysis worker does carry (so the check can fail), and
  // the app's page does not either: the file is read in the worker.
  const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
  // (Markers no other text of the page spells: "invoice" and "number"
  // are side by side in its own strings.)
  const markers = ['numerofacture', 'datefacture', 'compauxnum'];
  const worker = readFileSync(dist + 'worker_bg.wasm').toString('latin1');
  for (const marker of markers) expect(worker.includes(marker), marker).toBe(true);
  const page = readdirSync(dist).find((f) => /^encours-.*\.wasm$/.test(f));
  const pageBytes = readFileSync(dist + page).toString('latin1');
  for (const marker of markers) expect(pageBytes.includes(marker), marker).toBe(false);
});
