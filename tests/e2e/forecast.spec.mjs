// Payer behaviour, the customers table and the collections forecast on the
// public IBM file at 2013-06-30, checked against figures computed here from
// the CSV (kpi.md "Payer rating", "Forecast of collections", "Forecast
// accuracy"), in integer cents.
import { test, expect } from '@playwright/test';
import { kpi, failOnConsoleErrors } from './helpers.mjs';
import { FIXTURE, readIbm, DAY } from './ibm.mjs';

const T = Date.UTC(2013, 5, 30) / DAY;
const openAt = (i, day) => (i.issued <= day && i.settled > day ? i.cents : 0);

async function openIbm(page) {
  await page.goto('./');
  await page.getByTestId('import-file').setInputFiles(FIXTURE);
  await page.getByTestId('as-of').fill('2013-06-30');
  // The forecast is asked once the date has settled: the one for the file's own latest date may come first.
  // The customers table is asked before it, so it is at the same date by then.
  await expect(page.getByTestId('forecast-weeks').locator('tbody tr').first()).toContainText('01/07/2013');
}

/** Per customer at day m: [sum amount x days late, sum amount, count] over invoices settled in (m - 365, m]. */
function lateness(invoices, m) {
  const per = new Map();
  for (const i of invoices) {
    if (i.cents <= 0 || !(i.settled > m - 365 && i.settled <= m)) continue;
    const s = per.get(i.customer) ?? [0, 0, 0];
    s[0] += i.cents * Math.max(0, i.settled - i.due);
    s[1] += i.cents;
    s[2] += 1;
    per.set(i.customer, s);
  }
  return per;
}

/** kpi.md L per customer at m: its own rounded average with 3 settled invoices or more, else the company's. */
function lags(invoices, m) {
  const per = lateness(invoices, m);
  let late = 0;
  let weight = 0;
  for (const [l, w] of per.values()) { late += l; weight += w; }
  const round = (x) => Math.floor(x + 0.5);
  const company = weight > 0 ? round(late / weight) : 0;
  return (c) => {
    const s = per.get(c);
    return s && s[2] >= 3 ? round(s[0] / s[1]) : company;
  };
}

/** Expected payment day of an invoice open at m. */
const expectedDay = (i, m, lag) => Math.max(i.due + lag(i.customer), m + 1);

test('the forecast per week follows kpi.md exactly and adds up to the positive open amounts', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  const invoices = readIbm();
  await openIbm(page);
  const lag = lags(invoices, T);
  const weeks = new Array(14).fill(0);
  for (const i of invoices) {
    const open = openAt(i, T);
    if (open <= 0) continue;
    const k = Math.ceil((expectedDay(i, T, lag) - T) / 7);
    weeks[Math.min(k, 14) - 1] += open;
  }
  for (let k = 1; k <= 13; k++) {
    expect(await kpi(page, `forecast_w${k}`), `week ${k}`).toBeCloseTo(weeks[k - 1] / 100, 6);
  }
  expect(await kpi(page, 'forecast_later')).toBeCloseTo(weeks[13] / 100, 6);
  // The weeks and "after 13 weeks" sum exactly to the positive open amounts, to the cent.
  let sum = 0;
  for (let k = 1; k <= 13; k++) sum += Math.round((await kpi(page, `forecast_w${k}`)) * 100);
  sum += Math.round((await kpi(page, 'forecast_later')) * 100);
  const positive = invoices.reduce((a, i) => a + Math.max(0, openAt(i, T)), 0);
  expect(sum).toBe(positive);
  expect(Number(await page.getByTestId('forecast-total').getAttribute('data-value'))).toBeCloseTo(positive / 100, 6);
  // The chart is drawn, and its table says the same.
  const canvas = page.locator('[data-testid="chart-forecast"] canvas').first();
  await expect(canvas).toBeAttached();
  const cells = await page.locator('[data-testid="chart-forecast-table"] tbody tr td:first-of-type').evaluateAll((tds) => tds.map((td) => Number(td.dataset.value)));
  expect(cells).toHaveLength(14);
  cells.forEach((v, k) => expect(v, `chart week ${k + 1}`).toBeCloseTo(weeks[k] / 100, 6));
  noErrors();
});

test('the backtest error shown equals the one computed from the file', async ({ page }) => {
  const invoices = readIbm();
  await openIbm(page);
  // Month ends m <= t, the 12 latest (t is one), whose window has ended by t.
  const ends = [];
  for (let k = 0; k < 12; k++) ends.push(Date.UTC(2013, 5 - k + 1, 1) / DAY - 1);
  const wape = (weeks, naive) => {
    let err = 0;
    let actual = 0;
    for (const m of ends.filter((m) => m + 7 * weeks <= T)) {
      const lag = naive ? () => 0 : lags(invoices, m);
      let f = 0;
      let a = 0;
      for (const i of invoices) {
        const open = openAt(i, m);
        if (open <= 0) continue;
        const day = expectedDay(i, m, lag);
        if (day <= m + 7 * weeks) f += open;
        a += open - openAt(i, m + 7 * weeks);
      }
      err += Math.abs(f - a);
      actual += a;
    }
    return (err / actual) * 100;
  };
  const shown = async (id) => Number(await page.getByTestId(id).getAttribute('data-value'));
  expect(await shown('wape-4')).toBeCloseTo(wape(4, false), 6);
  expect(await shown('naive-wape-4')).toBeCloseTo(wape(4, true), 6);
  expect(await shown('wape-13')).toBeCloseTo(wape(13, false), 6);
  expect(await shown('naive-wape-13')).toBeCloseTo(wape(13, true), 6);
  await expect(page.getByTestId('backtest-verdict')).toBeVisible();
});

