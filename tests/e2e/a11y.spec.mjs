// Accessible: every page passes an axe-core audit with no serious or
// critical violation and shows no field without a layout box, the main path works with the keyboard alone, the
// focus ring reads on every background, and a calculator's results are
// announced once when a slider stops, not at every step.
import { test, expect } from '@playwright/test';
import { dunningWithIbm } from './helpers.mjs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

// axe is a script the test adds to the page, which the app's own policy
// (rightly) refuses: the audits run with the policy set aside.
test.use({ bypassCSP: true });
const fixture = (name) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** Serious and critical axe violations of the page (or of one frame). */
async function audit(target) {
  await target.addScriptTag({ path: axePath });
  const result = await target.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
}

const pages = [
  ['analyse, empty', './#/analyse', null],
  ['analyse, a file analysed', './#/analyse', async (page) => {
    await page.getByTestId('import-file').setInputFiles(fixture('ibm-accounts-receivable.csv'));
    await page.getByTestId('as-of').fill('2013-06-30');
    await page.locator('button.expand').first().waitFor();
    await page.locator('.expand').first().click();
  }],
  ['analyse, mapping screen', './#/analyse', async (page) => {
    await page.getByTestId('import-file').setInputFiles({ name: 'odd.csv', mimeType: 'text/csv', buffer: Buffer.from('Col A;Col B;Col C\nx;1;y\nz;2;w\n') });
    await page.getByTestId('mapping-screen').waitFor();
  }],
  ['analyse, payments', './#/analyse', async (page) => {
    await page.getByTestId('import-file').setInputFiles(fixture('invoices-for-payments.csv'));
    await page.getByTestId('payments-file').setInputFiles(fixture('payments-bank.csv'));
    await page.getByTestId('payments-summary').waitFor();
  }],
  ['calculators', './#/calculators', null],
  ['dunning', './#/dunning', null],
  ['dunning, a plan simulated on a file', './#/analyse', dunningWithIbm],
  // Today's actions drawn again (working days off), then one's form opened:
  // its date field once had no layout box after such a re-render.
  ['dunning, an action being marked done', './#/analyse', async (page) => {
    await dunningWithIbm(page);
    await page.getByTestId('dunning-working-days').uncheck();
    await page.getByTestId('today-mark-open').first().click();
    await page.getByTestId('today-promise-date').first().waitFor();
  }],
  ['embed', './#/embed', null],
  ['privacy', './#/privacy', null],
  ['widget', './widget/index.html?calculator=both', null],
];

test('the audit itself finds a field without a label (so that it can fail)', async ({ page }) => {
  await page.goto('./');
  await page.locator('main').waitFor();
  await page.evaluate(() => document.querySelector('main').append(Object.assign(document.createElement('input'), { type: 'text' })));
  expect((await audit(page)).some((v) => v.startsWith('label '))).toBe(true);
});

/** Fields and buttons the page shows (no hidden ancestor, not in a closed
 * `<details>`) that have no layout box: a control nobody can see or reach. */
async function unboxed(target) {
  return target.evaluate(() => [...document.querySelectorAll('input:not([type="hidden"]), select, textarea, button')]
    .filter((e) => {
      for (let n = e; n; n = n.parentElement) {
        const st = getComputedStyle(n);
        if (st.display === 'none' || st.visibility === 'hidden') return false;
        const closed = n.parentElement?.closest('details:not([open])');
        if (closed && !(n.tagName === 'SUMMARY' && n.parentElement === closed)) return false;
      }
      return e.getClientRects().length === 0;
    })
    .map((e) => e.dataset.testid || e.id || `${e.tagName.toLowerCase()}[type=${e.type}]`));
}

test('the box check itself finds a field laid out with no box (so that it can fail)', async ({ page }) => {
  await page.goto('./');
  await page.locator('main').waitFor();
  expect(await unboxed(page)).toEqual([]);
  // A video's fallback content is never laid out, yet its style says shown.
  await page.evaluate(() => {
    const i = Object.assign(document.createElement('input'), { type: 'date' });
    i.dataset.testid = 'no-box';
    const v = document.createElement('video');
    v.append(i);
    document.querySelector('main').append(v);
  });
  expect(await unboxed(page)).toEqual(['no-box']);
});

