// The savings and DSO calculators as a visitor uses them: sliders by
// keyboard, typed figures, links that reproduce a calculation, and figures
// taken from an analysed file. Expected values are computed here from the
// kpi.md formulas.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kpi, failOnConsoleErrors } from './helpers.mjs';

const savings = ({ revenue, dso_reduction, yield_rate, bad_debt_rate, bad_debt_avoided, invoices_per_month, reminders_per_invoice, minutes_per_reminder, automated_share }) => {
  const cash = (revenue / 365) * dso_reduction;
  return {
    cash_increase: cash,
    collections_increase: revenue * (bad_debt_rate / 100) * (bad_debt_avoided / 100),
    investment_income: cash * (yield_rate / 100),
    hours_saved_month: (invoices_per_month * reminders_per_invoice * minutes_per_reminder * (automated_share / 100)) / 60,
  };
};

async function expectOutputs(page, inputs) {
  const e = savings(inputs);
  for (const [name, value] of Object.entries(e)) {
    await expect.poll(() => kpi(page, name), { message: name }).toBeCloseTo(value, 6);
  }
}

test('moving a slider by keyboard changes the results', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  await page.goto('./#/calculators');
  const inputs = {
    revenue: 3650000, dso_current: 60, dso_reduction: 10, yield_rate: 3, bad_debt_rate: 1, bad_debt_avoided: 30,
    invoices_per_month: 300, reminders_per_invoice: 1.5, minutes_per_reminder: 6, automated_share: 70,
  };
  await page.getByTestId('revenue').fill('3650000');
  await expectOutputs(page, inputs);
  expect(await kpi(page, 'cash_increase')).toBe(100000);
  await expect(page.locator('[data-kpi="cash_increase"]')).toHaveText('100\u202f000\u00a0€');

  const slider = page.getByTestId('dso_reduction-slider');
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('dso_reduction')).toHaveValue('11');
  await expectOutputs(page, { ...inputs, dso_reduction: 11 });
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expectOutputs(page, { ...inputs, dso_reduction: 8 });

  // A log slider moves by round figures and the typed value follows it.
  await page.getByTestId('revenue-slider').focus();
  await page.keyboard.press('ArrowRight');
  const r = Number(await page.getByTestId('revenue').inputValue());
  expect(r).toBeGreaterThan(3650000);
  await expectOutputs(page, { ...inputs, revenue: r, dso_reduction: 8 });

  // Sliders are labelled for assistive technology.
  await expect(page.getByRole('slider', { name: 'Réduction du DSO visée' })).toHaveAttribute('aria-valuetext', '8\u00a0j');
  noErrors();
});

test('a link with parameters reproduces the calculation, and the address follows the inputs', async ({ page }) => {
  const inputs = {
    revenue: 1200000, dso_current: 75, dso_reduction: 20, yield_rate: 4.5, bad_debt_rate: 2, bad_debt_avoided: 40,
    invoices_per_month: 500, reminders_per_invoice: 2, minutes_per_reminder: 8, automated_share: 60,
  };
  const query = new URLSearchParams(Object.entries(inputs).map(([k, v]) => [k, String(v)])).toString();
  await page.goto(`./?${query}`);
  for (const [k, v] of Object.entries(inputs)) await expect(page.getByTestId(k)).toHaveValue(String(v));
  await expectOutputs(page, inputs);
  expect(await kpi(page, 'hours_saved_month')).toBe(80);
  expect(await kpi(page, 'collections_increase')).toBe(9600);

  await page.getByTestId('yield_rate').fill('5');
  await expect.poll(() => new URL(page.url()).searchParams.get('yield_rate')).toBe('5');
  const shared = await page.getByTestId('share-url').inputValue();
  expect(new URL(shared).searchParams.get('revenue')).toBe('1200000');

  // Parameters written after the hash work too.
  const third = await page.context().newPage();
  await third.goto('./#/calculators?revenue=730000&dso_reduction=10');
  await expect.poll(() => kpi(third, 'cash_increase')).toBe(20000);

  // The shared link opened elsewhere gives the same figures.
  const other = await page.context().newPage();
  await other.goto(shared);
  await expectOutputs(other, { ...inputs, yield_rate: 5 });
});

