// Works offline: after one visit the app loads and analyses a file with the
// network cut; a new build is installed beside the running one, offered,
// and takes over whole when the user reloads (never a mix of two builds).
import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kpi, failOnConsoleErrors } from './helpers.mjs';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const fixture = (name) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** Waits until the service worker controls the page and has kept the build. */
async function offlineReady(page) {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const reg = await navigator.serviceWorker.ready;
          return !!reg.active && !!navigator.serviceWorker.controller && (await caches.keys()).some((k) => k.startsWith('encours-'));
        }),
      { timeout: 20_000 },
    )
    .toBe(true);
}

/** The version of the service worker that controls the page. */
async function activeVersion(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        navigator.serviceWorker.addEventListener('message', (e) => e.data?.type === 'encours:version' && resolve(e.data.version));
        const ask = (worker) => worker.postMessage('encours:version');
        if (navigator.serviceWorker.controller) ask(navigator.serviceWorker.controller);
        else navigator.serviceWorker.addEventListener('controllerchange', () => ask(navigator.serviceWorker.controller), { once: true });
      }),
  );
}

test('after one visit the app loads and analyses a file with no network', async ({ page, context }) => {
  const noErrors = failOnConsoleErrors(page);
  await page.goto('./');
  await offlineReady(page);
  const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel="manifest"]').href)).json());
  expect(manifest.display).toBe('standalone');
  expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('import-file')).toBeAttached();
  // The analysis worker and its code come from the cache too.
  await page.getByTestId('import-file').setInputFiles(fixture('ibm-accounts-receivable.csv'));
  await expect(page.getByTestId('import-summary')).toBeVisible();
  await page.getByTestId('as-of').fill('2013-06-30');
  await expect.poll(() => kpi(page, 'dso_standard')).not.toBeNull();
  // The sample, the other pages and the widget as well.
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('import-summary')).toHaveAttribute('data-invoices', '800');
  await page.goto('./#/calculators');
  await expect.poll(() => kpi(page, 'cash_increase')).toBeGreaterThan(0);
  await page.goto('./widget/index.html?lang=en');
  await expect(page.locator('[data-kpi="cash_increase"]')).toHaveText(/^€/);
  await context.setOffline(false);
  noErrors();
});

test('a new build is offered, then replaces the old one whole', async ({ browser }) => {
  // A copy of the site on its own port, so that its build can be changed.
  const dir = mkdtempSync(join(tmpdir(), 'encours-upgrade-'));
  cpSync(dist, dir, { recursive: true });
  const port = 8095;
  const server = spawn('node', [fileURLToPath(new URL('../serve.mjs', import.meta.url)), dir, String(port)], { stdio: 'ignore' });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const url = `http://127.0.0.1:${port}/`;
    await expect.poll(async () => (await fetch(url).catch(() => null))?.status ?? 0).toBe(200);
    await page.goto(url);
    await offlineReady(page);
    const before = await activeVersion(page);

    // The next build: its page is marked, its service worker has a new version.
    const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
    writeFileSync(join(dir, 'sw.js'), sw.replace(`const VERSION = '${before}'`, "const VERSION = 'nextbuild'"));
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    writeFileSync(join(dir, 'index.html'), html.replace('<html lang="fr">', '<html lang="fr" data-build="next">'));

    // The open page is told; until the user says so it stays on its build.
    await page.reload();
    await expect(page.getByTestId('update-ready')).toBeVisible({ timeout: 20_000 });
    await expect(page.locator('html')).not.toHaveAttribute('data-build', 'next');
    expect(await activeVersion(page)).toBe(before);

    await page.getByTestId('update-reload').click();
    await expect(page.locator('html')).toHaveAttribute('data-build', 'next', { timeout: 20_000 });
    await expect(page.getByTestId('update-ready')).toHaveCount(0);
    expect(await activeVersion(page)).toBe('nextbuild');
    // Only the new build's files are kept.
    expect(await page.evaluate(() => caches.keys())).toEqual(['encours-nextbuild']);
    await page.getByTestId('load-sample').click();
    await expect(page.getByTestId('import-summary')).toBeVisible();
  } finally {
    await context.close();
    server.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
