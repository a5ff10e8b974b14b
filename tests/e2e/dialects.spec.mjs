// Files written by other software (issue 24 "Done when", issue 28 point 9):
// a connector's type + status table with supplier bills, an ERP list with
// two header rows and one row per invoice line, a German-headed file and
// the same rows under invented headers, a FEC with refunds, returned
// payments, a doubtful customer and advances, a partly paid line without a
// date, and a stray quote past the first 4 MB. Every expected figure is
// computed here from the file itself, never read from the app.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kpi, failOnConsoleErrors, uploadFile } from './helpers.mjs';

const fixture = (name) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const text = (name) => readFileSync(fixture(name), 'utf8');
const cents = (x) => Math.round(x * 100);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);

/** Loads a fixture and sets the as-of date and the period. */
async function load(page, name, asOf, period = '90') {
  await page.goto('./');
  await page.getByTestId('import-file').setInputFiles(fixture(name));
  await expect(page.getByTestId('import-summary')).toBeVisible();
  await page.getByTestId('as-of').fill(asOf);
  await page.getByTestId('period').selectOption(period);
}

/** Splits a simple CSV line (quoted fields without inner quotes or breaks). */
const fields = (line, sep) => line.split(sep).map((f) => f.replace(/^"(.*)"$/, '$1'));

test('a connector table: supplier bills, voided and draft lines left out and counted, a planned date is no payment', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  const [head, ...rows] = text('type-status-supplier-bills.csv').trim().split('\n').map((l) => fields(l, ','));
  const c = Object.fromEntries(head.map((h, i) => [h, i]));
  const out = rows.filter((r) => r[c.type].startsWith('ACCPAY') || ['VOIDED', 'DELETED', 'DRAFT', 'SUBMITTED'].includes(r[c.status]));
  const kept = rows.filter((r) => !out.includes(r));
  const sign = (r) => (r[c.type].endsWith('CREDIT') ? -1 : 1);
  const t = '2026-02-28';
  // Open: what is still due, unless fully paid by t (a planned date is not a payment).
  const ar = sum(kept.map((r) => (r[c.fully_paid_on_date] && r[c.fully_paid_on_date] <= t ? 0 : sign(r) * Number(r[c.amount_due]))));
  const sales = sum(kept.map((r) => sign(r) * Number(r[c.total])));
  await load(page, 'type-status-supplier-bills.csv', t);
  await expect.poll(() => kpi(page, 'ar_total')).toBe(ar);
  expect(await kpi(page, 'sales')).toBe(sales);
  await expect(page.getByTestId('excluded-lines')).toHaveAttribute('data-lines', String(out.length));
  await expect(page.getByTestId('excluded-lines')).toContainText('ACCPAY');
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-invoices', String(kept.length));
  // The partly paid line without a date (INV-004) is said, that invoice alone.
  await expect(page.getByTestId('snapshot-lines')).toHaveAttribute('data-lines', '1');
  noErrors();
});

test('an ERP list with two header rows and one row per invoice line: the party and the grand total', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  const lines = text('erp-two-header-rows-invoice-lines.csv').trim().split('\n').map((l) => fields(l, ','));
  const [, head, ...rows] = lines;
  const c = Object.fromEntries(head.map((h, i) => [h, i]));
  const out = rows.filter((r) => ['Draft', 'Cancelled'].includes(r[c.Status]));
  const invoices = new Map();
  for (const r of rows.filter((r) => !out.includes(r))) invoices.set(r[c.ID], r);
  const ar = sum([...invoices.values()].map((r) => Number(r[c['Outstanding Amount']])));
  const sales = sum([...invoices.values()].map((r) => Number(r[c['Grand Total']])));
  const parties = new Set([...invoices.values()].map((r) => r[c.Party]));
  await load(page, 'erp-two-header-rows-invoice-lines.csv', '2026-02-28');
  await expect.poll(() => kpi(page, 'ar_total')).toBe(ar);
  expect(await kpi(page, 'sales')).toBe(sales);
  const summary = page.getByTestId('import-summary');
  await expect(summary).toHaveAttribute('data-invoices', String(invoices.size));
  await expect(page.getByTestId('excluded-lines')).toHaveAttribute('data-lines', String(out.length));
  // Lines of one invoice merged: every row beyond the first of its invoice.
  const kept = rows.length - out.length;
  await expect(page.getByTestId('merged-lines')).toHaveAttribute('data-lines', String(kept - invoices.size));
  // The customers are the parties, not the ledger account (the same on every row).
  await expect(summary).toContainText(`${parties.size} client`);
  noErrors();
});

