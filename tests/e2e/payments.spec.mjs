// A payments file beside the invoices, as a credit manager adds it: one
// source per invoice (never the invoices file's settled dates and the
// payments file's both), bank labels searched for one invoice id, what is
// not matched listed with why and its candidates, the payments file's own
// column mapping, and the page's side of the worker answering every file
// handed over (a payments file during a load, two in a row). Every
// expected figure is computed here from the files, not read from the app.
import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { kpi, failOnConsoleErrors, uploadFile } from './helpers.mjs';

const fixture = (name) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

async function uploadPayments(page, name, content) {
  const buffer = Buffer.from(Array.isArray(content) ? content.join('\n') : content);
  await page.getByTestId('payments-file').setInputFiles({ name, mimeType: 'text/csv', buffer });
}

test('payments file over settled invoices: each invoice has one source, never both added', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  await page.goto('./');
  await page.getByTestId('import-file').setInputFiles(fixture('invoices-with-settled-dates.csv'));
  await expect(page.locator('[data-testid="import-summary"] .file-name')).toHaveText('invoices-with-settled-dates.csv');
  await page.getByTestId('payments-file').setInputFiles(fixture('payments-for-settled-invoices.csv'));
  await page.getByTestId('as-of').fill('2026-03-31');
  // 1,000 + 500 + 800 + 300 invoiced, all paid once: AR 0 (-1,200 when both were added).
  await expect.poll(() => kpi(page, 'ar_total')).toBe(0);
  await page.getByTestId('period').selectOption('90');
  // 2,600 received of 0 open on 31/12 + 2,600 invoiced: 100 % (146 % when both were added).
  await expect.poll(() => kpi(page, 'collection_rate')).toBe(100);
  // On 15/02: F2 300 open (200 paid 05/02) + F3 800.
  await page.getByTestId('as-of').fill('2026-02-15');
  await expect.poll(() => kpi(page, 'ar_total')).toBe(1100);
  const sources = page.getByTestId('payments-sources');
  // F1 and F2 are in both files: the payments file replaces their settled
  // date / paid amount; F4 keeps the invoices file's; F2's two sources
  // disagree (200 paid per the invoices file, 200 + 300 per the payments file).
  await expect(sources).toHaveAttribute('data-replaced', '2');
  await expect(sources).toHaveAttribute('data-kept', '1');
  await expect(sources).toHaveAttribute('data-differing', '1');
  const f2 = page.getByTestId('payments-differing').locator('tr[data-invoice="F2"]');
  await expect(f2.locator('td[data-value]').nth(0)).toHaveAttribute('data-value', '200');
  await expect(f2.locator('td[data-value]').nth(1)).toHaveAttribute('data-value', '500');
  noErrors();
});

test('bank labels: one invoice id found in the text; the rest listed with why and candidates, per currency', async ({ page }) => {
  await page.goto('./');
  await page.getByTestId('import-file').setInputFiles(fixture('invoices-for-payments.csv'));
  await expect(page.locator('[data-testid="import-summary"] .file-name')).toHaveText('invoices-for-payments.csv');
  await page.getByTestId('payments-file').setInputFiles(fixture('payments-bank-labels.csv'));
  const summary = page.getByTestId('payments-summary');
  await expect(summary).toHaveAttribute('data-matched', '1');
  await expect(summary).toHaveAttribute('data-unmatched', '4');
  // Never one sum across currencies: 850.50 + 1,000 + 980 unapplied in euros, 1,500 in dollars.
  const eur = page.getByTestId('payments-by-currency').locator('tr[data-currency="EUR"]');
  const usd = page.getByTestId('payments-by-currency').locator('tr[data-currency="USD"]');
  await expect(eur).toHaveAttribute('data-matched', '1200');
  await expect(eur).toHaveAttribute('data-unapplied', '2830.5');
  await expect(usd).toHaveAttribute('data-unapplied', '1500');
  const row = (line) => page.getByTestId('unapplied-table').locator(`tr[data-line="${line}"]`);
  await expect(row(3)).toHaveAttribute('data-why', 'NoInvoice');
  await expect(row(4)).toHaveAttribute('data-why', 'SeveralInLabel');
  await expect(row(4)).toContainText('FA-2026-003');
  await expect(row(4)).toContainText('FA-2026-004');
  // Dupont SA named as payer: Leroy's invoice is not paid silently.
  await expect(row(5)).toHaveAttribute('data-why', 'OtherCustomer');
  await expect(row(5)).toContainText('Leroy SAS');
  await expect(row(6)).toHaveAttribute('data-why', 'OtherCurrency');
  await page.getByTestId('as-of').fill('2026-03-31');
  // Euros: 7,630.50 invoiced - 1,200 matched - 2,830.50 unapplied.
  await expect.poll(() => kpi(page, 'ar_total')).toBe(3600);
});

