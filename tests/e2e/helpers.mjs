// Shared helpers for the specs: read a figure's raw value, watch requests.
import { expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';

/** The raw `data-value` of the element carrying `data-kpi=name`, as a number. */
export async function kpi(page, name) {
  const el = page.locator(`[data-kpi="${name}"]`);
  await expect(el).toHaveCount(1);
  const raw = await el.getAttribute('data-value');
  return raw === '' ? null : Number(raw);
}

/** The rows of a CSV text, each an array of its fields (quotes as RFC 4180
 * has them: a quoted field may hold the delimiter, a line break, "" for a
 * quote); a blank last line is no row. */
export function csvRows(text, delimiter) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field.replace(/\r$/, '')); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  if (field || row.length) rows.push([...row, field.replace(/\r$/, '')]);
  return rows;
}

/** Records every request the page makes; `foreign()` lists those to another origin. */
export function watchRequests(page, origin) {
  const urls = [];
  page.on('request', (r) => urls.push(r.url()));
  return {
    all: () => urls,
    foreign: () => urls.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')),
  };
}

/** Fails the test on any console error or uncaught exception. */
export function failOnConsoleErrors(page) {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return () => expect(errors, 'console errors').toEqual([]);
}

/** Picks a file made in the test: `content` is text (lines joined by "\n") or a Buffer. */
export async function uploadFile(page, name, content, mimeType = 'text/csv') {
  const buffer = Buffer.isBuffer(content) ? content : Buffer.from(Array.isArray(content) ? content.join('\n') : content);
  await page.getByTestId('import-file').setInputFiles({ name, mimeType, buffer });
}

/** On the Analyse page: the IBM file at 2013-06-30, then the Dunning page
 * with the standard plan simulated on it, a step and a message opened
 * (no plan stored before). */
export async function dunningWithIbm(page) {
  const ibm = fileURLToPath(new URL('../fixtures/ibm-accounts-receivable.csv', import.meta.url));
  await page.evaluate(() => localStorage.removeItem('encours.dunning'));
  await page.reload();
  await page.getByTestId('import-file').setInputFiles(ibm);
  await page.getByTestId('as-of').fill('2013-06-30');
  await page.locator('[data-kpi="ar_total"]').waitFor();
  await page.getByTestId('nav-dunning').click();
  await page.getByTestId('template-standard').click();
  await page.getByTestId('step-0-row').locator('summary').click();
  await page.getByTestId('calendar').waitFor();
  await page.locator('[data-testid="calendar"] summary').first().click();
}