/** The German fixture's rows: customer, id, date, due, amount, paid (ISO dates, numbers). */
function germanRows(name) {
  const iso = (s) => (s ? s.split('.').reverse().join('-') : '');
  const [, ...rows] = text(name).trim().split('\n').map((l) => l.split(';'));
  return rows.map(([customer, id, date, due, amount, paid]) => ({
    customer, id, date: iso(date), due: iso(due), amount: Number(amount.replace(/\./g, '').replace(',', '.')), paid: iso(paid),
  }));
}

for (const [name, byContent] of [['german-headers-due-and-paid-dates.csv', false], ['invented-headers-dates-by-content.csv', true]]) {
  test(`due and paid dates read from ${name}${byContent ? ', said as found by content and shown on the mapping screen' : ''}`, async ({ page }) => {
    const noErrors = failOnConsoleErrors(page);
    const rows = germanRows(name);
    const t = '2026-02-28';
    const open = rows.filter((r) => !r.paid || r.paid > t);
    const ar = sum(open.map((r) => r.amount));
    const overdue = sum(open.filter((r) => r.due < t && r.amount > 0).map((r) => r.amount));
    await load(page, name, t);
    await expect.poll(() => kpi(page, 'ar_total')).toBe(ar);
    expect(cents(await kpi(page, 'sales'))).toBe(cents(sum(rows.map((r) => r.amount))));
    expect(await kpi(page, 'ar_overdue')).toBe(overdue);
    // The due dates are the file's, not assumed terms; payments are known.
    await expect(page.getByTestId('terms-used')).toHaveCount(0);
    await expect(page.getByTestId('no-payment-info')).toHaveCount(0);
    if (byContent) {
      const guessed = page.getByTestId('guessed-columns');
      await expect(guessed).toContainText('échéance', { ignoreCase: true });
      await guessed.getByTestId('open-mapping').click();
      const screen = page.getByTestId('mapping-screen');
      await expect(screen).toBeVisible();
      // Wemble (4th column) is the due date, Drix (6th) the payment date, each flagged.
      await expect(screen.getByTestId('mapping-role-3')).toHaveValue('DueDate');
      await expect(screen.getByTestId('mapping-role-5')).toHaveValue('SettledDate');
      await expect(screen.locator('tr[data-column="3"] .by-content')).toBeVisible();
      await expect(screen.locator('tr[data-column="5"] .by-content')).toBeVisible();
    }
    noErrors();
  });
}

