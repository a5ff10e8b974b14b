// Bilingual throughout: every page is read in French and in English, with
// files analysed; a sentence that reads the same in both languages is a
// text left out of the translation tables (the few words both languages
// share are listed below). No page ever shows "NaN" or "undefined".
import { test, expect } from '@playwright/test';
import { dunningWithIbm } from './helpers.mjs';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const fixture = (name) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** Words of the files the pages show (customer names, headers): data, not texts. */
const FILE_WORDS = new Set(
  ['ibm-accounts-receivable.csv', 'invoices-for-payments.csv', 'payments-bank.csv', 'fec-sample.txt']
    .flatMap((f) => readFileSync(fixture(f), 'latin1').match(/\p{L}{4,}/gu) ?? []),
);

/** Words and labels the two languages write alike. */
const SAME_IN_BOTH = new Set([
  'encours', 'FR', 'EN', 'DSO', 'CEI', 'DBT', 'BPDSO', 'DDSO', 'Division', 'Total', 'Source', 'Code', 'Date', 'EUR', 'USD', 'GBP', 'CHF',
  'Client', 'Description', 'Standard', 'Action', 'Minutes', 'Message', 'Format', 'Options', 'Excel', 'CSV', 'FEC', 'Sens',
  // The first tab: a noun in French, a verb in English.
  'Analyse',
  // Languages are named in their own language.
  'Français', 'English',
]);

/** The lines of text a reader sees on the page, frames included. */
async function linesOf(page) {
  const own = await page.locator('body').innerText();
  const frames = [];
  for (const f of page.frames().slice(1)) frames.push(await f.locator('body').innerText().catch(() => ''));
  return [own, ...frames].join('\n').split('\n').map((l) => l.trim()).filter(Boolean);
}

/** Lines with words (not only figures, dates, codes or names from the file). */
function wordy(line, fileWords) {
  const words = line.match(/\p{L}{4,}/gu) ?? [];
  return words.some((w) => !SAME_IN_BOTH.has(w) && !fileWords.has(w));
}

const pages = [
  ['analyse with the IBM file', './#/analyse', async (page) => {
    await page.getByTestId('import-file').setInputFiles(fixture('ibm-accounts-receivable.csv'));
    await page.getByTestId('as-of').fill('2013-06-30');
    await page.locator('button.expand').first().click();
    await page.getByTestId('import-options').locator('summary').click();
  }],
  ['analyse with payments', './#/analyse', async (page) => {
    await page.getByTestId('import-file').setInputFiles(fixture('invoices-for-payments.csv'));
    await page.getByTestId('payments-file').setInputFiles(fixture('payments-bank.csv'));
    await page.getByTestId('payments-summary').waitFor();
  }],
  ['analyse with the FEC', './#/analyse', async (page) => {
    await page.getByTestId('import-file').setInputFiles(fixture('fec-sample.txt'));
    await page.getByTestId('fec-summary').waitFor();
  }],
  ['mapping screen', './#/analyse', async (page) => {
    await page.getByTestId('import-file').setInputFiles({ name: 'odd.csv', mimeType: 'text/csv', buffer: Buffer.from('Col A;Col B;Col C\nx;1;y\nz;2;w\n') });
    await page.getByTestId('mapping-screen').waitFor();
  }],
  ['calculators', './#/calculators', null],
  ['dunning', './#/dunning', null],
  ['dunning, a plan simulated on a file', './#/analyse', dunningWithIbm],
  ['embed', './#/embed', async (page) => {
    await page.frameLocator('[data-testid="embed-preview"]').locator('[data-kpi="cash_increase"]').waitFor();
  }],
  ['privacy', './#/privacy', null],
  ['widget', './widget/index.html?calculator=both', null],
];

for (const [name, url, act] of pages) {
  test(`${name}: every text is translated, and no NaN or undefined`, async ({ page }) => {
    const read = async (lang) => {
      await page.goto(url.includes('?') ? `${url}&lang=${lang}` : url.replace('./', `./?lang=${lang}`));
      await page.locator('main').first().waitFor();
      if (act) await act(page);
      await page.waitForTimeout(300);
      return linesOf(page);
    };
    const fr = await read('fr');
    const en = await read('en');
    for (const line of [...fr, ...en]) {
      expect(line, 'a figure that could not be computed').not.toMatch(/\bNaN\b|\bundefined\b|\bnull\b|\[object /);
    }
    // Words that come from the files (customer names, column headers,
    // file names) are the same in both languages by nature.
    const fileWords = new Set(FILE_WORDS);
    for (const l of fr) if (en.includes(l) && /[\d_.;]|\.csv|\.txt/.test(l)) for (const w of l.match(/\p{L}{4,}/gu) ?? []) fileWords.add(w);
    const untranslated = fr.filter((l) => en.includes(l) && wordy(l, fileWords));
    expect(untranslated, 'the same sentence in French and English').toEqual([]);
    expect(fr.length).toBeGreaterThan(3);
  });
}
