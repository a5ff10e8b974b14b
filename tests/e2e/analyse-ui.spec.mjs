// What a visitor does on the Analyse page besides the figures: the sample,
// the language switch, a file with bad rows, a file that is not a ledger.
import { test, expect } from '@playwright/test';
import { kpi, watchRequests, failOnConsoleErrors, uploadFile } from './helpers.mjs';

test('sample data shows a dashboard without a file', async ({ page, baseURL }) => {
  const requests = watchRequests(page, new URL(baseURL).origin);
  const noErrors = failOnConsoleErrors(page);
  await page.goto('./');
  await page.getByTestId('load-sample').click();
  await expect(page.locator('[data-kpi="ar_total"]')).toBeVisible();
  expect(await kpi(page, 'ar_total')).toBeGreaterThan(0);
  expect(await kpi(page, 'dso_standard')).toBeGreaterThan(0);
  // Buckets sum to the total.
  let sum = 0;
  for (let b = 0; b < 5; b++) sum += await kpi(page, `aging_${b}`);
  expect(sum).toBeCloseTo(await kpi(page, 'ar_total'), 6);
  expect(requests.foreign()).toEqual([]);
  noErrors();
});

test('French by default, English on request, remembered after reload', async ({ page }) => {
  await page.goto('./');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Analyser votre poste clients');
  await expect(page.locator('.lead').first()).toContainText('CSV ou Excel');
  await page.getByTestId('lang-en').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Analyse your receivables');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Analyse your receivables');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByTestId('load-sample').click();
  await expect(page.locator('[data-kpi="ar_total"]')).toHaveText(/^€[\d,]+\.\d\d$/);
  await expect(page.locator('[data-kpi="dso_standard"]')).toHaveText(/^\d+\.\d\sdays$/);
});

test('bad rows are reported with line, column and value, the rest is analysed', async ({ page }) => {
  await page.goto('./');
  const csv = [
    'Facture;Client;Date facture;Échéance;Montant;Date règlement',
    'F1;Alpha;01/03/2026;31/03/2026;1 000,00;',
    'F2;Beta;32/03/2026;30/04/2026;500,00;',
    'F3;Beta;02/03/2026;01/04/2026;deux cents;',
    'F4;Gamma;15/03/2026;14/04/2026;250,50;',
  ].join('\r\n');
  await uploadFile(page, 'bad.csv', csv);
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-skipped', '2');
  await expect(page.getByTestId('rows-skipped')).toContainText('2 lignes écartées');
  const issues = page.getByTestId('import-issues');
  await expect(issues.locator('tr[data-line="3"]')).toContainText('Date facture');
  await expect(issues.locator('tr[data-line="3"]')).toContainText('32/03/2026');
  await expect(issues.locator('tr[data-line="4"]')).toContainText('deux cents');
  await expect(issues.locator('tr[data-line="4"]')).toContainText('montant attendu');
  await page.getByTestId('as-of').fill('2026-03-31');
  await expect.poll(() => kpi(page, 'ar_total')).toBe(1250.5);
});

test('a file that is not a ledger gets a clear message', async ({ page }) => {
  await page.goto('./');
  await uploadFile(page, 'notes.csv', '12;34\n56;78\n');
  await expect(page.getByTestId('import-error')).toContainText('Aucune ligne d\'en-tête');
  // Columns the import cannot name: the mapping screen opens, with the message.
  await uploadFile(page, 'partial.csv', 'client;montant\nA;10\n');
  await expect(page.getByTestId('import-error')).toContainText('Colonnes obligatoires non reconnues : Date de facture');
  await expect(page.getByTestId('mapping-screen')).toBeVisible();
  const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(64)]);
  await uploadFile(page, 'encours.xlsx', zip, 'application/octet-stream');
  await expect(page.getByTestId('import-error')).toContainText('Ce classeur n\'a pas pu être lu');
  await uploadFile(page, 'rapport.pdf', '%PDF-1.7\n', 'application/pdf');
  await expect(page.getByTestId('import-error')).toContainText('C\'est un PDF');
});

test('several currencies: one at a time, the largest open amount first', async ({ page }) => {
  await page.goto('./');
  const csv = [
    'Facture;Client;Date facture;Échéance;Montant;Devise;Date règlement',
    'A1;Alpha;01/03/2026;31/03/2026;1000,00;EUR;',
    'A2;Alpha;05/03/2026;04/04/2026;500,00;eur;',
    'B1;Beta;02/03/2026;01/04/2026;3000,00;USD;',
    'B2;Beta;10/03/2026;09/04/2026;200,00;USD;15/03/2026',
    'B3;Beta;11/03/2026;10/04/2026;$ 50;;',
  ].join('\n');
  await uploadFile(page, 'devises.csv', csv);
  await page.getByTestId('as-of').fill('2026-03-31');
  const currency = page.getByTestId('currency');
  await expect(currency).toHaveValue('USD');
  await expect(currency.locator('option')).toHaveText(['USD', 'EUR']);
  // USD: B1 3,000 and B3 50 open (B2 settled); sales 3,250.
  await expect.poll(() => kpi(page, 'ar_total')).toBe(3050);
  expect(await kpi(page, 'sales')).toBe(3250);
  await expect(page.locator('[data-kpi="ar_total"]')).toHaveText(/\$/);
  await currency.selectOption('EUR');
  await expect.poll(() => kpi(page, 'ar_total')).toBe(1500);
  expect(await kpi(page, 'sales')).toBe(1500);
  await expect(page.locator('[data-kpi="ar_total"]')).toHaveText(/€$/);
  await expect(page.locator('[data-testid="aged-balance"] tbody tr')).toHaveCount(1);
});