test('a FEC with refunds, a returned direct debit, a doubtful customer and advances: sales are the sales journal', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  const [head, ...rows] = text('fec-refunds-returned-payments.txt').trim().split('\n').map((l) => l.split('\t'));
  const c = Object.fromEntries(head.map((h, i) => [h, i]));
  const num = (s) => Number((s || '0').replace(',', '.'));
  const net = (r) => num(r[c.Debit]) - num(r[c.Credit]);
  const acc = (r, p) => r[c.CompteNum].startsWith(p);
  const customerLines = rows.filter((r) => acc(r, '411') || acc(r, '416') || acc(r, '4191'));
  const balance = sum(customerLines.map(net));
  // Sales: the 411 lines of the sales journal only.
  const sales = sum(rows.filter((r) => acc(r, '411') && r[c.JournalCode] === 'VT').map(net));
  // 411 debits outside the sales and opening journals: lettered, refunds; unlettered, returned payments.
  const elsewhere = rows.filter((r) => acc(r, '411') && !['VT', 'AN'].includes(r[c.JournalCode]) && net(r) > 0);
  const refunds = elsewhere.filter((r) => r[c.EcritureLet]).length;
  const returned = elsewhere.length - refunds;
  const doubtful = sum(rows.filter((r) => acc(r, '416')).map(net));
  const advances = rows.filter((r) => acc(r, '4191') && net(r) < 0);
  const advanceBalance = sum(rows.filter((r) => acc(r, '4191')).map(net));
  const last = rows.map((r) => r[c.EcritureDate]).sort().at(-1);
  const t = `${last.slice(0, 4)}-${last.slice(4, 6)}-${last.slice(6)}`;
  await load(page, 'fec-refunds-returned-payments.txt', t);
  const summary = page.getByTestId('fec-summary');
  await expect(summary).toHaveAttribute('data-balance', String(balance));
  // At the last entry, AR is the balance of the customer accounts.
  await expect.poll(() => kpi(page, 'ar_total')).toBe(balance);
  expect(cents(await kpi(page, 'sales'))).toBe(cents(sales));
  // The doubtful customer is at risk though not 90 days late.
  expect(await kpi(page, 'ar_at_risk')).toBe(doubtful);
  await expect(page.getByTestId('fec-refunds')).toHaveAttribute('data-refunds', String(refunds));
  await expect(page.getByTestId('fec-refunds')).toHaveAttribute('data-returned', String(returned));
  await expect(page.getByTestId('fec-doubtful')).toHaveAttribute('data-balance', String(doubtful));
  await expect(page.getByTestId('fec-advances')).toHaveAttribute('data-count', String(advances.length));
  await expect(page.getByTestId('fec-advances')).toHaveAttribute('data-balance', String(advanceBalance));
  await expect(page.getByTestId('fec-no-sales-journal')).toHaveCount(0);
  await expect(page.getByTestId('fec-refunds')).toContainText('pas des ventes');
  noErrors();
});

test('a partly paid line without a payment date: that invoice alone is a snapshot, the others keep their history', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  const rows = [
    ['A', 'F1', '05/01/2026', '04/02/2026', 1000, 1000, '01/02/2026'],
    ['B', 'F2', '10/01/2026', '09/02/2026', 500, 200, ''],
    ['C', 'F3', '15/01/2026', '14/02/2026', 300, 0, ''],
    ['A', 'F4', '20/01/2026', '19/02/2026', 400, 400, '25/02/2026'],
  ];
  const fr = (x) => x.toFixed(2).replace('.', ',');
  await page.goto('./');
  await uploadFile(page, 'encours.csv', [
    'Client;N° facture;Date facture;Échéance;Montant TTC;Montant payé;Date de règlement',
    ...rows.map(([cu, id, d, due, a, p, s]) => [cu, id, d, due, fr(a), fr(p), s].join(';')),
  ]);
  await expect(page.getByTestId('snapshot-lines')).toHaveAttribute('data-lines', String(rows.filter((r) => r[5] > 0 && r[5] < r[4] && !r[6]).length));
  await page.getByTestId('as-of').fill('2026-02-28');
  const ar = sum(rows.map(([, , , , a, p]) => a - p));
  await expect.poll(() => kpi(page, 'ar_total')).toBe(ar);
  // The paid invoices keep their history: the collection rate and the CEI are figures.
  expect(await kpi(page, 'collection_rate')).not.toBeNull();
  expect(await kpi(page, 'cei')).not.toBeNull();
  // Before F4's payment (02-25), F4 is open again: its history was kept.
  await page.getByTestId('as-of').fill('2026-02-24');
  await expect.poll(() => kpi(page, 'ar_total')).toBe(ar + 400);
  noErrors();
});

