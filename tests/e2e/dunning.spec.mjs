// The Dunning area: plans designed from templates and kept in the browser,
// the penalties at the as-of date checked against figures computed here
// from the CSV itself, the simulation's calendar and workload against a
// hand count, hostile text shown as text, a damaged stored value explained
// and recovered, exports.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kpi, uploadFile, failOnConsoleErrors } from './helpers.mjs';

const IBM = fileURLToPath(new URL('../fixtures/ibm-accounts-receivable.csv', import.meta.url));
const DAY = 86_400_000;

/** m/d/yyyy -> UTC day number. */
function usDay(s) {
  const [m, d, y] = s.trim().split('/').map(Number);
  return Date.UTC(y, m - 1, d) / DAY;
}

/** Half-up rounding to the cent of a positive amount in cents x rate. */
function interestCents(openCents, ratePercent, days) {
  // Exact in integers: open (cents) x rate (hundredths of a percent) x days / (365 x 10000).
  const num = BigInt(openCents) * BigInt(Math.round(ratePercent * 100)) * BigInt(days);
  const den = 365n * 10000n;
  return Number((num * 2n + den) / (2n * den));
}

test('a plan from a template, edited, is kept across a reload', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  await page.goto('./#/dunning');
  await expect(page.getByTestId('no-plans')).toBeVisible();
  await page.getByTestId('template-standard').click();
  await expect(page.getByTestId('plan-select')).toHaveValue('standard');
  await expect(page.locator('[data-testid="plan-steps"] > li')).toHaveCount(7);
  // The second step: open it, move it two days later, rename its subject.
  await page.getByTestId('step-1-row').locator('summary').click();
  await page.getByTestId('step-1-offset').fill('3');
  await page.getByTestId('step-1-offset').press('Tab');
  await page.getByTestId('step-1-subject').fill('Relance amicale {factures}');
  await page.getByTestId('step-1-subject').press('Tab');
  // Reordered by keyboard: the third step moved up.
  await page.getByTestId('step-2-row').locator('summary').click();
  await page.getByTestId('step-2-up').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('step-1-channel')).toHaveValue('Call');
  await page.getByTestId('plan-name').fill('Standard maison');
  await page.getByTestId('plan-name').press('Tab');
  await page.reload();
  await expect(page.getByTestId('plan-name')).toHaveValue('Standard maison');
  await page.getByTestId('step-2-row').locator('summary').click();
  await expect(page.getByTestId('step-2-offset')).toHaveValue('3');
  await expect(page.getByTestId('step-2-subject')).toHaveValue('Relance amicale {factures}');
  await expect(page.getByTestId('plan-timeline')).toContainText('J+3');
  // The default rule takes the first plan; deleting asks first.
  await expect(page.getByTestId('assign-default')).toHaveValue('standard');
  await page.getByTestId('plan-delete').click();
  await page.getByTestId('plan-delete-confirm').click();
  await expect(page.getByTestId('no-plans')).toBeVisible();
  await expect(page.getByTestId('assign-default')).toHaveValue('');
  noErrors();
});

test('penalties at the as-of date on the IBM file equal the sum computed here', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  await page.goto('./');
  await page.getByTestId('import-file').setInputFiles(IBM);
  await page.getByTestId('as-of').fill('2013-06-30');
  await expect(page.locator('[data-kpi="ar_total"]')).toBeVisible();
  await page.getByTestId('nav-dunning').click();
  await expect(page.getByTestId('as-of')).toHaveValue('2013-06-30');
  await page.getByTestId('penalty-rate').fill('14.76');
  await page.getByTestId('penalty-rate').press('Tab');
  // Independently: every invoice open at t and past due.
  const [header, ...lines] = readFileSync(IBM, 'utf8').split(/\r?\n/).filter((l) => l.trim());
  const cols = header.split(',');
  const ix = (name) => cols.indexOf(name);
  const t = Date.UTC(2013, 5, 30) / DAY;
  let cents = 0;
  let late = 0;
  for (const l of lines) {
    const c = l.split(',');
    const open = Math.round(Number(c[ix('InvoiceAmount')]) * 100);
    const issued = usDay(c[ix('InvoiceDate')]);
    const due = usDay(c[ix('DueDate')]);
    const settled = usDay(c[ix('SettledDate')]);
    if (issued <= t && settled > t && t - due > 0 && open > 0) {
      cents += interestCents(open, 14.76, t - due);
      late += 1;
    }
  }
  expect(late).toBeGreaterThan(10);
  await expect.poll(() => kpi(page, 'penalties_due')).toBe(cents / 100);
  expect(await kpi(page, 'recovery_indemnities')).toBe(40 * late);
  await expect(page.getByTestId('late-count')).toHaveAttribute('data-count', String(late));
  // Another rate, typed: applied to every invoice.
  await page.getByTestId('penalty-rate').fill('10');
  await page.getByTestId('penalty-rate').press('Tab');
  let tenPercent = 0;
  for (const l of lines) {
    const c = l.split(',');
    const open = Math.round(Number(c[ix('InvoiceAmount')]) * 100);
    const [issued, due, settled] = ['InvoiceDate', 'DueDate', 'SettledDate'].map((k) => usDay(c[ix(k)]));
    if (issued <= t && settled > t && t - due > 0) tenPercent += interestCents(open, 10, t - due);
  }
  await expect.poll(() => kpi(page, 'penalties_due')).toBe(tenPercent / 100);
  noErrors();
});

