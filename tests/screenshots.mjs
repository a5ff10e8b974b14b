// Screenshots of each page in French and English, narrow and wide, for a
// person to look at: `node tests/screenshots.mjs` (after `make build`),
// PNGs in target/screenshots/. Not a test: it asserts nothing.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXPORTS, csv, fileName } from './e2e/history-exports.mjs';

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
  ['analyse-mapping', '#/analyse', async (p) => {
    const csv = 'Kd;Beleg;Belegdatum;Faelligkeit;Wert;Ausgleich\nK1;B1;03.01.2026;02.02.2026;100,00;10.02.2026\nK2;B2;04.01.2026;03.02.2026;50,00;\n';
    await p.getByTestId('import-file').setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await p.getByTestId('mapping-screen').waitFor();
  }],
  ['analyse-payments', '#/analyse', async (p) => {
    const inv = 'N° facture;Type;Client;Date facture;Montant TTC\nF-001;Facture;Alpha;05/01/2026;1 000,00\nF-002;Facture;Alpha;10/01/2026;500,00\nF-003;Facture fournisseur;Beta;15/01/2026;2 000,00\n';
    await p.getByTestId('import-file').setInputFiles({ name: 'factures.csv', mimeType: 'text/csv', buffer: Buffer.from(inv) });
    await p.locator('[data-kpi="ar_total"]').waitFor();
    const pay = 'Date;Référence;Client;Montant\n02/02/2026;F-001;Alpha;1 000,00\n12/02/2026;f 002;Alpha;200,00\n26/02/2026;X-999;Gamma;80,00\n';
    await p.getByTestId('payments-file').setInputFiles({ name: 'banque.csv', mimeType: 'text/csv', buffer: Buffer.from(pay) });
    await p.getByTestId('payments-summary').waitFor();
    await p.getByTestId('import-options').locator('summary').click();
  }],
  ['calculators', '#/calculators', null],
  ['dunning', '#/dunning', null],
  ['dunning-plan', '#/dunning', async (p) => { await p.getByTestId('template-standard').click(); await p.getByTestId('plan-editor').waitFor(); }],
  ['dunning-file', '#/analyse', async (p) => {
    await p.getByTestId('load-sample').click();
    await p.locator('[data-kpi="ar_total"]').waitFor();
    await p.getByTestId('nav-dunning').click();
    await p.getByTestId('template-gentle').click();
    await p.getByTestId('template-firm').click();
    await p.getByTestId('assign-rating-D').selectOption('firm');
    await p.getByTestId('calendar').waitFor();
    await p.locator('[data-testid="calendar"] details').first().click();
  }],
  ['dashboard', '#/analyse', async (p, shot) => {
    const ibm = fileURLToPath(new URL('./fixtures/ibm-accounts-receivable.csv', import.meta.url));
    await p.getByTestId('import-file').setInputFiles(ibm);
    await p.getByTestId('as-of').fill('2013-06-30');
    await p.locator('[data-kpi="ar_total"]').waitFor();
    await p.locator('[data-testid="chart-cei-trend"] canvas').first().waitFor();
    await p.getByTestId('how-dso_standard').locator('summary').click();
    await p.waitForTimeout(800);
    // The page is long: each section on its own too.
    for (const [part, sel] of [['figures', '.kpi-grid >> nth=1'], ['charts', '.chart-grid'], ['customers', '#customers-section'], ['aged', '[data-testid="aged-balance"]'], ['provisions', '[data-testid="provisions"]'], ['forecast', '#forecast-section']]) {
      const el = p.locator(sel).first();
      if (await el.count()) await el.screenshot({ path: `${out}${shot}-${part}.png` });
    }
  }],
  ['dashboard-print', '#/analyse', async (p, shot) => {
    const ibm = fileURLToPath(new URL('./fixtures/ibm-accounts-receivable.csv', import.meta.url));
    await p.getByTestId('import-file').setInputFiles(ibm);
    await p.getByTestId('as-of').fill('2013-06-30');
    await p.locator('[data-testid="chart-cei-trend"] canvas').first().waitFor();
    await p.waitForTimeout(800);
    await p.emulateMedia({ media: 'print' });
  }],
  ['history', '#/analyse', async (p, shot) => {
    // Three exports of one company kept one after the other.
    for (const e of EXPORTS) {
      await p.getByTestId('import-file').setInputFiles({ name: fileName(e), mimeType: 'text/csv', buffer: Buffer.from(csv(e)) });
      await p.getByTestId('import-summary').filter({ hasText: fileName(e) }).waitFor();
      await p.locator('[data-testid="history-keep"]:not([disabled])').waitFor();
      await p.getByTestId('history-keep').click();
      await p.getByTestId('history-status').waitFor();
    }
    await p.locator('[data-testid="history-chart-aged"] canvas').first().waitFor();
    await p.waitForTimeout(800);
    for (const [part, sel] of [['changes', '[data-testid="history-changes"]'], ['trends', '[data-testid="history-trends"]'], ['charts', '[data-testid="history-charts"]'], ['keeper', '[data-testid="history-keeper"]'], ['figures', '.kpi-grid >> nth=0']]) {
      const el = p.locator(sel).first();
      if (await el.count()) await el.screenshot({ path: `${out}${shot}-${part}.png` });
    }
  }],
  ['history-privacy', '#/analyse', async (p) => {
    const e = EXPORTS[0];
    await p.getByTestId('import-file').setInputFiles({ name: fileName(e), mimeType: 'text/csv', buffer: Buffer.from(csv(e)) });
    await p.locator('[data-testid="history-keep"]:not([disabled])').waitFor();
    await p.getByTestId('history-keep').click();
    await p.getByTestId('history-status').waitFor();
    await p.getByTestId('privacy-link').click();
    await p.locator('[data-testid="history-stored"] tr[data-history]').waitFor();
  }],
  ['embed', '#/embed', null],
  ['widget', 'widget/index.html?calculator=both&', null],
  ['privacy', '#/privacy', null],
  ['privacy-confirm', '#/privacy', async (p) => { await p.getByTestId('erase').click(); }],
  ['crash', '#/diagnostics/panic', async (p) => { await p.getByTestId('crash').waitFor(); }],
];
for (const [name, hash, act] of shots) {
  if (only && !name.startsWith(only)) continue;
  for (const lang of ['fr', 'en']) {
    for (const [w, h] of [[390, 844], [1366, 900]]) {
      const page = await browser.newPage({ viewport: { width: w, height: h } });
      const url = hash.startsWith('#') ? `?lang=${lang}${hash}` : `${hash}lang=${lang}`;
      await page.goto(`http://127.0.0.1:${PORT}/${url}`);
      await page.waitForTimeout(300);
      if (act) await act(page, `${name}-${lang}-${w}`);
      await page.screenshot({ path: `${out}${name}-${lang}-${w}.png`, fullPage: true });
      await page.close();
    }
  }
}
await browser.close();
server.kill();
console.log(`screenshots in ${out}`);