test('a mostly UTF-8 file with a stray byte says so and keeps its accents', async ({ page }) => {
  await page.goto('./');
  const bytes = Buffer.concat([
    Buffer.from('Client;Date facture;Montant\nSociété Générale;01/03/2026;10,00\n', 'utf8'),
    Buffer.from([0x47, 0x65, 0x6e, 0xe8, 0x76, 0x65]), // "Genève" in Latin-1
    Buffer.from(';02/03/2026;5,00\n', 'utf8'),
  ]);
  await uploadFile(page, 'mixte.csv', bytes);
  await expect(page.getByTestId('invalid-bytes')).toContainText('1 octet illisible dans cet encodage');
  await expect(page.locator('[data-testid="aged-balance"]')).toContainText('Société Générale');
});

test('the aged balance regroups by division and a row opens to its invoices', async ({ page }) => {
  await page.goto('./');
  const csv = [
    'Facture;Client;Date facture;Échéance;Montant;Date règlement;Division;Commercial',
    'F1;Alpha;01/01/2026;31/01/2026;100,00;;Nord;Claire',
    'F2;Alpha;01/03/2026;31/03/2026;40,00;;Sud;Marc',
    'F3;Beta;15/02/2026;17/03/2026;60,00;;Sud;',
    'F4;Beta;01/02/2026;03/03/2026;999,00;10/03/2026;Sud;Marc',
  ].join('\n');
  await uploadFile(page, 'divisions.csv', csv);
  await page.getByTestId('as-of').fill('2026-03-31');
  const table = page.getByTestId('aged-balance');
  // By customer: Alpha 140 (100 at 59 days, 40 not due), Beta 60 (14 days).
  await expect(table.locator('tbody tr[data-customer="Alpha"] td.total')).toHaveAttribute('data-value', '140');
  await page.getByTestId('aged-group').selectOption('division');
  await expect(table).toHaveAttribute('data-group-by', 'division');
  await expect(table.locator('tbody tr[data-group]')).toHaveCount(2);
  await expect(table.locator('tbody tr[data-group="Nord"] td.total')).toHaveAttribute('data-value', '100');
  await expect(table.locator('tbody tr[data-group="Sud"] td.total')).toHaveAttribute('data-value', '100');
  await page.getByTestId('aged-group').selectOption('sales_rep');
  await expect(table.locator('tbody tr[data-group="(non renseigné)"] td.total')).toHaveAttribute('data-value', '60');
  // Totals do not depend on the grouping.
  expect(await kpi(page, 'aging_2')).toBe(100);
  // Open a row: its open invoices, oldest due date first, each in its bucket.
  await table.locator('tbody tr[data-group="Claire"] button.expand').click();
  await expect(table.locator('tbody tr[data-group="Claire"] button.expand')).toHaveAttribute('aria-expanded', 'true');
  await expect(table.locator('tr.detail')).toHaveCount(1);
  await expect(table.locator('tr.detail')).toHaveAttribute('data-invoice', 'F1');
  await expect(table.locator('tr.detail td').nth(3)).toHaveText('100,00\u00a0€');
});

test('customers over their credit limit are listed and count as at risk', async ({ page }) => {
  await page.goto('./');
  const csv = [
    'Client;Date facture;Échéance;Montant;Limite de crédit',
    'A;01/03/2026;31/03/2026;700,00;500',
    'A;02/03/2026;01/04/2026;100,00;500',
    'B;01/03/2026;31/03/2026;300,00;500',
  ].join('\n');
  await uploadFile(page, 'limites.csv', csv);
  await page.getByTestId('as-of').fill('2026-03-31');
  const table = page.getByTestId('over-limit');
  await expect(table.locator('tbody tr')).toHaveCount(1);
  await expect(table.locator('tr[data-customer="A"] td.total')).toHaveAttribute('data-value', '300');
  expect(await kpi(page, 'ar_at_risk')).toBe(800);
});

test('the overdue buckets can be changed, and bad ones are refused with a message', async ({ page }) => {
  await page.goto('./');
  await page.getByTestId('load-sample').click();
  const total = await kpi(page, 'ar_total');
  const buckets = page.getByTestId('aging-buckets');
  await expect(buckets).toHaveValue('30, 60, 90');
  await buckets.fill('15, 45');
  await buckets.press('Enter');
  await buckets.blur();
  await expect(page.locator('[data-kpi="aging_4"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="aged-balance"] thead th')).toHaveText(['Client', 'Non échu', '1 à 15 j', '16 à 45 j', '> 45 j', 'Total']);
  let sum = 0;
  for (let b = 0; b < 4; b++) sum += await kpi(page, `aging_${b}`);
  expect(sum).toBeCloseTo(total, 6);
  await buckets.fill('60, 30');
  await buckets.blur();
  await expect(page.getByTestId('aging-buckets-error')).toContainText('Tranches non valides');
  // The last valid buckets stay.
  await expect(page.locator('[data-kpi="aging_3"]')).toHaveCount(1);
  await expect(page.locator('[data-kpi="aging_4"]')).toHaveCount(0);
});