test('a stray quote past the first 4 MB: the same rows and figures read by one worker and in parts', async ({ page }) => {
  test.setTimeout(120_000);
  // About 15 MB: three parts of at least 4 MB each, the stray quote in the
  // second part (past the first 4 MB), the quoted line break in the third.
  const n = 300_000;
  const stray = 110_000;
  const quotedBreak = 230_000;
  const lines = ['N° facture;Client;Date facture;Échéance;Montant TTC;Désignation'];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const amount = (i % 7) + 1;
    total += amount * 10;
    let desc = `Article ${i % 97}`;
    if (i === stray) desc = 'Écran 24" HD'; // a stray quote in an unquoted field
    if (i === quotedBreak) desc = '"Livraison\nen deux fois"'; // a quoted line break after it
    lines.push([`F${i}`, `C${i % 500}`, '15/01/2026', '14/02/2026', `${amount * 10},00`, desc].join(';'));
  }
  const buffer = Buffer.from(lines.join('\n'));
  expect(buffer.indexOf('24"')).toBeGreaterThan(4 * 1024 * 1024);
  expect(buffer.length).toBeGreaterThan(3 * 4 * 1024 * 1024);
  const read = async (workers) => {
    await page.goto(`./?workers=${workers}`);
    await page.getByTestId('import-file').setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer });
    const summary = page.getByTestId('import-summary');
    await expect(summary).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('as-of').fill('2026-02-28');
    await expect.poll(() => kpi(page, 'ar_total')).toBe(total);
    // Every invoice is due on 14/02: all overdue once the as-of date applies.
    await expect.poll(() => kpi(page, 'ar_overdue')).toBe(total);
    await expect.poll(() => kpi(page, 'aging_1')).toBe(total);
    const attrs = {};
    for (const a of ['data-rows', 'data-invoices', 'data-skipped', 'data-readers']) attrs[a] = await summary.getAttribute(a);
    // The figures' cards and the aged balance (the forecast follows later,
    // at its own pace, and is compared by the engine's own tests).
    await page.locator('[data-kpi="aging_0"]').waitFor({ timeout: 60_000 });
    const figures = await page
      .locator('[data-kpi]')
      .evaluateAll((els) => els.map((e) => [e.dataset.kpi, e.dataset.value]).filter(([k]) => !k.startsWith('forecast_')));
    return { attrs, figures };
  };
  const one = await read(1);
  const three = await read(3);
  expect(one.attrs['data-rows']).toBe(String(n));
  expect(one.attrs['data-skipped']).toBe('0');
  expect(three.attrs['data-readers'], 'the parts are not refused').toBe('3');
  for (const a of ['data-rows', 'data-invoices', 'data-skipped']) expect(three.attrs[a], a).toBe(one.attrs[a]);
  expect(three.figures).toEqual(one.figures);
});

test('the summary says how the dates are written: year first for ISO dates and a FEC, the order only for a/b/yyyy dates', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  const cases = [
    // ISO dates (yyyy-mm-dd): no day/month order to name.
    ['type-status-supplier-bills.csv', 'fr', 'dates année-mois-jour', /jour\/mois|mois\/jour/],
    ['type-status-supplier-bills.csv', 'en', 'dates year-month-day', /day\/month|month\/day/],
    // FEC dates are AAAAMMJJ.
    ['fec-sample.txt', 'fr', 'dates année-mois-jour', /jour\/mois|mois\/jour/],
    // dd/mm/yyyy and dd.mm.yyyy: the order read is named.
    ['invoices-with-settled-dates.csv', 'fr', 'dates jour/mois/année', /année-mois/],
    ['german-headers-due-and-paid-dates.csv', 'en', 'dates day/month/year', /year-month/],
    // The IBM file writes m/d/yyyy.
    ['ibm-accounts-receivable.csv', 'en', 'dates month/day/year (US)', /year-month/],
  ];
  for (const [name, lang, said, notSaid] of cases) {
    await page.goto(`./?lang=${lang}`);
    await page.getByTestId('import-file').setInputFiles(fixture(name));
    const format = page.getByTestId('import-format');
    await expect(format, name).toContainText(said);
    await expect(format, name).not.toContainText(notSaid);
  }
  noErrors();
});
