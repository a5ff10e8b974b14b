// Uploads the real IBM receivables file, sets the as-of date to 2013-06-30
// and checks the figures against values computed here, from the CSV itself,
// independently of the app (kpi.md definitions, amounts in integer cents).
import { test, expect } from '@playwright/test';
import { kpi, watchRequests, failOnConsoleErrors } from './helpers.mjs';
import { FIXTURE, DAY, readIbm, expected } from './ibm.mjs';

test('IBM file at 2013-06-30: AR, DSO and aged balance match kpi.md', async ({ page, baseURL }) => {
  const requests = watchRequests(page, new URL(baseURL).origin);
  const noErrors = failOnConsoleErrors(page);
  const invoices = readIbm();
  expect(invoices).toHaveLength(2466);

  await page.goto('./');
  await page.getByTestId('import-file').setInputFiles(FIXTURE);
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-invoices', '2466');
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-skipped', '0');

  // Default as-of: the latest date something happened in the file.
  const latest = Math.max(...invoices.map((i) => Math.max(i.issued, i.settled)));
  await expect(page.getByTestId('as-of')).toHaveValue(new Date(latest * DAY).toISOString().slice(0, 10));
  await expect(page.getByTestId('period')).toHaveValue('90');

  await page.getByTestId('as-of').fill('2013-06-30');
  const t = Date.UTC(2013, 5, 30) / DAY;
  const e = expected(invoices, t, 90);
  expect(e.ar).toBeGreaterThan(0);

  await expect.poll(() => kpi(page, 'ar_total')).toBeCloseTo(e.ar / 100, 6);
  expect(await kpi(page, 'sales')).toBeCloseTo(e.sales / 100, 6);
  expect(await kpi(page, 'ar_overdue')).toBeCloseTo(e.overdue / 100, 6);
  expect(await kpi(page, 'ar_current')).toBeCloseTo(e.current / 100, 6);
  expect(await kpi(page, 'ar_disputed')).toBeCloseTo(e.disputed / 100, 6);
  expect(await kpi(page, 'dso_standard')).toBeCloseTo(e.dso, 6);
  expect(await kpi(page, 'bpdso')).toBeCloseTo(e.bpdso, 6);
  expect(await kpi(page, 'ddso')).toBeCloseTo(e.ddso, 6);
  expect(await kpi(page, 'dso_countback')).toBeCloseTo(e.countback, 6);
  expect(await kpi(page, 'cei')).toBeCloseTo(e.cei, 6);
  for (let b = 0; b < 5; b++) {
    expect(await kpi(page, `aging_${b}`), `aging_${b}`).toBeCloseTo(e.buckets[b] / 100, 6);
  }
  expect(await kpi(page, 'dbt')).toBeCloseTo(e.dso - e.bpdso, 6);
  expect(await kpi(page, 'dso_disputed')).toBeCloseTo((e.disputed / e.sales) * 90, 6);
  expect(await kpi(page, 'weighted_dpd')).toBeCloseTo(e.weightedDpd, 6);
  expect(await kpi(page, 'ar_gross')).toBeCloseTo(e.ar / 100, 6);
  expect(await kpi(page, 'credit_notes_open')).toBe(0);
  expect(await kpi(page, 'open_invoices')).toBe(e.openInvoices);
  expect(await kpi(page, 'collection_rate')).toBeCloseTo(e.collectionRate, 6);
  expect(await kpi(page, 'adp')).toBeCloseTo(e.adp, 6);
  expect(await kpi(page, 'avg_days_late')).toBeCloseTo(e.late, 6);
  expect(await kpi(page, 'on_time_rate')).toBeCloseTo(e.onTime, 6);
  expect(await kpi(page, 'ar_at_risk')).toBeCloseTo(e.atRisk / 100, 6);
  expect(await kpi(page, 'provision_total')).toBeCloseTo(e.provision / 100, 6);

  // French formats: the DSO reads "xx,x j", the total in euros with a comma.
  await expect(page.locator('[data-kpi="dso_standard"]')).toHaveText(/^\d+,\d\u00a0j$/);
  await expect(page.locator('[data-kpi="ar_total"]')).toHaveText(/^[\d\u202f\u00a0]+,\d\d\u00a0€$/);

  // The aged balance rows: one per customer with open amounts, each summing to its total.
  const perCustomer = new Map();
  for (const i of invoices) {
    const open = i.issued <= t && i.settled > t ? i.cents : 0;
    if (open) perCustomer.set(i.customer, (perCustomer.get(i.customer) ?? 0) + open);
  }
  const rows = page.locator('[data-testid="aged-balance"] tbody tr');
  await expect(rows).toHaveCount(Math.min(perCustomer.size, 50));
  const first = rows.first();
  const id = await first.getAttribute('data-customer');
  const total = Number(await first.locator('td.total').getAttribute('data-value'));
  expect(total).toBeCloseTo(perCustomer.get(id) / 100, 6);
  expect(Math.max(...perCustomer.values()) / 100).toBeCloseTo(total, 6);

  // Period 30 changes the window.
  await page.getByTestId('period').selectOption('30');
  const e30 = expected(invoices, t, 30);
  await expect.poll(() => kpi(page, 'dso_standard')).toBeCloseTo(e30.dso, 6);

  expect(requests.foreign(), 'requests to other origins').toEqual([]);
  noErrors();
});

test('the same file as an Excel workbook gives the same figures', async ({ page }) => {
  const invoices = readIbm();
  await page.goto('./');
  await page.getByTestId('import-file').setInputFiles(FIXTURE.replace(/\.csv$/, '.xlsx'));
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-invoices', '2466');
  await expect(page.getByTestId('import-summary')).toContainText('Classeur, feuille « AR »');
  await page.getByTestId('as-of').fill('2013-06-30');
  const e = expected(invoices, Date.UTC(2013, 5, 30) / DAY, 90);
  await expect.poll(() => kpi(page, 'ar_total')).toBeCloseTo(e.ar / 100, 6);
  expect(await kpi(page, 'dso_standard')).toBeCloseTo(e.dso, 6);
  expect(await kpi(page, 'dso_countback')).toBeCloseTo(e.countback, 6);
  for (let b = 0; b < 5; b++) expect(await kpi(page, `aging_${b}`)).toBeCloseTo(e.buckets[b] / 100, 6);
});
