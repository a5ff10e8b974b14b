// A Xero invoice export (tests/fixtures/xero-invoice-lines-status-no-
// payment-dates.csv): one row per invoice line, its Total repeated on each,
// the ledger account (AccountCode) beside the contact, Type and Status, no
// payment date. The contacts are the customers (not the account, 200 on
// every sale), a PAID status settles the invoice without inventing a date,
// supplier bills, drafts and voided invoices are left out. Every expected
// figure is computed here from the file itself.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kpi, failOnConsoleErrors, csvRows } from './helpers.mjs';

const NAME = 'xero-invoice-lines-status-no-payment-dates.csv';
const fixture = fileURLToPath(new URL(`../fixtures/${NAME}`, import.meta.url));
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const cents = (x) => Math.round(x * 100);

/** M/D/YYYY as YYYY-MM-DD. */
const iso = (s) => {
  const [m, d, y] = s.split('/');
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
};

test('a Xero export: the contacts are the customers, a paid status settles without a date, bills and drafts left out', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  const [head, ...rows] = csvRows(readFileSync(fixture, 'utf8'), ',');
  const c = Object.fromEntries(head.map((h, i) => [h, i]));
  const status = (r) => r[c.Status].toUpperCase();
  // Sales (ACCREC and its credit notes) that were issued and stand.
  const kept = rows.filter((r) => r[c.Type].startsWith('ACCREC') && !['DRAFT', 'SUBMITTED', 'VOIDED', 'DELETED'].includes(status(r)));
  const invoices = new Map();
  for (const r of kept) invoices.set(r[c.InvoiceNumber], r);
  const all = [...invoices.values()];
  const t = all.map((r) => iso(r[c.InvoiceDate])).sort().at(-1);
  const signed = (r) => (r[c.Type].endsWith('CREDIT') ? -1 : 1) * Number(r[c.Total]);
  // The currency shown: the one with the largest open amount.
  const open = all.filter((r) => status(r) !== 'PAID');
  const openBy = {};
  for (const r of open) openBy[r[c.Currency]] = (openBy[r[c.Currency]] || 0) + signed(r);
  const currency = Object.entries(openBy).sort((a, b) => b[1] - a[1])[0][0];
  const mine = (r) => r[c.Currency] === currency;
  const ar = sum(open.filter(mine).map(signed));
  const overdue = sum(open.filter(mine).filter((r) => iso(r[c.DueDate]) < t).map(signed));
  const sales = sum(all.filter(mine).map(signed));

  await page.goto('./');
  await page.getByTestId('import-file').setInputFiles(fixture);
  const summary = page.getByTestId('import-summary');
  await expect(summary).toBeVisible();
  await page.getByTestId('as-of').fill(t);
  await expect(page.getByTestId('currency')).toHaveValue(currency);
  await expect.poll(() => kpi(page, 'ar_total')).toBe(ar);
  expect(await kpi(page, 'ar_overdue')).toBe(overdue);
  expect(await kpi(page, 'sales')).toBe(sales);
  // Its paid invoices are listed: the sales are known, the DSO is a figure;
  // days to pay need payment dates the file does not give.
  expect(cents(await kpi(page, 'dso_standard'))).toBe(cents((ar / sales) * 90));
  expect(await kpi(page, 'adp')).toBeNull();

  await expect(summary).toHaveAttribute('data-invoices', String(invoices.size));
  const paid = all.filter((r) => status(r) === 'PAID').length;
  const note = page.getByTestId('paid-without-date');
  await expect(note).toHaveAttribute('data-count', String(paid));
  await expect(note).toContainText(`${paid} factures marquées payées sans date de paiement`);
  // The others are open in full: a part payment is not seen, and that is said.
  await expect(page.getByTestId('no-payment-info')).toContainText('les factures non marquées payées sont considérées comme impayées');
  await expect(page.getByTestId('excluded-lines')).toHaveAttribute('data-lines', String(rows.length - kept.length));

  // The customers are the contacts: one aged-balance row for each with an
  // open amount in the currency, named as the file names it.
  const customers = new Set(all.map((r) => r[c.ContactName]));
  await expect(summary).toContainText(`${customers.size} clients`);
  const names = [...new Set(open.filter(mine).map((r) => r[c.ContactName]))].sort();
  const table = page.getByTestId('aged-balance');
  await expect(table.locator('tbody tr[data-customer]')).toHaveCount(names.length);
  const shown = await table.locator('tbody tr[data-customer]').evaluateAll((els) => els.map((e) => e.dataset.group));
  expect(shown.sort()).toEqual(names);

  // In English too.
  await page.getByTestId('lang-en').click();
  await expect(note).toContainText(`${paid} invoices marked paid without a payment date: counted settled, without a payment date`);
  await expect(page.getByTestId('no-payment-info')).toContainText('the invoices not marked paid are taken as unpaid in full');
  noErrors();
});
