// The dashboard beyond the figures, on the public IBM file at 2013-06-30:
// the aged balance paged, sorted, searched and aged by invoice date; the
// provision rates edited; each figure's "how it is computed" with the
// user's numbers. Expected values are computed here from the CSV.
import { test, expect } from '@playwright/test';
import { kpi, failOnConsoleErrors } from './helpers.mjs';
import { FIXTURE, readIbm, expected, DAY } from './ibm.mjs';

const T = Date.UTC(2013, 5, 30) / DAY;

async function openIbm(page) {
  await page.goto('./');
  await page.getByTestId('import-file').setInputFiles(FIXTURE);
  await page.getByTestId('as-of').fill('2013-06-30');
  const e = expected(readIbm(), T, 90);
  await expect.poll(() => kpi(page, 'ar_total')).toBeCloseTo(e.ar / 100, 6);
  return e;
}

/** Open amount per customer at T, in cents. */
function openByCustomer(invoices) {
  const m = new Map();
  for (const i of invoices) {
    const open = i.issued <= T && i.settled > T ? i.cents : 0;
    if (open) m.set(i.customer, (m.get(i.customer) ?? 0) + open);
  }
  return m;
}

test('the aged balance is paged, sorted and searched in the worker; its totals stay AR', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  const invoices = readIbm();
  const e = await openIbm(page);
  const per = openByCustomer(invoices);
  const rows = page.locator('[data-testid="aged-balance"] tbody tr');
  const totals = async () => Number(await page.locator('[data-testid="aged-balance"] tfoot td.total').getAttribute('data-value'));
  const ids = async () => rows.evaluateAll((trs) => trs.map((r) => r.getAttribute('data-customer')));

  // With 50 rows a page, as many pages as needed; page 2 continues page 1, largest first.
  const sorted = [...per.entries()].sort((a, b) => b[1] - a[1] || 0);
  if (per.size > 50) {
    await expect(page.getByTestId('aged-rows-shown')).toContainText(`Lignes 1 à 50 sur ${per.size}`);
    await page.getByTestId('aged-next').click();
    await expect(page.getByTestId('aged-rows-shown')).toContainText('Lignes 51 à');
    const second = await ids();
    expect(per.get(second[0]) / 100).toBeCloseTo(sorted[50][1] / 100, 6);
    await page.getByTestId('aged-prev').click();
  } else {
    await expect(rows).toHaveCount(per.size);
  }
  // Sorted by total, smallest first: a click on the total's header, then another.
  await page.locator('[data-testid="aged-balance"] thead th').last().getByRole('button').click();
  await expect(page.locator('[data-testid="aged-balance"] thead th').last()).toHaveAttribute('aria-sort', 'ascending');
  const smallest = Math.min(...per.values());
  await expect.poll(async () => Number(await rows.first().locator('td.total').getAttribute('data-value'))).toBeCloseTo(smallest / 100, 6);
  // A search keeps the matching customers only; the totals stay AR.
  const someone = sorted[3][0];
  await page.getByTestId('aged-search').fill(someone);
  await expect.poll(ids).toContain(someone);
  const found = await ids();
  expect(found.every((id) => id.toLowerCase().includes(someone.toLowerCase()))).toBe(true);
  expect(await totals()).toBeCloseTo(e.ar / 100, 6);
  await page.getByTestId('aged-search').fill('no customer has this name');
  await expect(page.getByTestId('aged-no-match')).toBeVisible();
  await page.getByTestId('aged-search').fill('');

  // Aged from the invoice date: the buckets move, their sum is still AR, to the cent.
  await page.getByTestId('aging-basis').selectOption('invoice_date');
  const byInvoice = [0, 0, 0, 0, 0];
  for (const i of invoices) {
    const open = i.issued <= T && i.settled > T ? i.cents : 0;
    if (!open) continue;
    const age = T - i.issued;
    byInvoice[age <= 0 ? 0 : age <= 30 ? 1 : age <= 60 ? 2 : age <= 90 ? 3 : 4] += open;
  }
  for (let b = 0; b < 5; b++) await expect.poll(() => kpi(page, `aging_${b}`), `aging_${b}`).toBeCloseTo(byInvoice[b] / 100, 6);
  await expect(page.locator('[data-testid="aged-balance"] thead th').nth(1)).toContainText('Du jour');
  noErrors();
});

test('provision rates are edited per band and the provision follows', async ({ page }) => {
  const invoices = readIbm();
  const e = await openIbm(page);
  expect(await kpi(page, 'provision_total')).toBeCloseTo(e.provision / 100, 6);
  // 10% on 1-90 days, 100% on 91-180 days.
  await page.getByTestId('provision-rate-1').fill('10');
  await page.getByTestId('provision-rate-1').press('Tab');
  await page.getByTestId('provision-rate-2').fill('100');
  await page.getByTestId('provision-rate-2').press('Tab');
  const rate = (dpd) => (dpd <= 0 ? 0 : dpd <= 90 ? 10 : dpd <= 180 ? 100 : dpd <= 270 ? 50 : dpd <= 360 ? 75 : 100);
  const expectedCents = invoices.reduce((a, i) => a + ((i.issued <= T && i.settled > T ? i.cents : 0) * rate(T - i.due)) / 100, 0);
  await expect.poll(() => kpi(page, 'provision_total')).toBeCloseTo(expectedCents / 100, 6);
  // A rate over 100 is refused, said, and the figure stays.
  await page.getByTestId('provision-rate-3').fill('150');
  await page.getByTestId('provision-rate-3').press('Tab');
  await expect(page.getByTestId('provision-rate-error')).toBeVisible();
  expect(await kpi(page, 'provision_total')).toBeCloseTo(expectedCents / 100, 6);
  await page.getByTestId('provisions-reset').click();
  await expect.poll(() => kpi(page, 'provision_total')).toBeCloseTo(e.provision / 100, 6);
});

test('each figure says how it is computed, with the user\'s own numbers', async ({ page }) => {
  const e = await openIbm(page);
  const how = page.getByTestId('how-dso_standard');
  await how.locator('summary').click();
  await expect(how).toContainText('DSO = Encours(t) ÷ CA(N) × N.');
  const fr = (cents) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);
  const dso = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(e.dso);
  await expect(page.getByTestId('workings-dso_standard')).toHaveText(`${fr(e.ar)} ÷ ${fr(e.sales)} × 90 = ${dso}\u00a0j`);
  await page.getByTestId('how-cei').locator('summary').click();
  await expect(page.getByTestId('workings-cei')).toContainText(`${fr(e.ar)}`);
  // Every figure on the page has its formula.
  const names = await page.locator('.kpi [data-kpi]').evaluateAll((els) => els.map((el) => el.getAttribute('data-kpi')));
  for (const name of names) {
    await expect(page.getByTestId(`how-${name}`).locator('.formula')).not.toBeEmpty();
  }
  // In English too.
  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('how-dso_standard')).toContainText('DSO = AR(t) ÷ Sales(N) × N.');
});