test('the DSO calculator gives 12.4 days for the seed example, and the countback form', async ({ page }) => {
  await page.goto('./#/calculators');
  await page.getByTestId('dso_receivables').fill('40000');
  await page.getByTestId('dso_revenue').fill('100000');
  await page.getByTestId('dso_days').fill('31');
  await expect.poll(() => kpi(page, 'dso_simple')).toBe(12.4);
  await expect(page.locator('[data-kpi="dso_simple"]')).toHaveText('12,4\u00a0j');
  await page.getByTestId('dso_days').fill('30');
  await expect.poll(() => kpi(page, 'dso_simple')).toBe(12);

  // Countback: 40,000 against 30,000 (31 d) then 25,000 (30 d): 31 + 10,000 / 25,000 x 30 = 43.
  await page.getByTestId('countback-sales-0').fill('30000');
  await page.getByTestId('countback-days-0').fill('31');
  await page.getByTestId('countback-sales-1').fill('25000');
  await page.getByTestId('countback-days-1').fill('30');
  await expect.poll(() => kpi(page, 'dso_countback_calc')).toBe(43);

  await page.goto('./?dso_receivables=50000&dso_revenue=200000&dso_days=90&lang=en');
  await expect.poll(() => kpi(page, 'dso_simple')).toBe(22.5);
  await expect(page.locator('[data-kpi="dso_simple"]')).toHaveText('22.5 d');
});

test('English figures in English formats', async ({ page }) => {
  await page.goto('./?lang=en&revenue=1234567&dso_reduction=0#/calculators');
  await expect(page.locator('.param[data-param="revenue"] .param-shown')).toHaveText(/^€1\.23[mM]$/);
  await expect(page.locator('[data-kpi="collections_increase"]')).toHaveText('€3,704 / year');
  await expect(page.locator('[data-kpi="cash_increase"]')).toHaveText('€0');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Calculators');
});

test('switching language rewrites the calculators and keeps what was typed; reset brings the defaults back', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  await page.goto('./#/calculators');
  await page.getByTestId('revenue').fill('730000');
  await expect(page.locator('[data-kpi="cash_increase"]')).toHaveText('20\u202f000\u00a0€');
  await page.getByTestId('lang-en').click();
  await expect(page.locator('[data-kpi="cash_increase"]')).toHaveText('€20,000');
  await expect(page.getByTestId('revenue')).toHaveValue('730000');
  await expect(page.getByTestId('savings-calculator').getByRole('heading', { level: 2 })).toHaveText('Calculate what late payments cost you');
  await expect(page.locator('[data-kpi="dso_simple"]')).toHaveText(/^12\.4\sd$/);
  // The page's own controls reach the calculators: reset.
  await page.getByTestId('reset').click();
  await expect(page.getByTestId('revenue')).toHaveValue('5000000');
  await expect.poll(() => kpi(page, 'cash_increase')).toBeCloseTo((5000000 / 365) * 10, 6);
  noErrors();
});

/** Sales over (t - 365, t] and AR(t) of the shipped French sample, computed here. */
function sampleFigures() {
  const text = readFileSync(fileURLToPath(new URL('../../public/sample-receivables.csv', import.meta.url)), 'utf8');
  const [, ...rows] = text.split(/\r?\n/).filter((l) => l.trim());
  const day = (s) => {
    if (!s) return null;
    const [d, m, y] = s.split('/').map(Number);
    return Date.UTC(y, m - 1, d) / 86_400_000;
  };
  const inv = rows.map((r) => {
    const c = r.split(';');
    return { issued: day(c[3]), settled: day(c[6]), cents: Math.round(Number(c[5].replace(',', '.')) * 100) };
  });
  const t = Math.max(...inv.map((i) => Math.max(i.issued, i.settled ?? 0)));
  const sales = inv.filter((i) => i.issued > t - 365 && i.issued <= t).reduce((a, i) => a + i.cents, 0) / 100;
  const ar = inv.filter((i) => i.issued <= t && (i.settled === null || i.settled > t)).reduce((a, i) => a + i.cents, 0) / 100;
  return { sales, ar };
}

test('"Use my figures" fills the calculators from the analysed file', async ({ page }) => {
  await page.goto('./#/calculators');
  await expect(page.getByTestId('use-my-figures')).toBeDisabled();
  await page.getByTestId('nav-analyse').click();
  await page.getByTestId('load-sample').click();
  await expect(page.locator('[data-kpi="ar_total"]')).toBeVisible();
  await page.getByTestId('nav-calculators').click();
  await page.getByTestId('use-my-figures').click();
  const { sales, ar } = sampleFigures();
  await expect(page.getByTestId('revenue')).toHaveValue(String(Math.round(sales)));
  await expect(page.getByTestId('dso_current')).toHaveValue(String(Math.round((ar / sales) * 365)));
  expect(Number(await page.getByTestId('dso_receivables').inputValue())).toBeCloseTo(ar, 2);
  await expect(page.getByTestId('dso_days')).toHaveValue('365');
  await expect.poll(() => kpi(page, 'dso_simple')).toBeCloseTo((ar / sales) * 365, 6);
  await expectOutputs(page, {
    revenue: Math.round(sales), dso_reduction: 10, yield_rate: 3, bad_debt_rate: 1, bad_debt_avoided: 30,
    invoices_per_month: 300, reminders_per_invoice: 1.5, minutes_per_reminder: 6, automated_share: 70,
  });
});
