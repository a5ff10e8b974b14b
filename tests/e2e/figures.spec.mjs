// The figures from files that cannot give them alone (issue 24): an
// open-items list, whose DSO family waits for the period's sales typed by
// the user (kpi.md "Open-items file"); a file in two currencies converted
// into a reporting currency at a typed rate (kpi.md "Currencies"); cards
// that never cut their number. Expected figures are computed here from the
// files written here.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { kpi, uploadFile, failOnConsoleErrors } from './helpers.mjs';
import { unzipText } from './unzip.mjs';

const DAY = 86400000;
const day = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY;
const frDate = (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const frAmount = (cents) => `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

/** An aged balance as an ERP exports it: every line still open, no payment date. */
const OPEN_ITEMS = [
  ['Durand SA', 'F-1001', '2026-01-12', '2026-02-11', 1250000],
  ['Durand SA', 'F-1017', '2026-02-20', '2026-03-22', 398045],
  ['Martin SARL', 'F-1022', '2026-03-02', '2026-04-01', 720099],
  ['Martin SARL', 'F-0987', '2025-11-30', '2025-12-30', 150000],
  ['Petit & Fils', 'F-1040', '2026-03-18', '2026-04-17', 2333333],
  ['Petit & Fils', 'AV-0012', '2026-03-05', '2026-03-05', -45000],
  ['Bernard', 'F-1043', '2026-03-25', '2026-04-24', 87650],
];
const T = '2026-03-25';

function openItemsCsv() {
  const lines = ['Client;N° facture;Date facture;Échéance;Solde TTC'];
  for (const [c, id, issued, due, cents] of OPEN_ITEMS) {
    lines.push(`${c};${id};${frDate(issued)};${frDate(due)};${cents < 0 ? '-' : ''}${frAmount(Math.abs(cents))}`);
  }
  return lines.join('\r\n') + '\r\n';
}

/** AR, current and overdue at T, in cents. */
function openItemsSums() {
  let ar = 0, overdue = 0;
  for (const [, , , due, cents] of OPEN_ITEMS) {
    ar += cents;
    if (day(T) - day(due) > 0) overdue += cents;
  }
  return { ar, overdue, current: ar - overdue };
}

/** The cards that reach past the window's right edge (the page would scroll sideways). */
const cardsPastEdge = (page) => page.evaluate(() => {
  const w = document.documentElement.clientWidth;
  return [...document.querySelectorAll('.kpi')]
    .filter((k) => k.getBoundingClientRect().right > w + 0.5)
    .map((k) => k.querySelector('[data-kpi]')?.dataset.kpi);
});

const SALES_FAMILY = ['sales', 'dso_standard', 'dso_countback', 'bpdso', 'ddso', 'dbt', 'dso_disputed'];

test('an open-items list asks for the period\'s sales, then computes the DSO family with them, remembered', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  const { ar, overdue, current } = openItemsSums();
  await page.goto('./');
  await uploadFile(page, 'balance-agee.csv', openItemsCsv());
  await expect.poll(() => kpi(page, 'ar_total')).toBeCloseTo(ar / 100, 6);
  await expect(page.getByTestId('as-of')).toHaveValue(T);
  // Every figure divided by sales: "—", its reason, an empty data-value.
  for (const name of SALES_FAMILY) {
    expect(await kpi(page, name), name).toBeNull();
    const card = page.locator('.kpi', { has: page.locator(`[data-kpi="${name}"]`) });
    await expect(card.locator('.kpi-value')).toHaveText('—');
    await expect(card.locator('.kpi-reason'), name).toContainText('postes ouverts');
  }
  // History figures: no payment history; the rest stays.
  expect(await kpi(page, 'cei')).toBeNull();
  await expect(page.locator('.kpi', { has: page.locator('[data-kpi="cei"]') }).locator('.kpi-reason')).toContainText('historique');
  expect(await kpi(page, 'ar_overdue')).toBeCloseTo(overdue / 100, 6);
  // The charts it cannot draw: one notice naming them, no empty frames.
  await expect(page.getByTestId('charts-not-drawn')).toHaveCount(1);
  await expect(page.getByTestId('charts-not-drawn')).toContainText('historique de règlements');
  await expect(page.getByTestId('charts-not-drawn')).toContainText('DSO sur les 12 dernières fins de mois');
  await expect(page.getByTestId('chart-flows')).toHaveCount(0);
  await expect(page.getByTestId('chart-cei-trend')).toHaveCount(0);
  await expect(page.getByTestId('chart-aged')).toHaveCount(1);

  // The period's sales typed, in euros, for the 90 days to T.
  const card = page.getByTestId('period-sales-card');
  await expect(card).toContainText('26/12/2025');
  await expect(card).toContainText('25/03/2026');
  const typed = 18765432.1;
  await page.getByTestId('period-sales').fill(String(typed));
  const dso = (cents) => (cents / 100 / typed) * 90;
  await expect.poll(() => kpi(page, 'dso_standard')).toBeCloseTo(dso(ar), 6);
  expect(await kpi(page, 'sales')).toBeCloseTo(typed, 6);
  expect(await kpi(page, 'bpdso')).toBeCloseTo(dso(current), 6);
  expect(await kpi(page, 'ddso')).toBeCloseTo(dso(overdue), 6);
  expect(await kpi(page, 'dbt')).toBeCloseTo(dso(ar) - dso(current), 6);
  // The countback needs each month's sales, which one total does not give.
  expect(await kpi(page, 'dso_countback')).toBeNull();
  await expect(page.locator('.kpi', { has: page.locator('[data-kpi="dso_countback"]') }).locator('.kpi-reason')).toContainText('chaque mois');
  // The figures say they use the typed sales, and how.
  await expect(page.getByTestId('note-dso_standard')).toHaveText('Calculé avec le CA saisi');
  await expect(page.getByTestId('note-sales')).toHaveText('CA saisi par vous');
  for (const name of ['bpdso', 'ddso', 'dbt', 'dso_disputed']) await expect(page.getByTestId(`note-${name}`)).toHaveText('Calculé avec le CA saisi');
  await expect(page.getByTestId('note-dso_countback')).toHaveCount(0);
  await expect(page.getByTestId('period-sales-used')).toBeVisible();
  await page.getByTestId('how-dso_standard').locator('summary').click();
  const eur = (v) => new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(v);
  await expect(page.getByTestId('workings-dso_standard')).toContainText(`${eur(ar / 100)} ÷ ${eur(typed)} (saisi) × 90`);

  // In English the reasons and notes are English.
  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('note-dso_standard')).toHaveText('Computed with the typed sales');
  await expect(page.locator('.kpi', { has: page.locator('[data-kpi="dso_countback"]') }).locator('.kpi-reason')).toContainText("each month's sales");
  await page.getByTestId('lang-fr').click();

  // Another period asks again (those sales are not the 30 days'), the first comes back.
  await page.getByTestId('period').selectOption('30');
  await expect.poll(() => kpi(page, 'dso_standard')).toBeNull();
  await expect(page.getByTestId('period-sales')).toHaveValue('');
  await page.getByTestId('period').selectOption('90');
  await expect.poll(() => kpi(page, 'dso_standard')).toBeCloseTo(dso(ar), 6);

  // Reloaded and read again: remembered for this layout, currency and window.
  await page.reload();
  await uploadFile(page, 'balance-agee.csv', openItemsCsv());
  await expect(page.getByTestId('period-sales')).toHaveValue(String(typed));
  await expect.poll(() => kpi(page, 'dso_standard')).toBeCloseTo(dso(ar), 6);
  // The calculators' "use my figures": the year's sales are not typed yet.
  await page.getByTestId('nav-calculators').click();
  await page.getByTestId('use-my-figures').click();
  await expect(page.getByTestId('use-my-figures-refused')).toContainText('365 jours');
  await expect(page.getByTestId('revenue')).not.toHaveValue(String(Math.round(typed)));
  // The year's sales typed on the analysis: "use my figures" takes them.
  await page.getByTestId('nav-analyse').click();
  await page.getByTestId('period').selectOption('365');
  const year = 61234567.89;
  await page.getByTestId('period-sales').fill(String(year));
  await expect.poll(() => kpi(page, 'dso_standard')).toBeCloseTo((ar / 100 / year) * 365, 6);
  await page.getByTestId('nav-calculators').click();
  await page.getByTestId('use-my-figures').click();
  await expect(page.getByTestId('use-my-figures-refused')).toHaveCount(0);
  await expect(page.getByTestId('revenue')).toHaveValue(String(Math.round(year)));
  await expect(page.getByTestId('dso_current')).toHaveValue(String(Math.round((ar / 100 / year) * 365)));
  expect(Number(await page.getByTestId('dso_receivables').inputValue())).toBeCloseTo(ar / 100, 2);
  noErrors();
});

/** A file in two currencies: EUR and USD lines, some paid. */
const TWO = [
  ['A1', 'Alpha', '2026-02-01', '2026-03-03', 1000050, 'EUR', ''],
  ['A2', 'Alpha', '2026-03-01', '2026-03-31', 250010, 'EUR', '2026-03-20'],
  ['B1', 'Bravo Inc', '2026-02-10', '2026-03-12', 3333333, 'USD', ''],
  ['B2', 'Bravo Inc', '2026-03-05', '2026-04-04', 1099, 'USD', ''],
  ['B3', 'Bravo Inc', '2026-01-15', '2026-02-14', 777777, 'USD', '2026-02-20'],
  ['C1', 'Charlie Ltd', '2026-03-10', '2026-04-09', 4561, 'USD', ''],
];
const T2 = '2026-03-31';

function twoCsv() {
  const lines = ['Invoice;Customer;Invoice date;Due date;Amount;Currency;Payment date'];
  for (const [id, c, issued, due, cents, cur, paid] of TWO) {
    lines.push(`${id};${c};${frDate(issued)};${frDate(due)};${frAmount(cents)};${cur};${paid ? frDate(paid) : ''}`);
  }
  return lines.join('\n') + '\n';
}

/** AR at T2 in EUR at `rate` (a decimal string): each USD line converted and rounded to the cent first. */
function convertedAr(rate) {
  const [units, decimals = ''] = rate.split('.');
  const scale = 10 ** decimals.length;
  const r = Number(units) * scale + Number(decimals || 0);
  let total = 0;
  for (const [, , , , cents, cur, paid] of TWO) {
    if (paid && day(paid) <= day(T2)) continue;
    // cents x rate, rounded half away from zero, in integers.
    total += cur === 'EUR' ? cents : Math.round((cents * r) / scale);
  }
  return total;
}

test('a two-currency file is shown converted at a typed rate, labelled, in figures and exports', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  await page.goto('./');
  await page.evaluate(() => localStorage.removeItem('encours.v1.rates'));
  await uploadFile(page, 'two.csv', twoCsv());
  await page.getByTestId('as-of').fill(T2);
  // The per-currency view is the default: USD, the largest open amount.
  await expect(page.getByTestId('currency')).toHaveValue('USD');
  const usdOpen = TWO.filter((l) => l[5] === 'USD' && !l[6]).reduce((a, l) => a + l[4], 0);
  await expect.poll(() => kpi(page, 'ar_total')).toBeCloseTo(usdOpen / 100, 6);
  // A reporting currency without its rate: unavailable, said, never mixed.
  await page.getByTestId('reporting-currency').selectOption('EUR');
  await expect.poll(() => kpi(page, 'ar_total')).toBeNull();
  await expect(page.locator('.kpi', { has: page.locator('[data-kpi="ar_total"]') }).locator('.kpi-reason')).toContainText('aucun taux saisi pour USD');
  await expect(page.getByTestId('rates-missing')).toContainText('USD');
  // The rate typed the French way.
  await page.getByTestId('rate-USD').fill('0,9234');
  await expect.poll(() => kpi(page, 'ar_total')).toBeCloseTo(convertedAr('0.9234') / 100, 6);
  await expect(page.getByTestId('converted-note').first()).toContainText('Converti en EUR au taux 1 USD = 0,9234 EUR');
  // The per-currency menu has no effect meanwhile: inactive, and says why.
  await expect(page.getByTestId('currency')).toBeDisabled();
  await expect(page.getByTestId('currency')).toHaveAttribute('title', /converti en EUR/);
  // Every section says it is converted.
  expect(await page.getByTestId('converted-note').count()).toBeGreaterThanOrEqual(5);
  // The aged balance's total is the same sum.
  await expect.poll(async () => Number(await page.locator('[data-testid="aged-balance"] tfoot td.total').getAttribute('data-value')))
    .toBeCloseTo(convertedAr('0.9234') / 100, 6);

  // At 390 px, no card of the converted view reaches past the window.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  expect(await cardsPastEdge(page)).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 720 });

  // Exports carry the rates: the CSV in its amounts' titles, the workbook on its about sheet.
  const download = async (testid) => {
    const d = page.waitForEvent('download');
    await page.getByTestId(testid).click();
    const file = await d;
    return [file.suggestedFilename(), readFileSync(await file.path())];
  };
  const [name, csv] = await download('export-aged-csv');
  expect(name).toBe(`balance-agee-${T2}-EUR-converti.csv`);
  const text = csv.toString('utf8');
  expect(text).toContain('converti en EUR : 1 USD = 0,9234 EUR');
  expect(text).toContain(frAmount(convertedAr('0.9234')));
  const [, xlsx] = await download('export-figures-xlsx');
  expect(unzipText(xlsx, 'xl/sharedStrings.xml')).toContain('Converti en EUR au taux 1 USD = 0,9234 EUR ; chaque ligne arrondie au centime');

  // The rate is remembered; the per-currency view comes back on demand.
  await page.reload();
  await uploadFile(page, 'two.csv', twoCsv());
  await page.getByTestId('as-of').fill(T2);
  await expect(page.getByTestId('reporting-currency')).toHaveValue('');
  await page.getByTestId('reporting-currency').selectOption('EUR');
  await expect(page.getByTestId('rate-USD')).toHaveValue('0.9234');
  await expect.poll(() => kpi(page, 'ar_total')).toBeCloseTo(convertedAr('0.9234') / 100, 6);
  await page.getByTestId('reporting-currency').selectOption('');
  await expect.poll(() => kpi(page, 'ar_total')).toBeCloseTo(usdOpen / 100, 6);
  await expect(page.getByTestId('converted-note')).toHaveCount(0);
  await expect(page.getByTestId('currency')).toBeEnabled();
  noErrors();
});

test('no card cuts its figure, at 390 and 1366 px, with 9 to 12 digit amounts', async ({ page }) => {
  const lines = ['Facture;Client;Date facture;Échéance;Montant TTC;Date de règlement'];
  const big = [
    ['G1', 'Géant Industries', '2026-01-05', '2026-02-04', '275113716,83', ''],
    ['G2', 'Géant Industries', '2026-02-05', '2026-03-07', '999999999999,99', ''],
    ['G3', 'Titan SA', '2026-01-10', '2026-02-09', '123456789012,34', '2026-03-01'],
    ['G4', 'Titan SA', '2026-03-10', '2026-04-09', '88888888888,88', ''],
    ['G5', 'Colosse', '2025-12-01', '2025-12-31', '-456789012,55', ''],
    ['G6', 'Colosse', '2026-02-01', '2026-03-03', '345678901234,56', ''],
  ];
  for (const l of big) lines.push(l.join(';'));
  await page.setViewportSize({ width: 1366, height: 900 });
  await page.goto('./');
  await uploadFile(page, 'grands-comptes.csv', lines.join('\n'));
  await page.getByTestId('as-of').fill('2026-03-31');
  const arCents = 27511371683 + 99999999999999 + 8888888888888 - 45678901255 + 34567890123456;
  await expect.poll(() => kpi(page, 'ar_total')).toBeCloseTo(arCents / 100, 2);
  const overflowing = () => page.locator('.kpi-value').evaluateAll((els) => els
    .filter((el) => el.scrollWidth > el.clientWidth || el.getBoundingClientRect().right > el.closest('.kpi').getBoundingClientRect().right + 0.5)
    .map((el) => `${el.dataset.kpi}: ${el.textContent}`));
  for (const width of [1366, 390, 1366]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(300);
    expect(await overflowing(), `at ${width} px`).toEqual([]);
    expect(await cardsPastEdge(page), `at ${width} px`).toEqual([]);
    // Nothing makes the page wider than the window (a sparkline's change
    // beside its line once did, at 390 px).
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `page at ${width} px`).toBeLessThanOrEqual(width);
  }
  // At 1366 px, a card is too narrow for 1 434 386 114 827,71 €: the
  // compact form, the exact amount one focus away.
  const ar = page.locator('[data-kpi="ar_total"]');
  await expect(ar).toHaveClass(/tight/);
  await expect(ar.locator('.v-full')).toBeHidden();
  const short = await ar.getAttribute('data-short');
  expect(await ar.evaluate((el) => getComputedStyle(el, '::after').content)).toBe(JSON.stringify(short));
  await ar.focus();
  const exact = page.locator('#exact-ar_total');
  await expect(exact).toBeVisible();
  const full = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(arCents / 100);
  await expect(exact).toContainText(full);
  // The element's text is the exact amount, for whoever reads the page;
  // the compact form is shorter and drawn beside it by the style sheet.
  await expect(ar).toHaveText(full);
  expect(short.length).toBeLessThan(full.length);
  expect(short).toMatch(/^\d.*€$/);
  await expect(ar).toHaveAttribute('title', full);
});