test('a payments file whose headers no list knows: mapped by the user, then remembered', async ({ page }) => {
  await page.goto('./');
  await page.evaluate(() => localStorage.removeItem('encours.v1.mappings'));
  await page.getByTestId('import-file').setInputFiles(fixture('invoices-for-payments.csv'));
  await expect(page.locator('[data-testid="import-summary"] .file-name')).toHaveText('invoices-for-payments.csv');
  await page.getByTestId('payments-file').setInputFiles(fixture('payments-unknown-headers.csv'));
  const screen = page.getByTestId('mapping-screen');
  await expect(screen).toHaveAttribute('data-kind', 'payments');
  await expect(screen).toContainText('Zahlung FA-2026-001');
  await expect(page.getByTestId('mapping-apply')).toBeDisabled();
  await page.getByTestId('mapping-role-0').selectOption('SettledDate');
  await page.getByTestId('mapping-role-1').selectOption('Label');
  await page.getByTestId('mapping-role-2').selectOption('Amount');
  await page.getByTestId('mapping-apply').click();
  await expect(page.getByTestId('mapping-screen')).toHaveCount(0);
  await expect(page.getByTestId('payments-summary')).toHaveAttribute('data-matched', '2');
  // Another visit: the same layout is read as chosen, no question asked.
  await page.reload();
  await page.getByTestId('import-file').setInputFiles(fixture('invoices-for-payments.csv'));
  await expect(page.locator('[data-testid="import-summary"] .file-name')).toHaveText('invoices-for-payments.csv');
  await page.getByTestId('payments-file').setInputFiles(fixture('payments-unknown-headers.csv'));
  await expect(page.getByTestId('payments-summary')).toHaveAttribute('data-matched', '2');
  await expect(page.getByTestId('mapping-screen')).toHaveCount(0);
  // And can be checked again from the payments panel.
  await page.getByTestId('payments-open-mapping').click();
  await expect(page.getByTestId('mapping-role-1')).toHaveValue('Label');
});

/** A file of `rows` open invoices F0 ... of 10.00 each. */
function bigFile(rows) {
  const lines = ['Facture;Client;Date facture;Échéance;Montant;Date règlement'];
  for (let i = 0; i < rows; i++) lines.push(`F${i};C${i % 500};01/03/2026;31/03/2026;10,00;`);
  return lines.join('\n');
}

test('every file handed over is answered: a payments file during a load, two payments files in a row', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  await page.goto('./');
  await uploadFile(page, 'petit.csv', ['Facture;Client;Date facture;Échéance;Montant', 'S1;Petit;01/03/2026;31/03/2026;42,00']);
  await expect(page.locator('[data-testid="import-summary"] .file-name')).toHaveText('petit.csv');
  // A big file, and while it is read, a payments file for its invoices.
  const rows = 200_000;
  await uploadFile(page, 'gros.csv', bigFile(rows));
  await uploadPayments(page, 'reglements-1.csv', ['Date;Référence;Montant', '15/03/2026;F1;10,00', '15/03/2026;F2;10,00']);
  // The big file is shown, with those payments: nothing waits forever.
  await expect(page.locator('[data-testid="import-summary"] .file-name')).toHaveText('gros.csv', { timeout: 45_000 });
  await expect(page.getByTestId('payments-summary')).toContainText('reglements-1.csv');
  await expect(page.getByTestId('payments-summary')).toHaveAttribute('data-matched', '2');
  await expect(page.getByTestId('import-status')).toHaveCount(0);
  await page.getByTestId('as-of').fill('2026-03-31');
  await expect.poll(() => kpi(page, 'ar_total')).toBe(rows * 10 - 20);
  // Two payments files in a row: the later one is the one applied and shown.
  await uploadPayments(page, 'reglements-2.csv', ['Date;Référence;Montant', '16/03/2026;F3;10,00']);
  await uploadPayments(page, 'reglements-3.csv', ['Date;Référence;Montant', '17/03/2026;F4;10,00', '17/03/2026;F5;10,00', '17/03/2026;F6;10,00']);
  await expect(page.getByTestId('payments-summary')).toContainText('reglements-3.csv');
  await expect(page.getByTestId('payments-summary')).toHaveAttribute('data-matched', '3');
  await expect.poll(() => kpi(page, 'ar_total')).toBe(rows * 10 - 30);
  // Still so once every answer has surely come, and no payments status left waiting.
  await page.waitForTimeout(2000);
  await expect(page.getByTestId('payments-summary')).toContainText('reglements-3.csv');
  await expect(page.getByTestId('payments-panel').locator('p.status')).toHaveCount(0);
  noErrors();
});
