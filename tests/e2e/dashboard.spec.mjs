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
  await page.getByTestId('how-ar_total').locator('summary').click();
  await expect(page.getByTestId('workings-ar_total')).toHaveText(`${fr(e.overdue)} + ${fr(e.current)} = ${fr(e.ar)}`);
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

/** The raw values of a chart's data table: { label: [numbers...] }. */
async function chartTable(page, testid) {
  const rows = page.locator(`[data-testid="${testid}-table"] tbody tr`);
  await expect(rows.first()).toBeAttached();
  return Object.fromEntries(await rows.evaluateAll((trs) => trs.map((tr) => [
    tr.querySelector('th').textContent,
    [...tr.querySelectorAll('td')].map((td) => (td.dataset.value === '' ? null : Number(td.dataset.value))),
  ])));
}

const monthOf = (day) => {
  const d = new Date(day * DAY);
  return `${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
};

test('every chart is drawn and its data table holds independently computed sums', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  const invoices = readIbm();
  const e = await openIbm(page);
  const charts = ['chart-flows', 'chart-aged', 'chart-overdue-days', 'chart-overdue-months', 'chart-payment-days', 'chart-dso-trend', 'chart-cei-trend'];
  await page.getByTestId('goto-charts').click();
  for (const c of charts) {
    const canvas = page.locator(`[data-testid="${c}"] canvas`).first();
    await expect(canvas, c).toBeAttached();
    expect(await canvas.evaluate((el) => el.width), c).toBeGreaterThan(100);
  }

  // Revenue by invoice month, expected by due month (issued by t), actual by settled month, 12 months to June 2013.
  const flows = await chartTable(page, 'chart-flows');
  const months = Object.keys(flows);
  expect(months).toHaveLength(12);
  expect(months[11]).toBe('06/2013');
  expect(months[0]).toBe('07/2012');
  for (const m of months) {
    const revenue = invoices.filter((i) => i.issued <= T && monthOf(i.issued) === m).reduce((a, i) => a + i.cents, 0);
    const expectedPay = invoices.filter((i) => i.issued <= T && monthOf(i.due) === m).reduce((a, i) => a + i.cents, 0);
    const actual = invoices.filter((i) => i.issued <= T && i.settled <= T && monthOf(i.settled) === m).reduce((a, i) => a + i.cents, 0);
    expect(flows[m][0], `revenue ${m}`).toBeCloseTo(revenue / 100, 6);
    expect(flows[m][1], `expected ${m}`).toBeCloseTo(expectedPay / 100, 6);
    expect(flows[m][2], `actual ${m}`).toBeCloseTo(actual / 100, 6);
  }

  // The aged bars' totals add up to AR; each bar's buckets to its total.
  const aged = await chartTable(page, 'chart-aged');
  const bars = Object.values(aged);
  expect(bars.length).toBeLessThanOrEqual(11);
  expect(bars.reduce((a, r) => a + r[5], 0)).toBeCloseTo(e.ar / 100, 6);
  for (const r of bars) expect(r.slice(0, 5).reduce((a, v) => a + (v ?? 0), 0)).toBeCloseTo(r[5], 6);

  // Overdue amount each day of June 2013, the last one at t.
  const days = Object.values(await chartTable(page, 'chart-overdue-days'));
  expect(days).toHaveLength(30);
  expect(days[29][0]).toBeCloseTo(e.overdue / 100, 6);
  const overdueOn = (day) => invoices.reduce((a, i) => a + (i.issued <= day && i.settled > day && day - i.due > 0 ? i.cents : 0), 0);
  expect(days[0][0]).toBeCloseTo(overdueOn(T - 29) / 100, 6);
  // Month ends of 2013 and 2012: January's.
  const byMonth = await chartTable(page, 'chart-overdue-months');
  const jan = Object.values(byMonth)[0];
  expect(jan[0]).toBeCloseTo(overdueOn(Date.UTC(2012, 0, 31) / DAY) / 100, 6);
  expect(jan[1]).toBeCloseTo(overdueOn(Date.UTC(2013, 0, 31) / DAY) / 100, 6);

  // Payments per day of June 2013.
  const pays = await chartTable(page, 'chart-payment-days');
  for (let day = 1; day <= 30; day++) {
    const n = invoices.filter((i) => i.issued <= T && i.settled === Date.UTC(2013, 5, day) / DAY).length;
    expect(pays[String(day)][0], `day ${day}`).toBe(n);
  }

  // The DSO trend ends with the figures at t; its sparkline says the same.
  const trend = Object.values(await chartTable(page, 'chart-dso-trend'));
  expect(trend).toHaveLength(12);
  expect(trend[11][0]).toBeCloseTo(e.dso, 6);
  expect(trend[11][1]).toBeCloseTo(e.countback, 6);
  const may = expected(invoices, Date.UTC(2013, 4, 31) / DAY, 90);
  expect(trend[10][0]).toBeCloseTo(may.dso, 6);
  const spark = page.getByTestId('trend-dso_standard');
  expect(Number(await spark.getAttribute('data-change'))).toBeCloseTo(e.dso - may.dso, 6);
  const cei = Object.values(await chartTable(page, 'chart-cei-trend'));
  expect(cei[11][0]).toBeCloseTo(e.cei, 6);

  // A customer selected: the charts follow.
  const who = invoices.find((i) => i.issued <= T && i.settled > T).customer;
  await page.getByTestId('filter-customer').fill(who);
  await page.getByTestId('filter-customer').press('Enter');
  const mine = invoices.filter((i) => i.customer === who);
  const myAr = mine.reduce((a, i) => a + (i.issued <= T && i.settled > T ? i.cents : 0), 0);
  await expect.poll(async () => Object.values(await chartTable(page, 'chart-aged')).reduce((a, r) => a + r[5], 0)).toBeCloseTo(myAr / 100, 6);
  const myFlows = await chartTable(page, 'chart-flows');
  const myRevenue = mine.filter((i) => monthOf(i.issued) === '06/2013' && i.issued <= T).reduce((a, i) => a + i.cents, 0);
  expect(myFlows['06/2013'][0]).toBeCloseTo(myRevenue / 100, 6);

  // A chart as a PNG image.
  const download = page.waitForEvent('download');
  await page.getByTestId('chart-flows-png').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('encours-chart-flows.png');
  const { readFileSync } = await import('node:fs');
  const png = readFileSync(await file.path());
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  noErrors();
});

test('the aged balance, open invoices and customers download as CSV and .xlsx with real numbers', async ({ page }) => {
  const { readFileSync } = await import('node:fs');
  const { unzipText } = await import('./unzip.mjs');
  const invoices = readIbm();
  const e = await openIbm(page);
  const download = async (testid) => {
    const d = page.waitForEvent('download');
    await page.getByTestId(testid).click();
    const file = await d;
    return [file.suggestedFilename(), readFileSync(await file.path())];
  };
  // French Excel CSV: BOM, semicolons, decimal commas, the total row is AR.
  const [name, csv] = await download('export-aged-csv');
  expect(name).toBe('balance-agee-2013-06-30-EUR.csv');
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = csv.toString('utf8').slice(1).trim().split('\r\n');
  expect(lines[0].split(';')[0]).toBe('Client');
  const totalLine = lines[lines.length - 1].split(';');
  const arText = (e.ar / 100).toFixed(2).replace('.', ',');
  expect(totalLine).toContain(arText);
  const customers = new Set(invoices.filter((i) => i.issued <= T && i.settled > T).map((i) => i.customer));
  expect(lines).toHaveLength(customers.size + 2);

  // The same as a workbook: numbers are numbers.
  const [xname, xlsx] = await download('export-aged-xlsx');
  expect(xname).toBe('balance-agee-2013-06-30-EUR.xlsx');
  expect(xlsx.subarray(0, 2).toString()).toBe('PK');
  const sheet = unzipText(xlsx, 'xl/worksheets/sheet1.xml');
  expect(sheet).toContain(`<v>${(e.ar / 100).toFixed(2).replace(/0+$/, '').replace(/\.$/, '')}</v>`);

  // Open invoices, in English: one line per open invoice, comma separated, ISO dates.
  await page.getByTestId('lang-en').click();
  const [oname, open] = await download('export-open-invoices-csv');
  expect(oname).toBe('open-invoices-2013-06-30-EUR.csv');
  const olines = open.toString('utf8').slice(1).trim().split('\r\n');
  expect(olines[0].startsWith('Invoice,')).toBe(true);
  expect(olines).toHaveLength(e.openInvoices + 1);
  expect(olines[1]).toMatch(/,\d{4}-\d\d-\d\d,/);

  // Customers as a workbook: one row per customer with a line issued by t, plus the header.
  const [cname, cx] = await download('export-customers-xlsx');
  expect(cname).toBe('customers-2013-06-30-EUR.xlsx');
  const csheet = unzipText(cx, 'xl/worksheets/sheet1.xml');
  const all = new Set(invoices.filter((i) => i.issued <= T).map((i) => i.customer));
  expect((csheet.match(/<row /g) ?? []).length).toBe(all.size + 1);
  // The figures, the dispute resolution rate included.
  const [, figures] = await download('export-figures-csv');
  expect(figures.toString('utf8')).toContain('dispute_resolution_rate');
});

test('the print view lays the dashboard out on A4 without a cut table', async ({ page }) => {
  await openIbm(page);
  await page.locator('[data-testid="chart-cei-trend"] canvas').first().waitFor();
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('print-header')).toBeVisible();
  await expect(page.getByTestId('print-header')).toContainText('ibm-accounts-receivable.csv');
  await expect(page.getByTestId('print-header')).toContainText('30/06/2013');
  await expect(page.getByTestId('print')).toBeHidden();
  // A4 at 96 dpi minus the margins: about 718 px wide.
  await page.setViewportSize({ width: 718, height: 1000 });
  const cut = await page.evaluate(() => [...document.querySelectorAll('table')]
    .filter((t) => t.offsetParent !== null)
    .filter((t) => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map((t) => `${t.dataset.testid || t.className} ${Math.round(t.getBoundingClientRect().right)}`));
  expect(cut).toEqual([]);
  // Charts shrink to the page too, and row and column labels are printed.
  const wide = await page.evaluate(() => [...document.querySelectorAll('.chart-canvas canvas')]
    .filter((c) => c.getBoundingClientRect().right > document.documentElement.clientWidth + 1).length);
  expect(wide).toBe(0);
  await expect(page.locator('[data-testid="aged-balance"] tbody tr').first().locator('button.expand')).toBeVisible();
  await expect(page.locator('[data-testid="aged-balance"] thead th').last()).toHaveText('Total');
  await expect(page.getByTestId('top-overdue')).toBeVisible();
  await expect(page.getByTestId('aged-balance')).toBeVisible();
  await page.screenshot({ path: 'target/e2e-results/print-view.png', fullPage: true });
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
});
