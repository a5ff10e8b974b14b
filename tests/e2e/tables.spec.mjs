// The tables drawn by one component (customers, aged balance, dunning
// calendar, late invoices) page, sort and answer the keyboard the same way:
// on the public IBM file at 2013-06-30, every page of each paged table read
// with its pager holds exactly the rows computed here from the CSV.
import { test, expect } from '@playwright/test';
import { failOnConsoleErrors } from './helpers.mjs';
import { FIXTURE, readIbm, DAY } from './ibm.mjs';

const T = Date.UTC(2013, 5, 30) / DAY;
const PAGE = 50;
const fr = (n) => n.toLocaleString('fr-FR').replace(/\s/g, '\u202f');

async function openIbm(page) {
  await page.goto('./');
  await page.getByTestId('import-file').setInputFiles(FIXTURE);
  await page.getByTestId('as-of').fill('2013-06-30');
  await expect(page.locator('[data-testid="aged-balance"] tfoot td.total')).toBeVisible();
}

/**
 * Reads every page of a table with its pager: the `attr` of each row, page
 * after page, checking the line "… 1 à 50 sur N" and the buttons' state.
 */
async function readPages(page, { table, prev, next, shown, words, total }) {
  const rows = page.locator(`[data-testid="${table}"] tbody tr`);
  const all = [];
  const pages = Math.ceil(total / PAGE);
  for (let p = 0; p < pages; p++) {
    const from = p * PAGE + 1;
    const to = Math.min(total, from + PAGE - 1);
    await expect(page.getByTestId(shown)).toHaveText(`${words} ${fr(from)} à ${fr(to)} sur ${fr(total)}`);
    await expect(rows).toHaveCount(to - from + 1);
    await expect(page.getByTestId(prev)).toBeEnabled({ enabled: p > 0 });
    await expect(page.getByTestId(next)).toBeEnabled({ enabled: p < pages - 1 });
    all.push(...(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset))));
    if (p < pages - 1) await page.getByTestId(next).click();
  }
  // And back to the first page.
  for (let p = pages - 1; p > 0; p--) await page.getByTestId(prev).click();
  await expect(page.getByTestId(shown)).toContainText(`${words} 1 à`);
  return all;
}

test('each paged table reads, page after page, exactly the rows computed from the file', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  const invoices = readIbm();
  await openIbm(page);

  // Customers: every customer invoiced by T, 50 a page.
  const customers = new Set(invoices.filter((i) => i.issued <= T).map((i) => i.customer));
  expect(customers.size).toBeGreaterThan(PAGE);
  const listed = await readPages(page, { table: 'customers-table', prev: 'customers-prev', next: 'customers-next', shown: 'customers-rows-shown', words: 'Lignes', total: customers.size });
  expect(listed.map((d) => d.customer).sort()).toEqual([...customers].sort());

  // The aged balance: every customer owing something at T, largest first.
  const open = new Map();
  for (const i of invoices) if (i.issued <= T && i.settled > T) open.set(i.customer, (open.get(i.customer) ?? 0) + i.cents);
  const owing = [...open.entries()].filter(([, v]) => v !== 0);
  const aged = await readPages(page, { table: 'aged-balance', prev: 'aged-prev', next: 'aged-next', shown: 'aged-rows-shown', words: 'Lignes', total: owing.length });
  expect(aged.map((d) => d.customer).sort()).toEqual(owing.map(([c]) => c).sort());
  const totals = aged.map((d) => open.get(d.customer));
  expect(totals).toEqual([...totals].sort((a, b) => b - a));

  // The dunning calendar: its actions in date order over its pages.
  await page.getByTestId('nav-dunning').click();
  await page.getByTestId('template-standard').click();
  await page.getByTestId('calendar').waitFor();
  const actions = Number(await page.getByTestId('sim-summary').getAttribute('data-actions'));
  expect(actions).toBeGreaterThan(PAGE);
  const calendar = await readPages(page, { table: 'calendar', prev: 'calendar-previous', next: 'calendar-next', shown: 'calendar-rows', words: 'Actions', total: actions });
  const dates = calendar.map((d) => d.date);
  expect(dates).toEqual([...dates].sort());
  // Neither the calendar nor the late invoices sort: plain titles.
  for (const table of ['calendar', 'late-invoices']) {
    await expect(page.locator(`[data-testid="${table}"] thead th`).first()).toBeVisible();
    await expect(page.locator(`[data-testid="${table}"] thead button`)).toHaveCount(0);
    await expect(page.locator(`[data-testid="${table}"] thead [aria-sort]`)).toHaveCount(0);
  }
  noErrors();
});

test('a sortable title is a button: Enter and Space sort by it, the other way at the second press', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  await openIbm(page);
  const table = page.getByTestId('customers-table');
  const title = (text) => table.locator('thead th', { hasText: text });
  // The open amount of each row shown (the third cell: after the name and the rating).
  const amounts = () => table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.querySelectorAll('td')[1].dataset.value)));
  await expect(title('Échu')).toHaveAttribute('aria-sort', 'descending');
  await expect(title('Encours')).toHaveAttribute('aria-sort', 'none');
  // A figure: largest first at the first press, smallest first at the second.
  await title('Encours').getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(title('Encours')).toHaveAttribute('aria-sort', 'descending');
  await expect(title('Échu')).toHaveAttribute('aria-sort', 'none');
  await expect.poll(async () => { const a = await amounts(); return a.every((v, k) => k === 0 || a[k - 1] >= v); }).toBe(true);
  await title('Encours').getByRole('button').focus();
  await page.keyboard.press(' ');
  await expect(title('Encours')).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(async () => { const a = await amounts(); return a.every((v, k) => k === 0 || a[k - 1] <= v); }).toBe(true);
  // A name: A to Z at the first press.
  await title('Client').getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(title('Client')).toHaveAttribute('aria-sort', 'ascending');
  const names = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.customer));
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
  // The aged balance's titles work the same way.
  const aged = page.locator('[data-testid="aged-balance"] thead th');
  await aged.first().getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(aged.first()).toHaveAttribute('aria-sort', 'ascending');
  await expect(aged.last()).toHaveAttribute('aria-sort', 'none');
  noErrors();
});
