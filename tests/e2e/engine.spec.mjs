// The analysis worker never leaves the page waiting: two files handed
// over quickly end on the later one, an amount no receivable can be is a
// row error, and a worker that dies is restarted with the file read again.
import { test, expect } from '@playwright/test';
import { kpi, uploadFile, failOnConsoleErrors } from './helpers.mjs';

/** A file of `rows` invoices of `amount` each, all open. */
function bigFile(rows, amount) {
  const lines = ['Facture;Client;Date facture;Échéance;Montant;Date règlement'];
  for (let i = 0; i < rows; i++) lines.push(`F${i};C${i % 500};01/03/2026;31/03/2026;${amount};`);
  return lines.join('\n');
}

test('two files handed over quickly: the figures are the later one\'s', async ({ page }) => {
  await page.goto('./');
  // The first file is much bigger, so its reading ends after the second's starts.
  const big = bigFile(150_000, '10,00');
  const small = ['Facture;Client;Date facture;Échéance;Montant;Date règlement', 'S1;Petit;01/03/2026;31/03/2026;42,00;'].join('\n');
  const input = page.getByTestId('import-file');
  await input.setInputFiles({ name: 'gros.csv', mimeType: 'text/csv', buffer: Buffer.from(big) });
  await input.setInputFiles({ name: 'petit.csv', mimeType: 'text/csv', buffer: Buffer.from(small) });
  await expect(page.locator('[data-testid="import-summary"] .file-name')).toHaveText('petit.csv');
  await expect.poll(() => kpi(page, 'ar_total')).toBe(42);
  // Still the later file once the earlier one has surely been read.
  await page.waitForTimeout(3000);
  await expect(page.locator('[data-testid="import-summary"] .file-name')).toHaveText('petit.csv');
  expect(await kpi(page, 'ar_total')).toBe(42);
});

test('an amount no receivable can be is a row error, the rest is analysed', async ({ page }) => {
  await page.goto('./');
  await uploadFile(page, 'enorme.csv', [
    'Facture;Client;Date facture;Échéance;Montant',
    'F1;Alpha;01/03/2026;31/03/2026;1000000000000000000000000000',
    'F2;Alpha;02/03/2026;01/04/2026;1e27',
    'F3;Beta;03/03/2026;02/04/2026;250,00',
  ]);
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-skipped', '2');
  await expect(page.getByTestId('import-issues').locator('tr[data-line="2"]')).toContainText('hors de proportion');
  expect(await kpi(page, 'ar_total')).toBe(250);
});

/** Two invoices analysed at 31/03/2026, then `harm` run in the analysis
 * worker: the user is told, the worker restarted with the file read again,
 * and the figures answer a new as-of date. */
async function recoversFrom(page, harm) {
  await page.goto('./');
  await uploadFile(page, 'factures.csv', [
    'Facture;Client;Date facture;Échéance;Montant;Date règlement',
    'F1;Alpha;01/03/2026;31/03/2026;1 000,00;',
    'F2;Beta;05/03/2026;04/04/2026;500,00;20/03/2026',
  ]);
  await page.getByTestId('as-of').fill('2026-03-31');
  await expect.poll(() => kpi(page, 'ar_total')).toBe(1000);
  const worker = page.workers().find((w) => w.url().includes('worker'));
  expect(worker, 'the analysis worker').toBeTruthy();
  await worker.evaluate(harm);
  await expect(page.getByTestId('worker-restarted')).toBeVisible();
  // The figures come back from the new worker (the file read again) and still answer.
  await expect(page.getByTestId('import-status')).toHaveCount(0);
  await expect(page.locator('[data-kpi="ar_total"]')).toBeVisible();
  await page.getByTestId('as-of').fill('2026-03-15');
  await expect.poll(() => kpi(page, 'ar_total')).toBe(1500);
}

test('a worker that dies is restarted, the file read again and the user told', async ({ page }) => {
  // An uncaught error in the worker, as a crash would raise.
  await recoversFrom(page, () => setTimeout(() => { throw new Error('simulated crash'); }));
});

test('an answer the page cannot read never leaves it waiting: the worker is restarted and the file read again', async ({ page }) => {
  // Bytes that are no answer, as a worker of another build would send.
  await recoversFrom(page, () => self.postMessage(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff])));
});

