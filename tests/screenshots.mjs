// Screenshots of each page in French and English, narrow and wide, for a
// person to look at: `node tests/screenshots.mjs` (after `make build`),
// PNGs in target/screenshots/. Not a test: it asserts nothing.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PORT = 8097;
const out = fileURLToPath(new URL('../target/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });
const server = spawn('node', [fileURLToPath(new URL('./serve.mjs', import.meta.url)), 'dist', String(PORT)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const only = process.argv[2];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const shots = [
  ['analyse-empty', '#/analyse', null],
  ['analyse-sample', '#/analyse', async (p) => { await p.getByTestId('load-sample').click(); await p.locator('[data-kpi="ar_total"]').waitFor(); }],
  ['analyse-expanded', '#/analyse', async (p) => {
    await p.getByTestId('load-sample').click();
    await p.getByTestId('aged-group').selectOption('division');
    await p.locator('[data-testid="aged-balance"] tbody button.expand').first().click();
  }],
  ['calculators', '#/calculators', null],
  ['dunning', '#/dunning', null],
  ['embed', '#/embed', null],
  ['widget', 'widget/index.html?calculator=both&', null],
];
for (const [name, hash, act] of shots) {
  if (only && !name.startsWith(only)) continue;
  for (const lang of ['fr', 'en']) {
    for (const [w, h] of [[390, 844], [1366, 900]]) {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      const url = hash.startsWith('#') ? `?lang=${lang}${hash}` : `${hash}lang=${lang}`;
      await page.goto(`http://127.0.0.1:${PORT}/${url}`);
      await page.waitForTimeout(300);
      if (act) await act(page);
      await page.screenshot({ path: `${out}${name}-${lang}-${w}.png`, fullPage: true });
      await page.close();
    }
  }
}
await browser.close();
server.kill();
console.log(`screenshots in ${out}`);
