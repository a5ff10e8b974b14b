// Stored and imported documents are not trusted: a plans file with a
// penalty rate of 1e25 % or a horizon of ten million days is refused with
// what was refused (the worker used to panic on it, at each restart), the
// simulation goes on answering; a damaged stored document twice keeps both
// copies; a copy the browser refuses to keep is never overwritten.
import { test, expect } from '@playwright/test';
import { kpi, uploadFile, failOnConsoleErrors } from './helpers.mjs';

const FILE = [
  'Facture;Client;Date facture;Échéance;Montant',
  'A1;Alpha;04/02/2026;06/03/2026;100 000,00',
  'B1;Beta;18/02/2026;20/03/2026;3 000,00',
];

/** The file at 31 March 2026, then the Dunning page with the firm plan and a 10 % rate. */
async function openDunning(page) {
  await page.goto('./');
  await page.evaluate(() => localStorage.removeItem('encours.dunning'));
  await uploadFile(page, 'relances.csv', FILE);
  await page.getByTestId('as-of').fill('2026-03-31');
  await expect(page.locator('[data-kpi="ar_total"]')).toBeVisible();
  await page.getByTestId('nav-dunning').click();
  await page.getByTestId('template-firm').click();
  await page.getByTestId('penalty-rate').fill('10');
  await page.getByTestId('penalty-rate').press('Tab');
}

/** A plans document as the app exports it, with `settings` given. */
function plans(settings) {
  return JSON.stringify({
    version: 2,
    plans: [{ id: 'p', name: 'Importé', steps: [
      { offset_days: 3, channel: 'Email', subject: 'Relance', body: 'Bonjour {client}', performer: 'CreditController', minutes: 3 },
    ] }],
    assignment: { default_plan: 'p' },
    settings,
  });
}

/** Interest in cents, halves up: open (cents) x rate % x days / 365. */
const cents = (open, rate, days) => Math.round((open * rate * days) / 36500);

test('a plans file with an absurd rate or horizon is refused, said so, and the simulation still answers', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  await openDunning(page);
  // 10 %: A1 25 days late, B1 11 days late at 31 March.
  const expected = (cents(10_000_000, 10, 25) + cents(300_000, 10, 11)) / 100;
  await expect.poll(() => kpi(page, 'penalties_due')).toBe(expected);
  const importPlans = (name, text) =>
    page.getByTestId('plans-import').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

  await importPlans('taux.json', plans({ rate: '10000000000000000000000000', horizon_days: 30 }));
  const result = page.getByTestId('plans-import-result');
  await expect(result).toContainText("Ce fichier n'a pas été importé");
  await expect(result).toContainText('le taux des pénalités (%) vaut 10000000000000000000000000');
  await expect(result).toContainText('entre 0 et 100');
  await importPlans('horizon.json', plans({ rate: '12', horizon_days: 10_000_000 }));
  await expect(result).toContainText("l'horizon de la simulation (jours) vaut 10000000");
  // Nothing was changed, and the worker answers the next question.
  await expect(page.getByTestId('plan-select')).toHaveValue('firm');
  await page.getByTestId('penalty-rate').fill('20');
  await page.getByTestId('penalty-rate').press('Tab');
  await expect.poll(() => kpi(page, 'penalties_due')).toBe((cents(10_000_000, 20, 25) + cents(300_000, 20, 11)) / 100);
  await expect(page.getByTestId('dunning-refused')).toHaveCount(0);
  // In English, the same refusal in English.
  await page.getByTestId('lang-en').click();
  await importPlans('taux.json', plans({ rate: '1e25', horizon_days: 30 }));
  await expect(result).toContainText('This file was not imported: the penalty rate (%) is');
  noErrors();
});

test('a stored document with an absurd rate is kept aside, said so, and never reaches the worker', async ({ page }) => {
  await openDunning(page);
  await page.evaluate((text) => localStorage.setItem('encours.dunning', text), plans({ rate: '10000000000000000000000000' }));
  // The worker is started again with the page: it reads the file and answers.
  await page.goto('./');
  await page.reload();
  await uploadFile(page, 'relances.csv', FILE);
  await page.getByTestId('as-of').fill('2026-03-31');
  await expect(page.locator('[data-kpi="ar_total"]')).toBeVisible();
  await page.getByTestId('nav-dunning').click();
  await expect(page.getByTestId('dunning-notice')).toContainText('contiennent un nombre hors limites : le taux des pénalités (%)');
  const backups = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('encours.dunning.backup.')));
  expect(backups).toHaveLength(1);
  // The default rate applies; the penalties are computed.
  await expect.poll(() => kpi(page, 'penalties_due')).toBeGreaterThan(0);
});

test('a damaged stored document twice keeps both copies, dated', async ({ page }) => {
  await page.goto('./#/dunning');
  const backups = () =>
    page.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith('encours.dunning.backup.'))
        .sort()
        .map((k) => localStorage.getItem(k)),
    );
  await page.evaluate(() => localStorage.setItem('encours.dunning', '{"version": 2, "plans": [premier'));
  await page.reload();
  await expect(page.getByTestId('dunning-notice')).toContainText("n'ont pas pu être relus");
  await page.waitForTimeout(5);
  await page.evaluate(() => localStorage.setItem('encours.dunning', '{"version": 2, "plans": [second'));
  await page.reload();
  await expect(page.getByTestId('dunning-notice')).toContainText("n'ont pas pu être relus");
  expect(await backups()).toEqual(['{"version": 2, "plans": [premier', '{"version": 2, "plans": [second']);
  // Both listed on the privacy page.
  await page.goto('./#/privacy');
  await expect(page.locator('[data-key^="encours.dunning.backup."]')).toHaveCount(2);
  await expect(page.locator('[data-key^="encours.dunning.backup."]').first()).toContainText('gardée de côté');
});

test('a damaged document the browser refuses to copy is left as it is, never overwritten', async ({ page }) => {
  // The browser refuses every backup key (as a full storage would).
  await page.addInitScript(() => {
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (String(key).includes('.backup')) throw new DOMException('full', 'QuotaExceededError');
      return set.call(this, key, value);
    };
  });
  await page.goto('./#/dunning');
  await page.evaluate(() => localStorage.setItem('encours.dunning', '{"version": 2, "plans": [abîmé'));
  await page.reload();
  await expect(page.getByTestId('dunning-notice')).toContainText('ni copiés à part');
  // A change is not stored over it.
  await page.getByTestId('template-gentle').click();
  await expect(page.getByTestId('plan-select')).toHaveValue('gentle');
  await expect(page.getByTestId('dunning-notice')).toContainText('ni copiés à part');
  expect(await page.evaluate(() => localStorage.getItem('encours.dunning'))).toBe('{"version": 2, "plans": [abîmé');
});