test('the what-if moves collections earlier and gives the savings calculator\'s cash figure', async ({ page }) => {
  const invoices = readIbm();
  await openIbm(page);
  const w1 = await kpi(page, 'forecast_w1');
  const slider = page.getByTestId('whatif-days');
  await slider.fill('10');
  const sales365 = invoices.reduce((a, i) => a + (i.issued > T - 365 && i.issued <= T ? i.cents : 0), 0);
  await expect.poll(async () => Number(await page.getByTestId('whatif-cash').getAttribute('data-value'))).toBeCloseTo((sales365 / 100 / 365) * 10, 6);
  // Each customer's delay 10 days shorter (never below 0).
  const lag = lags(invoices, T);
  const shorter = (c) => Math.max(0, lag(c) - 10);
  let week1 = 0;
  for (const i of invoices) {
    if (openAt(i, T) > 0 && expectedDay(i, T, shorter) <= T + 7) week1 += openAt(i, T);
  }
  await expect.poll(() => kpi(page, 'forecast_w1')).toBeCloseTo(week1 / 100, 6);
  expect(week1 / 100).toBeGreaterThanOrEqual(w1);
  await page.getByTestId('whatif-calculator').click();
  await expect(page.getByTestId('dso_reduction')).toHaveValue('10');
  await expect.poll(async () => Number(await kpi(page, 'cash_increase'))).toBeCloseTo(Math.round(sales365 / 100) / 365 * 10, 2);
});

test('customers are rated A to D by kpi.md and the 20 most overdue listed', async ({ page }) => {
  const invoices = readIbm();
  await openIbm(page);
  const per = lateness(invoices, T);
  const over90 = new Set(invoices.filter((i) => openAt(i, T) > 0 && T - i.due > 90).map((i) => i.customer));
  const rating = (c, [a, b, cc] = [5, 15, 45]) => {
    const s = per.get(c);
    if (!s || s[2] < 3) return '';
    const l = s[0] / s[1];
    const r = l <= a ? 'A' : l <= b ? 'B' : l <= cc ? 'C' : 'D';
    return over90.has(c) && r < 'C' ? 'C' : r;
  };
  const table = page.getByTestId('customers-table');
  const customers = new Set(invoices.filter((i) => i.issued <= T).map((i) => i.customer));
  await expect(table).toHaveAttribute('data-rows', String(customers.size));
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.dataset.customer, tr.querySelector('[data-rating]').dataset.rating]));
  expect(rows.length).toBe(Math.min(50, customers.size));
  for (const [c, r] of rows) expect(r, c).toBe(rating(c));
  // The top 20 by overdue amount, largest first.
  const overdue = new Map();
  for (const i of invoices) if (T - i.due > 0 && openAt(i, T)) overdue.set(i.customer, (overdue.get(i.customer) ?? 0) + openAt(i, T));
  const top = [...overdue.entries()].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]).slice(0, 20);
  const shown = await page.getByTestId('top-overdue').locator('tbody tr td.total').evaluateAll((tds) => tds.map((td) => Number(td.dataset.value)));
  expect(shown).toHaveLength(top.length);
  shown.forEach((v, k) => expect(v).toBeCloseTo(top[k][1] / 100, 6));
  // Sorted by average days late, the largest first; a search keeps the matching customers.
  await table.locator('thead th', { hasText: 'Retard moyen' }).getByRole('button').click();
  await expect(table.locator('thead th', { hasText: 'Retard moyen' })).toHaveAttribute('aria-sort', 'descending');
  const who = rows[0][0];
  await page.getByTestId('customers-search').fill(who.slice(0, 6));
  await expect.poll(() => table.locator('tbody tr').first().getAttribute('data-customer')).toContain(who.slice(0, 6));
  // A customer opened: its payment delays over 12 months.
  await table.locator('tbody tr').first().locator('button.expand').click();
  await expect(page.locator('[data-testid="chart-customer-delays"] canvas').first()).toBeAttached();
  // Other thresholds: the ratings follow.
  await page.getByTestId('customers-search').fill('');
  await page.getByTestId('threshold-a').fill('40');
  await page.getByTestId('threshold-a').press('Tab');
  await page.getByTestId('threshold-b').fill('50');
  await page.getByTestId('threshold-b').press('Tab');
  await page.getByTestId('threshold-c').fill('60');
  await page.getByTestId('threshold-c').press('Tab');
  await expect(page.getByTestId('threshold-error')).toHaveCount(0);
  const rerated = async () => table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.dataset.customer, tr.querySelector('[data-rating]').dataset.rating]));
  await expect.poll(async () => (await rerated()).every(([c, r]) => r === rating(c, [40, 50, 60]))).toBe(true);
  expect((await rerated()).some(([c]) => rating(c) !== rating(c, [40, 50, 60]))).toBe(true);
  // Thresholds out of order are refused and said.
  await page.getByTestId('threshold-a').fill('70');
  await page.getByTestId('threshold-a').press('Tab');
  await expect(page.getByTestId('threshold-error')).toBeVisible();
});