test('the simulation: calendar, grouping and workload as counted by hand', async ({ page }) => {
  await page.goto('./');
  await uploadFile(page, 'relances.csv', [
    'Facture;Client;Date facture;Échéance;Montant;Date règlement',
    // Alpha: two invoices due on Friday 3 April 2026: one action per step.
    'A1;Alpha;04/03/2026;03/04/2026;1 000,00;',
    'A2;Alpha;05/03/2026;03/04/2026;500,00;',
    // Beta: due 20 March, 11 days late at 31 March.
    'B1;Beta;18/02/2026;20/03/2026;3 000,00;',
    // Paid: no action.
    'C1;Gamma;18/02/2026;20/03/2026;70,00;25/03/2026',
  ]);
  await page.getByTestId('as-of').fill('2026-03-31');
  await expect(page.locator('[data-kpi="ar_total"]')).toBeVisible();
  await page.getByTestId('nav-dunning').click();
  await page.getByTestId('template-standard').click();
  await page.getByTestId('dunning-working-days').uncheck();
  await page.getByTestId('penalty-rate').fill('14.76');
  await page.getByTestId('penalty-rate').press('Tab');
  // Standard plan: -7, +1, +8, +15, +30 (minimum 100), +45, +60; horizon 30 days (to 30 April).
  // Alpha (due 3 April): -7 = 27 March has passed: caught up on 31 March; then 4, 11, 18 April
  // and 3 May (out). Beta (due 20 March): +8 = 28 March is the latest passed: 31 March; then
  // +15 = 4 April, +30 = 19 April. Seven actions, Alpha's invoices grouped.
  const rows = page.locator('[data-testid="calendar"] tbody tr');
  await expect(rows).toHaveCount(7);
  await expect(page.getByTestId('sim-summary')).toHaveAttribute('data-actions', '7');
  const dates = await rows.evaluateAll((rs) => rs.map((r) => r.dataset.date));
  expect(dates).toEqual(['2026-03-31', '2026-03-31', '2026-04-04', '2026-04-04', '2026-04-11', '2026-04-18', '2026-04-19']);
  await expect(rows.nth(0)).toContainText('A1, A2');
  // Workload by hand: week of 30/03: 31/03 x2, 04/04 x2 = 4 actions; week of 06/04: 11/04;
  // week of 13/04: 18/04 and 19/04.
  const weeks = page.locator('[data-testid="workload"] tbody tr');
  expect(await weeks.evaluateAll((rs) => rs.map((r) => [r.dataset.week, r.dataset.actions]))).toEqual([
    ['2026-03-30', '4'],
    ['2026-04-06', '1'],
    ['2026-04-13', '2'],
  ]);
  // Moved off weekends and holidays: Saturday 4 April -> Tuesday 7 (Easter Monday 6 April).
  await page.getByTestId('dunning-working-days').check();
  await expect(rows.nth(2)).toHaveAttribute('data-date', '2026-04-07');
  // Today's actions: Alpha's notice and Beta's call, with the penalties in the message.
  const today = page.getByTestId('today-action');
  await expect(today).toHaveCount(2);
  await expect(page.getByTestId('today-actions')).toContainText('Beta');
  // Penalties for Beta at 31 March: 3,000 x 14.76% x 11 / 365 = 13.34.
  expect(await kpi(page, 'penalties_due')).toBe(13.34);
});

