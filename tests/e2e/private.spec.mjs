// Private by construction: the app's security policy forbids any other
// origin, every page used with real files asks nothing of any other site,
// the privacy page lists what the browser keeps and erases it, and a bug
// shows a readable crash screen instead of a dead page.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PORT, HOST_PORT } from './playwright.config.mjs';
import { kpi, failOnConsoleErrors, uploadFile } from './helpers.mjs';

const APP = `http://127.0.0.1:${PORT}/`;
const fixture = (name) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

test('using every page with real files, nothing leaves the app\'s origin and the policy is never broken', async ({ page, context }) => {
  const noErrors = failOnConsoleErrors(page);
  // Every request of the context: pages, frames, the analysis worker, the service worker.
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto('./');
  const policy = response.headers()['content-security-policy'];
  expect(policy).toContain("connect-src 'self'");
  expect(policy).toContain("default-src 'self'");

  for (const lang of ['fr', 'en']) {
    await page.goto(`./?lang=${lang}#/analyse`);
    await page.getByTestId('import-file').setInputFiles(fixture('ibm-accounts-receivable.csv'));
    await expect(page.getByTestId('import-summary')).toBeVisible();
    await page.getByTestId('as-of').fill('2013-06-30');
    await expect.poll(() => kpi(page, 'dso_standard')).not.toBeNull();
    await page.getByTestId('import-file').setInputFiles(fixture('invoices-for-payments.csv'));
    await expect(page.getByTestId('import-summary')).toContainText('invoices-for-payments.csv');
    await page.getByTestId('payments-file').setInputFiles(fixture('payments-bank.csv'));
    await expect(page.getByTestId('payments-summary')).toBeVisible();
    await page.getByTestId('import-file').setInputFiles(fixture('ibm-accounts-receivable.xlsx'));
    await expect(page.getByTestId('import-summary')).toContainText('ibm-accounts-receivable.xlsx');
    await uploadFile(page, 'fec.txt', readFileSync(fixture('fec-sample.txt')));
    await expect(page.getByTestId('fec-summary')).toBeVisible();
    await page.getByTestId('load-sample').click();
    await expect(page.getByTestId('import-summary')).toBeVisible();
    // The history of exports: the analysis kept in this browser (IndexedDB), exported.
    await page.getByTestId('history-keep').click();
    await expect(page.getByTestId('history-status')).toBeVisible();
    await Promise.all([page.waitForEvent('download'), page.getByTestId('history-export').click()]);
    for (const route of ['calculators', 'dunning', 'embed', 'privacy']) {
      await page.goto(`./?lang=${lang}#/${route}`);
      await expect(page.locator('main h1')).toBeVisible();
    }
    // The Embed page's preview is the widget, from this origin.
    await page.goto(`./?lang=${lang}#/embed`);
    await expect(page.frameLocator('[data-testid="embed-preview"]').locator('[data-kpi="cash_increase"]')).toBeVisible();
  }
  expect(requests.length).toBeGreaterThan(10);
  for (const url of requests) expect(url.startsWith(APP) || url.startsWith('data:') || url.startsWith('blob:'), url).toBe(true);
  expect(await page.evaluate(() => window.__violations)).toEqual([]);
  noErrors();
});

test('the policy stops the page from reaching another site', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('import-file')).toBeAttached();
  const other = `http://127.0.0.1:${HOST_PORT}/host.html`;
  const outcome = await page.evaluate(async (url) => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    let fetched = 'sent';
    try {
      await fetch(url, { mode: 'no-cors' });
    } catch {
      fetched = 'blocked';
    }
    const script = document.createElement('script');
    script.src = url.replace('host.html', 'third-party.js');
    const loaded = await new Promise((resolve) => {
      script.onload = () => resolve('loaded');
      script.onerror = () => resolve('blocked');
      document.head.append(script);
    });
    await new Promise((r) => setTimeout(r, 100));
    return { fetched, loaded, violations };
  }, other);
  expect(outcome.fetched).toBe('blocked');
  expect(outcome.loaded).toBe('blocked');
  expect(outcome.violations).toEqual(expect.arrayContaining(['connect-src', 'script-src-elem']));
});

test('the privacy page lists what the browser keeps, and erases it all after a confirmation', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  await page.goto('./?lang=en#/analyse');
  // Settings the app keeps: the language, import options.
  await page.getByTestId('import-options').locator('summary').click();
  await page.getByTestId('opt-currency').selectOption('USD');
  await page.getByTestId('privacy-link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your data stays on your computer');
  await expect(page).toHaveTitle('Your data stays on your computer — encours');
  const stored = page.getByTestId('stored-items');
  await expect(stored.locator('tr[data-key="encours.v1.locale"]')).toContainText('Language chosen');
  await expect(stored.locator('tr[data-key="encours.v1.import"]')).toContainText('Import options');
  // Never the data: no key holds an invoice of the file.
  const keys = await page.evaluate(() => Object.keys(localStorage));
  expect(keys.every((k) => k.startsWith('encours.'))).toBe(true);

  // Cancel keeps everything.
  await page.getByTestId('erase').click();
  await expect(page.getByRole('alertdialog')).toContainText('Continue?');
  await page.getByTestId('erase-cancel').click();
  expect((await page.evaluate(() => Object.keys(localStorage))).length).toBe(keys.length);

  // Confirmed: all gone, the page says so, in the same language.
  await page.getByTestId('erase').click();
  await page.getByTestId('erase-confirm').click();
  await expect(page.getByTestId('erased')).toHaveText(/Everything was erased/);
  // The page loaded again stores its language anew, nothing else.
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k !== 'encours.v1.locale'))).toEqual([]);
  await expect(page.getByTestId('stored-items').locator('tr[data-key="encours.v1.import"]')).toHaveCount(0);
  noErrors();
});

test('a bug in the page shows a readable crash screen, in the reader\'s language, with what to report', async ({ page }) => {
  for (const [lang, title] of [['fr', 'Une erreur inattendue est survenue'], ['en', 'Something unexpected went wrong']]) {
    await page.goto(`./?lang=${lang}#/diagnostics/panic`);
    const crash = page.getByTestId('crash');
    await expect(crash).toBeVisible();
    await expect(crash.getByRole('heading', { level: 1 })).toHaveText(title);
    await expect(crash.locator('.crash-details')).toContainText('deliberate failure');
    await expect(crash.getByRole('button')).toBeFocused();
    await crash.getByRole('button').click();
    await expect(page.getByTestId('crash')).toBeVisible();
  }
});
