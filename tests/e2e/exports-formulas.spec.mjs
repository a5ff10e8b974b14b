// Exports carry no formula (OWASP "CSV injection"): customer names and
// invoice numbers from a hostile file that start with = + - @ come out of
// the CSV downloads as text (a single quote before them, quoted) and out
// of the .xlsx downloads as strings, never as formulas; amounts stay numbers.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { uploadFile, failOnConsoleErrors, csvRows } from './helpers.mjs';
import { unzipText } from './unzip.mjs';

const NAMES = ['=HYPERLINK("http://evil.example/?x","Cliquez")', '+cmd', '@SUM(1)', '-2+3'];
const csvQuote = (s) => `"${s.replace(/"/g, '""')}"`;

const FILE = [
  'Facture;Client;Date facture;Échéance;Montant',
  `=1+1;${csvQuote(NAMES[0])};01/02/2026;03/03/2026;1 000,00`,
  `F2;${NAMES[1]};01/02/2026;03/03/2026;500,00`,
  `F3;${NAMES[2]};01/03/2026;20/03/2026;700,00`,
  `F4;${NAMES[3]};05/03/2026;04/04/2026;300,00`,
  `AV1;${NAMES[3]};06/03/2026;06/03/2026;-200,00`,
];

/** No field a spreadsheet evaluates (one starting with = + - @ is a number), and each name kept as text. */
function expectNoFormula(text, delimiter, names) {
  const all = csvRows(text.replace(/^\ufeff/, ''), delimiter).flat();
  for (const f of all) {
    if (/^[=+\-@\t\r]/.test(f)) expect(f, `a field a spreadsheet evaluates: ${f}`).toMatch(/^-\d+([.,]\d+)?$/);
  }
  for (const n of names) {
    expect(all).toContain(`'${n}`);
    expect(text).toContain(csvQuote(`'${n}`));
  }
}

test('a hostile customer name goes out of the CSV and .xlsx downloads as text, never a formula', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  await page.goto('./');
  await uploadFile(page, 'hostile.csv', FILE);
  await page.getByTestId('as-of').fill('2026-03-31');
  await expect(page.locator('[data-kpi="ar_total"]')).toBeVisible();
  const download = async (testid) => {
    const d = page.waitForEvent('download');
    await page.getByTestId(testid).click();
    return readFileSync(await (await d).path());
  };
  // Open invoices, French CSV: names and the invoice number "=1+1" as text; the credit note a number.
  const open = (await download('export-open-invoices-csv')).toString('utf8');
  expectNoFormula(open, ';', [...NAMES, '=1+1']);
  expect(open).toContain(';-200,00;');
  // The aged balance by customer.
  expectNoFormula((await download('export-aged-csv')).toString('utf8'), ';', NAMES);
  // Customers as a workbook: strings, no formula anywhere.
  const book = await download('export-customers-xlsx');
  const sheet = unzipText(book, 'xl/worksheets/sheet1.xml');
  expect(sheet).not.toMatch(/<f[ >]/);
  const strings = unzipText(book, 'xl/sharedStrings.xml') ?? sheet;
  for (const n of ['=HYPERLINK(', '+cmd', '@SUM(1)', '-2+3']) expect(strings).toContain(n);
  // The dunning actions, in English CSV.
  await page.getByTestId('lang-en').click();
  await page.getByTestId('nav-dunning').click();
  await page.getByTestId('template-firm').click();
  await expect(page.getByTestId('calendar')).toBeVisible();
  const actions = (await download('dunning-export-csv')).toString('utf8');
  expectNoFormula(actions, ',', NAMES.filter((n) => actions.includes(n)));
  expect(NAMES.filter((n) => actions.includes(n)).length).toBeGreaterThan(1);
  noErrors();
});