test('a customer named <script> stays text, in the preview and in the mail link', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  await page.goto('./');
  await uploadFile(page, 'hostile.csv', [
    'Facture;Client;Date facture;Échéance;Montant;E-mail',
    'X1;<script>alert(1)</script> & <b>Cie</b>;01/03/2026;03/04/2026;100,00;compta@client.fr',
  ]);
  await page.getByTestId('as-of').fill('2026-03-31');
  await expect(page.locator('[data-kpi="ar_total"]')).toBeVisible();
  await page.getByTestId('nav-dunning').click();
  await page.getByTestId('template-standard').click();
  const action = page.getByTestId('today-action').first();
  await expect(action).toBeVisible();
  await action.locator('details.message summary').click();
  await expect(page.getByTestId('today-message').first()).toContainText('Bonjour <script>alert(1)</script> & <b>Cie</b>,');
  expect(await page.locator('[data-testid="dunning-today"] script, [data-testid="dunning-today"] b').count()).toBe(0);
  const href = await page.getByTestId('today-link').first().getAttribute('href');
  // Addressed to the customer's email from the file.
  expect(href.startsWith('mailto:compta%40client.fr?subject=')).toBe(true);
  expect(href).not.toMatch(/[<> "]/);
  expect(decodeURIComponent(href.split('&body=')[1])).toContain('Bonjour <script>alert(1)</script> & <b>Cie</b>,\r\n');
  expect(dialogs).toBe(0);
  noErrors();
});

test('a damaged stored value is explained, kept aside, and the page works again', async ({ page }) => {
  await page.goto('./#/dunning');
  await page.evaluate(() => localStorage.setItem('encours.dunning', '{"version": 1, "plans": [broken'));
  await page.reload();
  await expect(page.getByTestId('dunning-notice')).toContainText('n\'ont pas pu être relus');
  // Kept under a dated backup key (one key for all backups used to be overwritten).
  const backups = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('encours.dunning.backup.')));
  expect(backups).toHaveLength(1);
  expect(await page.evaluate((k) => localStorage.getItem(k), backups[0])).toBe('{"version": 1, "plans": [broken');
  await page.getByTestId('template-gentle').click();
  await page.reload();
  await expect(page.getByTestId('dunning-notice')).toHaveCount(0);
  await expect(page.getByTestId('plan-select')).toHaveValue('gentle');
  // A newer version's document: kept aside too, said so.
  await page.evaluate(() => localStorage.setItem('encours.dunning', '{"version": 9, "plans": []}'));
  await page.reload();
  await expect(page.getByTestId('dunning-notice')).toContainText('version plus récente');
  // The privacy page lists what is kept.
  await page.goto('./#/privacy');
  await expect(page.locator('[data-key^="encours.dunning.backup."]')).toHaveCount(2);
});