test('every figure follows a selection of division, sales rep and customer', async ({ page }) => {
  await page.goto('./');
  // A payment-date column, empty: the invoices are the period's sales (a
  // file with no payment information at all is an open-items file, kpi.md).
  await uploadFile(page, 'selection.csv', [
    'Facture;Client;Date facture;Échéance;Montant;Division;Commercial;Date règlement',
    'A1;Alpha;01/03/2026;31/03/2026;1000,00;Nord;Zoé;',
    'A2;Alpha;02/03/2026;01/04/2026;200,00;Sud;Yves;',
    'B1;Beta;03/03/2026;02/04/2026;300,00;Nord;Yves;',
    'C1;Gamma;04/03/2026;03/04/2026;40,00;Sud;Zoé;',
  ]);
  await page.getByTestId('as-of').fill('2026-03-31');
  await expect.poll(() => kpi(page, 'ar_total')).toBe(1540);
  await expect(page.getByTestId('filter-division').locator('option')).toHaveText(['Tous', 'Nord', 'Sud']);
  await page.getByTestId('filter-division').selectOption('Nord');
  // A1 + B1; sales follow too.
  await expect.poll(() => kpi(page, 'ar_total')).toBe(1300);
  expect(await kpi(page, 'sales')).toBe(1300);
  await expect(page.locator('[data-testid="aged-balance"] tbody tr')).toHaveCount(2);
  await page.getByTestId('filter-sales-rep').selectOption('Yves');
  await expect.poll(() => kpi(page, 'ar_total')).toBe(300);
  await page.getByTestId('filter-division').selectOption('');
  await page.getByTestId('filter-sales-rep').selectOption('');
  await page.getByTestId('filter-customer').fill('Alpha');
  await page.getByTestId('filter-customer').press('Enter');
  await page.getByTestId('filter-customer').blur();
  await expect.poll(() => kpi(page, 'ar_total')).toBe(1200);
  await expect(page.locator('[data-testid="aged-balance"] tbody tr')).toHaveCount(1);
});

test('a file bigger than a slice is read in slices, with its progress, and can be cancelled', async ({ page }) => {
  await page.goto('./');
  // 240,000 invoices of 10.00, about 12 MB: three slices of 4 MB.
  const big = bigFile(240_000, '10,00');
  await page.getByTestId('import-file').setInputFiles({ name: 'gros.csv', mimeType: 'text/csv', buffer: Buffer.from(big) });
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-invoices', '240000');
  await page.getByTestId('as-of').fill('2026-03-31');
  await expect.poll(() => kpi(page, 'ar_total')).toBe(2_400_000);
  // A bigger one, cancelled while it is read: the analysis before it stays.
  const bigger = bigFile(700_000, '3,00');
  await page.getByTestId('import-file').setInputFiles({ name: 'tres-gros.csv', mimeType: 'text/csv', buffer: Buffer.from(bigger) });
  await expect(page.getByTestId('import-progress')).toBeVisible();
  await page.getByTestId('import-cancel').click();
  await expect(page.getByTestId('import-status')).toHaveCount(0);
  await expect(page.locator('[data-testid="import-summary"] .file-name')).toHaveText('gros.csv');
  expect(await kpi(page, 'ar_total')).toBe(2_400_000);
  // The file picked after it is read as usual.
  await uploadFile(page, 'petit.csv', ['Facture;Client;Date facture;Échéance;Montant', 'S1;Petit;01/03/2026;31/03/2026;42,00']);
  await expect(page.locator('[data-testid="import-summary"] .file-name')).toHaveText('petit.csv');
  expect(await kpi(page, 'ar_total')).toBe(42);
});

/** A messy export of `rows` lines (about 85 bytes each): customer names
 * with a quoted line break, the header repeated, invoices on two lines,
 * unreadable amounts, credit limits on some rows only. */