for (const lang of ['fr', 'en']) {
  for (const [name, url, act] of pages) {
    test(`axe finds nothing serious and every field shown has a box: ${name} (${lang})`, async ({ page }) => {
      await page.goto(url.includes('?') ? `${url}&lang=${lang}` : url.replace('./', `./?lang=${lang}`));
      await page.locator('main').first().waitFor();
      if (act) await act(page);
      expect(await audit(page)).toEqual([]);
      expect(await unboxed(page)).toEqual([]);
    });
  }
}

test('the main path with the keyboard alone: sample analysed, a row opened, the calculators reached', async ({ page }) => {
  await page.goto('./');
  await page.locator('body').focus();
  const tabTo = async (testid, max = 40) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((id) => document.activeElement?.dataset?.testid === id, testid)) return;
    }
    throw new Error(`${testid} is not reached with Tab`);
  };
  await tabTo('load-sample');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('import-summary')).toBeVisible();
  // A row of the aged balance opens from the keyboard (the aged balance
  // comes after the figures are painted: wait for it, then tab to it).
  await expect(page.locator('.expand').first()).toBeAttached();
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.classList.contains('expand'))) break;
  }
  await page.keyboard.press('Enter');
  await expect(page.locator('.expand[aria-expanded="true"]')).toHaveCount(1);
  // Back to the top (the page is long: the start of the page is focused) and on to the calculators.
  await page.keyboard.press('Shift+Tab');
  await page.evaluate(() => { document.body.tabIndex = -1; document.body.focus(); });
  await tabTo('nav-calculators');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('savings-calculator')).toBeVisible();
  await tabTo('revenue-slider');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('revenue')).not.toHaveValue('5000000');
});

/** WCAG contrast ratio of two CSS colours "rgb(r, g, b)". */
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, b2] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => v / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

test('the focus ring reads on every background (3:1 at least)', async ({ page }) => {
  await page.goto('./');
  await page.getByTestId('load-sample').click();
  await expect(page.getByTestId('import-summary')).toBeVisible();
  // Tab from the start of the page (the button clicked would be the start otherwise).
  await page.evaluate(() => { document.body.tabIndex = -1; document.body.focus(); });
  const seen = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      let el = document.activeElement;
      if (!el || el === document.body) return null;
      // On a date field's calendar button (the browser's own control, drawn
      // with its own ring) the field itself is not :focus.
      if (el.type === 'date' && !el.matches(':focus')) return null;
      // A field hidden inside its visible control (the file picker's button)
      // shows its ring on that control.
      const what = el.dataset.testid || el.tagName;
      while (el.parentElement && el.getBoundingClientRect().width <= 2) el = el.parentElement;
      const style = getComputedStyle(el);
      // The background behind the ring: the first opaque one up the tree.
      let n = el.parentElement;
      let bg = 'rgb(255, 255, 255)';
      while (n) {
        const c = getComputedStyle(n).backgroundColor;
        if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') {
          bg = c;
          break;
        }
        n = n.parentElement;
      }
      return { what, style: style.outlineStyle, width: parseFloat(style.outlineWidth), color: style.outlineColor, bg };
    });
    if (!ring) continue;
    seen.push(ring);
  }
  expect(seen.length).toBeGreaterThan(10);
  for (const r of seen) {
    expect(r.style, JSON.stringify(r)).not.toBe('none');
    expect(r.width, r.what).toBeGreaterThanOrEqual(2);
    expect(contrast(r.color, r.bg), `${r.what}: ${r.color} on ${r.bg}`).toBeGreaterThanOrEqual(3);
  }
  // The bar's own controls were among them.
  expect(seen.some((r) => r.what === 'nav-calculators')).toBe(true);
});

test('moving a slider announces the results once, when it stops', async ({ page }) => {
  await page.goto('./#/calculators');
  const region = page.getByTestId('savings-calculator').getByTestId('calc-announce');
  await expect(region).toHaveAttribute('aria-live', 'polite');
  // No other live region repeats the results at every step.
  await expect(page.getByTestId('savings-calculator').locator('.result-value[aria-live]')).toHaveCount(0);
  await region.evaluate((el) => {
    window.__said = [];
    new MutationObserver(() => window.__said.push(el.textContent)).observe(el, { childList: true, characterData: true, subtree: true });
  });
  await page.getByTestId('dso_reduction-slider').focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(() => page.evaluate(() => window.__said.length), { timeout: 5000 }).toBe(1);
  await page.waitForTimeout(1200);
  const said = await page.evaluate(() => window.__said);
  expect(said).toHaveLength(1);
  expect(said[0]).toContain('Augmentation du solde de trésorerie');
  expect(said[0]).toContain(await page.locator('[data-kpi="cash_increase"]').textContent());
});