test('plans exported as JSON come back by import; actions exported as CSV and iCalendar', async ({ page }) => {
  await page.goto('./');
  await uploadFile(page, 'relances.csv', [
    'Facture;Client;Date facture;Échéance;Montant',
    'A1;Alpha;04/03/2026;03/04/2026;1 000,50',
    'B1;Beta;18/02/2026;20/03/2026;3 000,00',
  ]);
  await page.getByTestId('as-of').fill('2026-03-31');
  await expect(page.locator('[data-kpi="ar_total"]')).toBeVisible();
  await page.getByTestId('nav-dunning').click();
  await page.getByTestId('template-firm').click();
  await expect(page.getByTestId('calendar')).toBeVisible();
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plans-export').click()]);
  const text = readFileSync(await json.path(), 'utf8');
  expect(JSON.parse(text).plans[0].id).toBe('firm');
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dunning-export-csv').click()]);
  expect(csv.suggestedFilename()).toBe('relances-2026-03-31.csv');
  const csvText = readFileSync(await csv.path(), 'utf8');
  expect(csvText.charCodeAt(0)).toBe(0xfeff);
  const csvLines = csvText.slice(1).split('\r\n');
  expect(csvLines[0]).toMatch(/^Date;Code client;Client;Plan;/);
  const rows = await page.getByTestId('sim-summary').getAttribute('data-actions');
  expect(csvText.slice(1).match(/^\d\d\/\d\d\/2026;/gm).length).toBe(Number(rows));
  expect(csvText).toContain(';1000,50;EUR;');
  const [ics] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dunning-export-ics').click()]);
  const icsText = readFileSync(await ics.path(), 'utf8');
  expect(icsText.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
  expect(icsText.match(/BEGIN:VEVENT/g).length).toBe(Number(rows));
  // Delete the plan, then import the file: it is back.
  await page.getByTestId('plan-delete').click();
  await page.getByTestId('plan-delete-confirm').click();
  await page.getByTestId('plans-import').setInputFiles({ name: 'plans.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByTestId('plans-import-result')).toContainText('1 plan importé');
  await expect(page.getByTestId('plan-select')).toHaveValue('firm');
  await page.getByTestId('plans-import').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"a":1}') });
  await expect(page.getByTestId('plans-import-result')).toContainText('rien n\'a été changé');
  await expect(page.getByTestId('plan-select')).toHaveValue('firm');
});

test('an action marked done, with a promise to pay, stays done after a reload and holds the plan', async ({ page }) => {
  const file = [
    'Facture;Client;Date facture;Échéance;Montant;Date règlement;Téléphone',
    'A1;Alpha;04/03/2026;03/04/2026;1 000,00;;',
    'A2;Alpha;05/03/2026;03/04/2026;500,00;;',
    'B1;Beta;18/02/2026;20/03/2026;3 000,00;;01 23 45 67 89',
  ];
  const open = async () => {
    await uploadFile(page, 'relances.csv', file);
    await page.getByTestId('as-of').fill('2026-03-31');
    await expect(page.locator('[data-kpi="ar_total"]')).toBeVisible();
    await page.getByTestId('nav-dunning').click();
  };
  await page.goto('./');
  await open();
  await page.getByTestId('template-standard').click();
  await page.getByTestId('dunning-working-days').uncheck();
  const rows = page.locator('[data-testid="calendar"] tbody tr');
  await expect(rows).toHaveCount(7);
  // Beta's call of the day: done, Beta promised to pay on 10 April.
  const call = page.locator('[data-testid="today-action"][data-channel="Call"]');
  // The number from the file, to dial.
  await expect(call.getByTestId('today-link')).toHaveAttribute('href', 'tel:0123456789');
  await call.getByTestId('today-mark-open').click();
  await call.getByTestId('today-note').fill('Promet un virement');
  await call.getByTestId('today-promise-date').fill('2026-04-10');
  await call.getByTestId('today-promise-amount').fill('3000');
  await call.getByTestId('today-mark').click();
  await expect(call).toHaveAttribute('data-done', 'true');
  await expect(call.getByTestId('today-done')).toContainText('Promet un virement');
  await expect(call.getByTestId('today-done')).toContainText('10/04/2026');
  // Not to do again, and Beta's next steps wait for the promised date: its +15 step
  // (4 April) is held, its +30 (19 April) stays.
  await expect(rows).toHaveCount(5);
  expect(await rows.evaluateAll((rs) => rs.map((r) => r.dataset.date))).toEqual(['2026-03-31', '2026-04-04', '2026-04-11', '2026-04-18', '2026-04-19']);
  // The file is never stored: read again after the reload; the mark was kept.
  await page.reload();
  await page.getByTestId('nav-analyse').click();
  await open();
  await expect(page.locator('[data-testid="today-action"][data-channel="Call"]')).toHaveAttribute('data-done', 'true');
  await expect(rows).toHaveCount(5);
  // Undone: the call is to do again.
  await page.locator('[data-testid="today-action"][data-channel="Call"]').getByTestId('today-undo').click();
  await expect(rows).toHaveCount(7);
});

test('the expected effect on cash and DSO, with the plan against without it, as computed by hand', async ({ page }) => {
  await page.goto('./');
  await uploadFile(page, 'effet.csv', [
    'Facture;Client;Date facture;Échéance;Montant;Date règlement',
    // Alpha pays 20 days late (three invoices settled in the year).
    'H1;Alpha;05/01/2026;04/02/2026;100,00;24/02/2026',
    'H2;Alpha;20/01/2026;19/02/2026;100,00;11/03/2026',
    'H3;Alpha;05/02/2026;07/03/2026;100,00;27/03/2026',
    // Due 20 April: expected on 10 May without a plan, after the 30 days.
    'F1;Alpha;20/03/2026;20/04/2026;1 000,00;',
  ]);
  await page.getByTestId('as-of').fill('2026-03-31');
  await expect(page.locator('[data-kpi="ar_total"]')).toBeVisible();
  await page.getByTestId('nav-dunning').click();
  await page.getByTestId('template-standard').click();
  // Standard plan: the -7 email (13 April, 10%) is paid 5 days later: 100; the +1 email
  // (21 April, 10% of 900): 90; the +8 call (28 April) pays on 3 May, after the horizon.
  const effect = page.getByTestId('dunning-effect');
  await expect(effect).toHaveAttribute('data-without', '0');
  await expect(effect).toHaveAttribute('data-with', '190');
  // DSO: - 190 / (1,300 of sales in 90 days / 90).
  const dso = Number(await page.getByTestId('effect-dso').getAttribute('data-value'));
  expect(dso).toBeCloseTo(-190 / (1300 / 90), 6);
  // The call's response rate raised to 100%: still after the horizon, nothing changes;
  // the first email's to 50%: 500, then 10% of 500.
  await page.getByTestId('step-0-row').locator('summary').click();
  await page.getByTestId('step-0-response').fill('50');
  await page.getByTestId('step-0-response').press('Tab');
  await expect(effect).toHaveAttribute('data-with', '550');
});

test('a formal notice prints as an A4 letter, alone on the page', async ({ page }) => {
  await page.goto('./');
  await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
  await uploadFile(page, 'relances.csv', [
    'Facture;Client;Date facture;Échéance;Montant',
    'B1;Beta SARL;18/02/2026;20/03/2026;3 000,00',
  ]);
  await page.getByTestId('as-of').fill('2026-03-31');
  await expect(page.locator('[data-kpi="ar_total"]')).toBeVisible();
  await page.getByTestId('nav-dunning').click();
  await page.getByTestId('dunning-company').fill('Acme SAS');
  await page.getByTestId('dunning-company').press('Tab');
  // The firm plan's formal notice (+10 days, 30 March) is the step of the day.
  await page.getByTestId('template-firm').click();
  const notice = page.locator('[data-testid="today-action"][data-channel="FormalNotice"]');
  await notice.getByTestId('today-print').click();
  await expect.poll(() => page.evaluate(() => window.__printed)).toBe(1);
  const letter = page.getByTestId('print-letter');
  await expect(letter).toBeHidden();
  await page.emulateMedia({ media: 'print' });
  await expect(letter).toBeVisible();
  await expect(letter).toContainText('Acme SAS');
  await expect(letter).toContainText('Beta SARL');
  await expect(letter).toContainText('Mise en demeure de payer');
  await expect(letter).toContainText('article L. 441-10 du Code de commerce');
  await expect(page.getByTestId('dunning-plans')).toBeHidden();
  await expect(page.locator('.topbar')).toBeHidden();
  await page.screenshot({ path: 'target/e2e-results/formal-notice-print.png', fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await expect(page.getByTestId('dunning-plans')).toBeVisible();
});

test('an instalment schedule: its instalments listed, the plan waits for the last one', async ({ page }) => {
  await page.goto('./');
  await uploadFile(page, 'relances.csv', [
    'Facture;Client;Date facture;Échéance;Montant',
    'A1;Alpha;04/03/2026;03/04/2026;1 000,00',
    'B1;Beta;18/02/2026;20/03/2026;3 000,00',
  ]);
  await page.getByTestId('as-of').fill('2026-03-31');
  await expect(page.locator('[data-kpi="ar_total"]')).toBeVisible();
  await page.getByTestId('nav-dunning').click();
  await page.getByTestId('template-standard').click();
  const calendar = page.locator('[data-testid="calendar"] tbody tr');
  await expect(calendar.filter({ hasText: 'Beta' })).not.toHaveCount(0);
  await page.getByTestId('schedule-customer').fill('Beta');
  await page.getByTestId('schedule-count').fill('3');
  await page.getByTestId('schedule-first').fill('2026-04-15');
  await page.getByTestId('schedule-every').fill('30');
  await page.getByTestId('schedule-create').click();
  const rows = page.locator('[data-testid="schedule"][data-customer="Beta"] td.num');
  await expect(rows).toHaveCount(3);
  expect(await rows.evaluateAll((cs) => cs.map((c) => c.dataset.value))).toEqual(['1000', '1000', '1000']);
  // Beta's steps wait for 14 June: none in the 30 days.
  await expect(calendar.filter({ hasText: 'Beta' })).toHaveCount(0);
  // Kept across a reload with the plans.
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('encours.dunning')).schedules[0].customer)).toBe('Beta');
  await page.getByTestId('schedule-remove').click();
  await expect(calendar.filter({ hasText: 'Beta' })).not.toHaveCount(0);
  // One invoice alone: A1 in two instalments; Beta keeps its plan.
  await page.getByTestId('schedule-invoice').fill('A1');
  await page.getByTestId('schedule-count').fill('2');
  await page.getByTestId('schedule-create').click();
  const a1 = page.locator('[data-testid="schedule"][data-invoice="A1"] td.num');
  await expect(a1).toHaveCount(2);
  expect(await a1.evaluateAll((cs) => cs.map((c) => c.dataset.value))).toEqual(['500', '500']);
  await expect(calendar.filter({ hasText: 'Alpha' })).toHaveCount(0);
  await expect(calendar.filter({ hasText: 'Beta' })).not.toHaveCount(0);
});

test('on the IBM file, the calendar and the workload equal the counts made here from the CSV', async ({ page }) => {
  await page.goto('./');
  await page.getByTestId('import-file').setInputFiles(IBM);
  await page.getByTestId('as-of').fill('2013-06-30');
  await expect(page.locator('[data-kpi="ar_total"]')).toBeVisible();
  await page.getByTestId('nav-dunning').click();
  await page.getByTestId('template-standard').click();
  await page.getByTestId('dunning-working-days').uncheck();
  // The standard plan's steps: (days from the due date, minimum amount); disputed invoices skipped.
  const steps = [[-7, 0], [1, 0], [8, 0], [15, 0], [30, 100], [45, 0], [60, 0]];
  const [header, ...lines] = readFileSync(IBM, 'utf8').split(/\r?\n/).filter((l) => l.trim());
  const cols = header.split(',');
  const ix = (name) => cols.indexOf(name);
  const t = Date.UTC(2013, 5, 30) / DAY;
  const end = t + 30;
  const actions = new Set();
  for (const l of lines) {
    const c = l.split(',');
    const [issued, due, settled] = ['InvoiceDate', 'DueDate', 'SettledDate'].map((k) => usDay(c[ix(k)]));
    const open = Number(c[ix('InvoiceAmount')]);
    if (!(issued <= t && settled > t) || c[ix('Disputed')] === 'Yes') continue;
    let passed = null;
    steps.forEach(([offset, min], j) => {
      if (open < min) return;
      const day = due + offset;
      if (day <= t) { if (passed === null || day >= passed[0]) passed = [day, j]; } else if (day <= end) actions.add(`${day}|${c[ix('customerID')]}|${j}`);
    });
    if (passed) actions.add(`${t}|${c[ix('customerID')]}|${passed[1]}`);
  }
  const perWeek = new Map();
  for (const a of actions) {
    const day = Number(a.split('|')[0]);
    const monday = day - ((new Date(day * DAY).getUTCDay() + 6) % 7);
    const key = new Date(monday * DAY).toISOString().slice(0, 10);
    perWeek.set(key, (perWeek.get(key) ?? 0) + 1);
  }
  expect(actions.size).toBeGreaterThan(20);
  await expect(page.getByTestId('sim-summary')).toHaveAttribute('data-actions', String(actions.size));
  const weeks = await page.locator('[data-testid="workload"] tbody tr').evaluateAll((rs) => rs.map((r) => [r.dataset.week, Number(r.dataset.actions)]));
  expect(weeks).toEqual([...perWeek.entries()].sort());
  // The day's actions: all of them listed, or the first 200 and the count.
  const todayCount = [...actions].filter((a) => Number(a.split('|')[0]) === t).length;
  expect(todayCount).toBeGreaterThan(0);
  if (todayCount > 200) {
    await expect(page.getByTestId('today-shown')).toContainText(`${todayCount} actions`);
    await expect(page.getByTestId('today-action')).toHaveCount(200);
  } else {
    await expect(page.getByTestId('today-action')).toHaveCount(todayCount);
  }
});

test('a full browser storage is said, not silently ignored', async ({ page }) => {
  await page.goto('./#/dunning');
  await page.evaluate(() => {
    Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };
  });
  await page.getByTestId('template-standard').click();
  await expect(page.getByTestId('dunning-notice')).toContainText('stockage de ce navigateur est plein');
});