function messyFile(rows) {
  const header = 'Facture;Client;Nom;Date facture;Échéance;Montant TTC;Date règlement;Division;Limite de crédit';
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    if (i > 0 && i % 20_000 === 0) lines.push(header);
    const k = i % 97 === 1 ? i - 1 : i;
    const [dd, mm] = [1 + (k % 28), 1 + (k % 6)];
    const date = (d, m) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/2026`;
    const name = i % 29 === 0 ? `"Société\nC${k % 700}"` : `Société C${k % 700}`;
    const amount = i % 1000 === 7 ? 'n/a' : `${(k % 5000) + 1},${String(i % 100).padStart(2, '0')}`;
    lines.push([`F${k}`, `C${k % 700}`, name, date(dd, mm), date(dd, mm + 1), amount,
      k % 3 === 0 ? date(dd, mm + 2) : '', `D${k % 4}`, k % 11 === 0 ? String((k % 700) * 100) : ''].join(';'));
  }
  return lines.join('\n');
}

test('a big file read by several workers at once gives exactly what one worker gives', async ({ page }) => {
  test.setTimeout(120_000);
  // About 14 MB: cut into three parts with three workers.
  const buffer = Buffer.from(messyFile(210_000));
  const read = async (workers) => {
    await page.goto(`./?workers=${workers}`);
    await page.getByTestId('import-file').setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer });
    const summary = page.getByTestId('import-summary');
    await expect(summary).toBeVisible({ timeout: 60_000 });
    await expect(page.locator('[data-kpi="ar_total"]')).toBeVisible();
    // The forecast's figures come once the page has settled: they are compared too.
    await expect(page.locator('[data-kpi="forecast_later"]')).toBeAttached({ timeout: 30_000 });
    const attrs = {};
    for (const a of ['data-rows', 'data-invoices', 'data-skipped', 'data-readers']) attrs[a] = await summary.getAttribute(a);
    const figures = await page.locator('[data-kpi]').evaluateAll((els) => els.map((e) => [e.dataset.kpi, e.dataset.value]));
    const issues = await page.getByTestId('import-issues').innerText();
    const aged = await page.getByTestId('aged-balance').innerText();
    return { attrs, figures, issues, aged };
  };
  const one = await read(1);
  const three = await read(3);
  expect(one.attrs['data-readers']).toBe('1');
  expect(three.attrs['data-readers'], 'three workers read it').toBe('3');
  expect(Number(one.attrs["data-rows"])).toBe(210_000);
  expect(Number(one.attrs["data-skipped"])).toBe(210);
  expect(one.figures.length).toBeGreaterThan(10);
  expect(three.figures).toEqual(one.figures);
  for (const a of ['data-rows', 'data-invoices', 'data-skipped']) expect(three.attrs[a], a).toBe(one.attrs[a]);
  expect(three.issues).toBe(one.issues);
  expect(three.aged).toBe(one.aged);
  await expect(page.getByTestId('import-summary')).toContainText('sur 3 cœurs');
});

test('leaving the page while a file is read: no error, and the analysis is there on coming back', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  await page.goto('./');
  const big = bigFile(240_000, '10,00');
  await page.getByTestId('import-file').setInputFiles({ name: 'gros.csv', mimeType: 'text/csv', buffer: Buffer.from(big) });
  // Off to the calculators before the answer comes.
  await page.getByTestId('nav-calculators').click();
  await expect(page.getByTestId('savings-calculator')).toBeVisible();
  await page.waitForTimeout(2500);
  await page.getByTestId('nav-analyse').click();
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-invoices', '240000');
  // Figures asked for, then the page left before they come; the sample
  // asked for, then the page left while it is fetched and read.
  await page.getByTestId('nav-embed').click();
  await page.getByTestId('nav-analyse').click();
  await page.getByTestId('load-sample').click();
  await page.getByTestId('nav-dunning').click();
  await page.waitForTimeout(1500);
  await page.getByTestId('nav-analyse').click();
  await expect(page.getByTestId('import-summary')).toBeVisible();
  noErrors();
});

test('a helper worker that fails, or goes silent, never leaves the page waiting: its part is read all the same', async ({ page }) => {
  test.setTimeout(120_000);
  const buffer = Buffer.from(messyFile(210_000));
  const helper = async () => {
    await expect.poll(async () => {
      for (const w of page.workers()) if ((await w.evaluate(() => self.name).catch(() => '')) === 'encours-part') return true;
      return false;
    }).toBe(true);
    for (const w of page.workers()) if ((await w.evaluate(() => self.name).catch(() => '')) === 'encours-part') return w;
  };
  const load = async (name) => {
    await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer });
    await expect(page.locator('[data-testid="import-summary"] .file-name')).toHaveText(name, { timeout: 60_000 });
    const summary = page.getByTestId('import-summary');
    return { rows: await summary.getAttribute('data-rows'), readers: await summary.getAttribute('data-readers'), ar: await page.locator('[data-kpi="ar_total"]').getAttribute('data-value') };
  };
  await page.goto('./?workers=1');
  const one = await load('un.csv');
  await page.goto('./?workers=2');
  // A helper that raised an error while it waited is not asked: a fresh one reads the part.
  await (await helper()).evaluate(() => setTimeout(() => { throw new Error('simulated helper crash'); }));
  const afterCrash = await load('apres-panne.csv');
  expect(afterCrash).toEqual({ ...one, readers: '2' });
  // A helper that stops answering (no error): after a silence the analysis worker reads its part.
  await (await helper()).evaluate(() => { self.onmessage = () => {}; });
  const afterSilence = await load('apres-silence.csv');
  expect(afterSilence).toEqual({ ...one, readers: '1' });
});
