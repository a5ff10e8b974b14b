// Screenshots of each page in French and English, narrow and wide, for a
// person to look at: `node tests/screenshots.mjs` (after `make build`),
// PNGs in target/screenshots/ (or $SHOTS_DIR); `node tests/screenshots.mjs
// open-items,converted` takes only the shots whose names begin so. Not a
// test: it asserts nothing.
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXPORTS, csv, fileName } from './e2e/history-exports.mjs';

const PORT = 8097;
const out = process.env.SHOTS_DIR ? `${process.env.SHOTS_DIR.replace(/\/$/, '')}/` : fileURLToPath(new URL('../target/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });
const server = spawn('node', [fileURLToPath(new URL('./serve.mjs', import.meta.url)), 'dist', String(PORT)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
// Names' beginnings, comma-separated (all when none).
const only = process.argv[2]?.split(',');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
/** An aged balance exported by an ERP: every line still open. */
async function openItems(p) {
  const csv = 'Client;N° facture;Date facture;Échéance;Solde TTC\r\nDurand SA;F-1001;12/01/2026;11/02/2026;12500,00\r\nDurand SA;F-1017;20/02/2026;22/03/2026;3980,45\r\nMartin SARL;F-1022;02/03/2026;01/04/2026;7200,99\r\nMartin SARL;F-0987;30/11/2025;30/12/2025;1500,00\r\nPetit & Fils;F-1040;18/03/2026;17/04/2026;23333,33\r\nPetit & Fils;AV-0012;05/03/2026;05/03/2026;-450,00\r\nBernard;F-1043;25/03/2026;24/04/2026;876,50\r\n';
  await p.getByTestId('import-file').setInputFiles({ name: 'balance-agee.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await p.locator('[data-kpi="ar_total"]').waitFor();
  await p.waitForTimeout(600);
}

/** The top of the dashboard and its figures, each on its own too. */
async function parts(p, shot) {
  await p.waitForTimeout(600);
  await p.locator('.controls').first().evaluate((el) => el.scrollIntoView());
  await p.screenshot({ path: `${out}${shot}-top.png` });
  // The charts section from its title: what is drawn, what is said instead.
  const clip = await p.evaluate(() => {
    const h = document.getElementById('charts');
    const g = document.querySelector('[data-testid="charts"]');
    if (!h || !g) return null;
    const a = h.getBoundingClientRect();
    const b = g.getBoundingClientRect();
    return { x: 0, y: a.top + window.scrollY - 8, width: document.documentElement.clientWidth, height: Math.min(b.bottom - a.top + 16, 1200) };
  });
  if (clip) await p.screenshot({ path: `${out}${shot}-chartsection.png`, clip, fullPage: true });
  for (const [part, sel] of [['figures', '.kpi-grid >> nth=0'], ['dso', '.kpi-grid >> nth=1'], ['charts', '[data-testid="charts"]']]) {
    const el = p.locator(sel).first();
    if (await el.count()) await el.screenshot({ path: `${out}${shot}-${part}.png` });
  }
}

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
  ['payments-sources', '#/analyse', async (p, shot) => {
    const fx = (n) => fileURLToPath(new URL(`./fixtures/${n}`, import.meta.url));
    await p.getByTestId('import-file').setInputFiles(fx('invoices-with-settled-dates.csv'));
    await p.locator('[data-kpi="ar_total"]').waitFor();
    await p.getByTestId('payments-file').setInputFiles(fx('payments-for-settled-invoices.csv'));
    await p.getByTestId('payments-differing').locator('summary').click();
    await p.getByTestId('payments-panel').screenshot({ path: `${out}${shot}-panel.png` });
  }],
  ['payments-labels', '#/analyse', async (p, shot) => {
    const fx = (n) => fileURLToPath(new URL(`./fixtures/${n}`, import.meta.url));
    await p.getByTestId('import-file').setInputFiles(fx('invoices-for-payments.csv'));
    await p.locator('[data-kpi="ar_total"]').waitFor();
    await p.getByTestId('payments-file').setInputFiles(fx('payments-bank-labels.csv'));
    await p.getByTestId('unapplied-table').waitFor();
    await p.getByTestId('payments-panel').screenshot({ path: `${out}${shot}-panel.png` });
  }],
  ['payments-mapping', '#/analyse', async (p, shot) => {
    const fx = (n) => fileURLToPath(new URL(`./fixtures/${n}`, import.meta.url));
    await p.evaluate(() => localStorage.removeItem('encours.v1.mappings'));
    await p.getByTestId('import-file').setInputFiles(fx('invoices-for-payments.csv'));
    await p.locator('[data-kpi="ar_total"]').waitFor();
    await p.getByTestId('payments-file').setInputFiles(fx('payments-unknown-headers.csv'));
    await p.getByTestId('mapping-screen').waitFor();
    await p.getByTestId('payments-panel').screenshot({ path: `${out}${shot}-panel.png` });
  }],
  ['calculators', '#/calculators', null],
  ['dunning', '#/dunning', null],
  ['dunning-plan', '#/dunning', async (p) => { await p.getByTestId('template-standard').click(); await p.getByTestId('plan-editor').waitFor(); }],
  ['dunning-file', '#/analyse', async (p, shot) => {
    await p.getByTestId('load-sample').click();
    await p.locator('[data-kpi="ar_total"]').waitFor();
    await p.getByTestId('nav-dunning').click();
    await p.getByTestId('template-gentle').click();
    await p.getByTestId('template-firm').click();
    await p.getByTestId('assign-rating-D').selectOption('firm');
    await p.getByTestId('calendar').waitFor();
    await p.locator('[data-testid="calendar"] details').first().click();
    // The calendar (with its pager) and the late invoices, each on its own.
    for (const [part, sel] of [['calendar', '[data-testid="calendar"]'], ['late', '[data-testid="late-invoices"]']]) {
      const el = p.locator(sel);
      if (await el.count()) await el.screenshot({ path: `${out}${shot}-${part}.png` });
    }
    // An action of the day with its "mark as done" form open.
    const action = p.getByTestId('today-action').first();
    if (await action.count()) {
      await action.getByTestId('today-mark-open').click();
      await action.getByTestId('today-promise-date').waitFor();
      await action.screenshot({ path: `${out}${shot}-mark.png` });
    }
  }],
  // The import summary of a file with ISO dates (said year-month-day).
  ['import-iso', '#/analyse', async (p, shot) => {
    await p.getByTestId('import-file').setInputFiles(fileURLToPath(new URL('./fixtures/type-status-supplier-bills.csv', import.meta.url)));
    await p.getByTestId('import-summary').screenshot({ path: `${out}${shot}-summary.png` });
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
  // Issue 24: an open-items list before and after its period's sales are
  // typed, and a two-currency file converted into euros.
  ['open-items', '#/analyse', async (p, shot) => { await openItems(p); await parts(p, shot); }],
  ['open-items-typed', '#/analyse', async (p, shot) => {
    await openItems(p);
    await p.getByTestId('period-sales').fill('147500');
    await p.locator('[data-kpi="dso_standard"]:not([data-value=""])').waitFor();
    await p.getByTestId('how-dso_standard').locator('summary').click();
    await parts(p, shot);
  }],
  ['converted', '#/analyse', async (p, shot) => {
    const csv = 'Invoice;Customer;Invoice date;Due date;Amount;Currency;Payment date\nA1;Alpha;01/02/2026;03/03/2026;10000,50;EUR;\nA2;Alpha;01/03/2026;31/03/2026;2500,10;EUR;20/03/2026\nB1;Bravo Inc;10/02/2026;12/03/2026;33333,33;USD;\nB2;Bravo Inc;05/03/2026;04/04/2026;10,99;USD;\nB3;Bravo Inc;15/01/2026;14/02/2026;7777,77;USD;20/02/2026\nC1;Charlie Ltd;10/03/2026;09/04/2026;45,61;GBP;\n';
    await p.getByTestId('import-file').setInputFiles({ name: 'two.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await p.locator('[data-kpi="ar_total"]').waitFor();
    await p.getByTestId('reporting-currency').selectOption('EUR');
    await p.getByTestId('rate-USD').fill('0.9234');
    await p.getByTestId('rate-GBP').fill('1.17');
    await p.locator('[data-kpi="ar_total"]:not([data-value=""])').waitFor();
    await parts(p, shot);
  }],
  // Amounts of 9 to 12 digits: no card cuts its figure (compact form, the
  // exact amount on focus).
  ['big-amounts', '#/analyse', async (p, shot) => {
    const csv = 'Facture;Client;Date facture;Échéance;Montant TTC;Date de règlement\nG1;Géant Industries;2026-01-05;2026-02-04;275113716,83;\nG2;Géant Industries;2026-02-05;2026-03-07;999999999999,99;\nG3;Titan SA;2026-01-10;2026-02-09;123456789012,34;2026-03-01\nG4;Titan SA;2026-03-10;2026-04-09;88888888888,88;\nG6;Colosse;2026-02-01;2026-03-03;345678901234,56;\n';
    await p.getByTestId('import-file').setInputFiles({ name: 'grands-comptes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await p.locator('[data-kpi="ar_total"]').waitFor();
    await p.waitForTimeout(600);
    const tight = p.locator('.kpi-value.tight').first();
    if (await tight.count()) await tight.focus();
    await p.waitForTimeout(200);
    await p.locator('.kpi-grid').first().screenshot({ path: `${out}${shot}-figures.png` });
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
// The server goes with this script even when a shot fails: one left
// behind would keep the port and serve an older dist/ to the next run.
try {
  for (const [name, hash, act] of shots) {
    if (only && !only.some((o) => name.startsWith(o))) continue;
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
} finally {
  await browser.close();
  server.kill();
}
console.log(`screenshots in ${out}`);
