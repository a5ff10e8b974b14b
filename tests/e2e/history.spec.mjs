// The history of exports: three open-items exports of one company, a month
// apart (written here), kept one after the other, draw the trends from
// three points and say what changed since the previous export; the history
// survives a reload, is exported, erased and imported back identical; a
// damaged or newer record in IndexedDB is kept aside and said. Expected
// figures are computed here from the files themselves.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { kpi, failOnConsoleErrors, uploadFile } from './helpers.mjs';
import { EXPORTS, LIMITS, csv, day, fileName } from './history-exports.mjs';


/** The default buckets (not due, 1-30, 31-60, 61-90, over 90) of days past due. */
const bucket = (dpd) => (dpd <= 0 ? 0 : dpd <= 30 ? 1 : dpd <= 60 ? 2 : dpd <= 90 ? 3 : 4);
/** The default provision rates (kpi.md "Provisions"), in percent. */
const provisionRate = (dpd) => (dpd <= 90 ? 0 : dpd <= 180 ? 25 : dpd <= 270 ? 50 : dpd <= 360 ? 75 : 100);

/** What an export shows at its date, in cents: totals and per customer. */
function figures(e) {
  const t = day(e.date);
  const f = { ar: 0, overdue: 0, buckets: [0, 0, 0, 0, 0], provision: 0, customers: {} };
  for (const [id, code, , due, , open] of e.rows) {
    const cents = Math.round(open * 100);
    const dpd = t - day(due);
    const c = (f.customers[code] ??= { open: 0, overdue: 0, buckets: [0, 0, 0, 0, 0], invoices: {} });
    f.ar += cents;
    c.open += cents;
    f.buckets[bucket(dpd)] += cents;
    c.buckets[bucket(dpd)] += cents;
    if (dpd > 0) {
      f.overdue += cents;
      c.overdue += cents;
    }
    f.provision += Math.round((cents * provisionRate(dpd)) / 100);
    c.invoices[id] = cents;
  }
  return f;
}

/** What changed from export `a` to export `b`, by customer (cents). */
function changes(a, b) {
  const [fa, fb] = [figures(a), figures(b)];
  const codes = [...new Set([...Object.keys(fa.customers), ...Object.keys(fb.customers)])].sort();
  const none = { open: 0, overdue: 0, buckets: [0, 0, 0, 0, 0], invoices: {} };
  const out = { ar: [fa.ar, fb.ar], overdue: [fa.overdue, fb.overdue], gone: [0, 0], new: [0, 0], customers: {} };
  for (const code of codes) {
    const [x, y] = [fa.customers[code] ?? none, fb.customers[code] ?? none];
    const gone = Object.keys(x.invoices).filter((i) => !(i in y.invoices));
    const added = Object.keys(y.invoices).filter((i) => !(i in x.invoices));
    const goneAmount = gone.reduce((s, i) => s + x.invoices[i], 0);
    const newAmount = added.reduce((s, i) => s + y.invoices[i], 0);
    out.gone[0] += gone.length;
    out.gone[1] += goneAmount;
    out.new[0] += added.length;
    out.new[1] += newAmount;
    const oldest = (c) => c.buckets.reduce((o, v, k) => (v > 0 ? k : o), -1);
    out.customers[code] = {
      before: x.open,
      now: y.open,
      gone: goneAmount,
      new: newAmount,
      other: y.open - x.open - newAmount + goneAmount,
      overdueChange: y.overdue - x.overdue,
      moved: code in fa.customers && code in fb.customers && oldest(x) >= 0 && oldest(y) > oldest(x) ? [oldest(x), oldest(y), y.buckets[oldest(y)]] : null,
      newlyOver: LIMITS[code] !== undefined && y.open > LIMITS[code] * 100 && !(x.open > LIMITS[code] * 100),
      changed: x.open !== y.open || x.overdue !== y.overdue || gone.length + added.length > 0,
    };
  }
  // The headline: the fewest customers making 80 % of the customers' rises.
  const rising = fb.overdue > fa.overdue;
  const moves = Object.values(out.customers).map((c) => c.overdueChange).filter((m) => (rising ? m > 0 : m < 0)).map(Math.abs).sort((p, q) => q - p);
  const gross = moves.reduce((s, m) => s + m, 0);
  let made = 0;
  let drivers = 0;
  for (const m of moves) {
    made += m;
    drivers += 1;
    if (made >= 0.8 * gross) break;
  }
  out.headline = { drivers, share: (made / gross) * 100 };
  return out;
}

/** The raw values of a chart's data table, one array per row. */
async function chartRows(page, testid) {
  return page.locator(`[data-testid="${testid}-table"] tbody tr`).evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.dataset.value === '' ? null : Number(td.dataset.value)))));
}

/** Analyses export `e` and waits for its figures and its record. */
async function analyse(page, e) {
  await uploadFile(page, fileName(e), csv(e));
  await expect(page.getByTestId('import-summary')).toContainText(fileName(e));
  await page.getByTestId('as-of').fill(e.date);
  await expect.poll(() => kpi(page, 'ar_total')).toBeCloseTo(figures(e).ar / 100, 6);
  await expect(page.getByTestId('history-keep')).toBeEnabled();
}

/** The history's text as the app exports it. */
async function exported(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('history-export').click()]);
  return readFileSync(await download.path(), 'utf8');
}

/** The records of an IndexedDB store of the app, as (key, value) pairs
 * (none when the database is not there: it is not made here). */
function records(page, store) {
  return page.evaluate(async (store) => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'encours')) return [];
    return new Promise((resolve, reject) => {
    const open = indexedDB.open('encours');
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains(store)) { db.close(); resolve([]); return; }
      const tx = db.transaction(store, 'readonly');
      const keys = tx.objectStore(store).getAllKeys();
      const values = tx.objectStore(store).getAll();
      tx.oncomplete = () => { db.close(); resolve(keys.result.map((k, i) => [k, values.result[i]])); };
    };
    open.onerror = () => reject(open.error);
    });
  }, store);
}

test('three exports kept one after the other: trends of three points, what changed, and the history kept, exported, erased and imported back', async ({ page }) => {
  test.setTimeout(120_000);
  const noErrors = failOnConsoleErrors(page);
  await page.goto('./?lang=en#/analyse');
  const dso = [];

  // August: a new history, named from the file, the name edited.
  await analyse(page, EXPORTS[0]);
  dso.push(await kpi(page, 'dso_standard'));
  await expect(page.getByTestId('history-select')).toHaveCount(0);
  await expect(page.getByTestId('history-name')).toHaveValue('Balance agee societe x – aged balance');
  await page.getByTestId('history-name').fill('Société X – balance âgée');
  await page.getByTestId('history-keep').click();
  await expect(page.getByTestId('history-status')).toHaveText('Kept in "Société X – balance âgée": 1 export (31/08/2026).');
  await expect(page.getByTestId('history-changes')).toHaveCount(0);
  await expect(page.getByTestId('history-second')).toBeVisible();

  // September: the same layout is offered the same history.
  await analyse(page, EXPORTS[1]);
  dso.push(await kpi(page, 'dso_standard'));
  await expect(page.getByTestId('history-select').locator('option:checked')).toHaveText('Société X – balance âgée (1 export)');
  await expect(page.getByTestId('history-changes')).toHaveAttribute('data-before', '2026-08-31');
  await page.getByTestId('history-keep').click();
  await expect(page.getByTestId('history-status')).toContainText('2 exports (31/08/2026, 30/09/2026)');

  // October: what changed since September, then kept.
  await analyse(page, EXPORTS[2]);
  dso.push(await kpi(page, 'dso_standard'));
  const c = changes(EXPORTS[1], EXPORTS[2]);
  const panel = page.getByTestId('history-changes');
  await expect(panel).toHaveAttribute('data-before', '2026-09-30');
  const move = async (testid) => {
    const el = panel.getByTestId(testid);
    return [Number(await el.getAttribute('data-before')), Number(await el.getAttribute('data-now'))];
  };
  expect(await move('history-ar')).toEqual(c.ar.map((v) => v / 100));
  expect(await move('history-overdue')).toEqual(c.overdue.map((v) => v / 100));
  await expect(panel.getByTestId('history-gone')).toHaveAttribute('data-count', String(c.gone[0]));
  expect(Number(await panel.getByTestId('history-gone').getAttribute('data-amount'))).toBe(c.gone[1] / 100);
  await expect(panel.getByTestId('history-new')).toHaveAttribute('data-count', String(c.new[0]));
  expect(Number(await panel.getByTestId('history-new').getAttribute('data-amount'))).toBe(c.new[1] / 100);
  // By customer: before, gone, new, other, now, overdue change.
  const rows = await panel.locator('[data-testid="history-customers"] tbody tr').evaluateAll((trs) =>
    Object.fromEntries(trs.map((tr) => [tr.dataset.customer, [...tr.querySelectorAll('td')].map((td) => Number(td.dataset.value))])));
  const changed = Object.entries(c.customers).filter(([, x]) => x.changed);
  expect(Object.keys(rows).sort()).toEqual(changed.map(([code]) => code).sort());
  for (const [code, x] of changed) {
    expect(rows[code], code).toEqual([x.before, x.gone, x.new, x.other, x.now, x.overdueChange].map((v) => v / 100));
  }
  // Overdue risers, largest first; older buckets; new overruns; the sentence.
  const risers = Object.entries(c.customers).filter(([, x]) => x.overdueChange > 0).sort((p, q) => q[1].overdueChange - p[1].overdueChange).map(([code]) => code);
  await expect(panel.locator('[data-testid="history-overdue-grew"] tbody tr')).toHaveCount(risers.length);
  expect(await panel.locator('[data-testid="history-overdue-grew"] tbody tr').evaluateAll((trs) => trs.map((t) => t.dataset.customer))).toEqual(risers);
  const moved = Object.entries(c.customers).filter(([, x]) => x.moved);
  expect(moved.length).toBeGreaterThan(0);
  for (const [code, { moved: [from, to, amount] }] of moved) {
    const row = panel.locator(`[data-testid="history-older"] tr[data-customer="${code}"]`);
    await expect(row).toHaveAttribute('data-from', String(from));
    await expect(row).toHaveAttribute('data-to', String(to));
    expect(Number(await row.locator('td.num').getAttribute('data-value'))).toBe(amount / 100);
  }
  await expect(panel.locator('[data-testid="history-older"] tbody tr')).toHaveCount(moved.length);
  const over = Object.entries(c.customers).filter(([, x]) => x.newlyOver).map(([code]) => code);
  expect(over).toEqual(['C04']);
  expect(await panel.locator('[data-testid="history-over-limit"] tbody tr').evaluateAll((trs) => trs.map((t) => t.dataset.customer))).toEqual(over);
  const headline = panel.getByTestId('history-headline');
  await expect(headline).toHaveAttribute('data-drivers', String(c.headline.drivers));
  expect(Number(await headline.getAttribute('data-share'))).toBeCloseTo(c.headline.share, 6);
  const pct = ((c.overdue[1] - c.overdue[0]) / c.overdue[0]) * 100;
  await expect(headline).toContainText(`Overdue ${pct > 0 ? '+' : ''}${pct.toFixed(1)}% since 30/09/2026:`);
  await page.getByTestId('history-keep').click();
  await expect(page.getByTestId('history-status')).toContainText('3 exports (31/08/2026, 30/09/2026, 31/10/2026)');

  // The trends: one point per kept export, from the files themselves.
  const expectTrends = async () => {
    const f = EXPORTS.map(figures);
    await expect(page.getByTestId('history-trends')).toHaveAttribute('data-points', '3');
    await expect.poll(() => chartRows(page, 'history-chart-ar')).toEqual(f.map((x) => [x.ar / 100, x.overdue / 100, x.provision / 100]));
    expect(await chartRows(page, 'history-chart-aged')).toEqual(f.map((x) => x.buckets.map((b) => b / 100)));
    await expect(page.getByTestId('kept-trend-ar_total')).toHaveAttribute('data-points', f.map((x) => x.ar / 100).join(','));
    await expect(page.getByTestId('kept-trend-ar_overdue')).toHaveAttribute('data-points', f.map((x) => x.overdue / 100).join(','));
    await expect(page.getByTestId('kept-trend-ar_overdue')).toContainText('since the export of 30/09/2026');
    await expect(page.getByTestId('kept-aging_4')).toHaveAttribute('data-value', String(f[2].buckets[4] / 100));
    // DSO is drawn only from the exports where it could be computed (as the page showed it).
    const known = dso.filter((v) => v !== null);
    if (known.length >= 2) {
      const drawn = (await chartRows(page, 'history-chart-dso')).map((r) => r[0]);
      expect(drawn.filter((v) => v !== null).length).toBe(known.length);
      drawn.forEach((v, i) => (dso[i] === null ? expect(v).toBeNull() : expect(v).toBeCloseTo(dso[i], 6)));
    } else {
      await expect(page.getByTestId('history-dso-missing')).toBeVisible();
    }
    await expect(page.locator('[data-testid="history-chart-ar"] canvas').first()).toBeVisible();
  };
  await expectTrends();
  const first = await exported(page);
  const doc = JSON.parse(first);
  expect(doc.format).toBe('encours-history');
  expect(doc.exports.map((e) => e.as_of)).toEqual(EXPORTS.map((e) => e.date));
  // Aggregates only: no invoice number, no invoice date of the files.
  for (const [id, , issued] of EXPORTS.flatMap((e) => e.rows)) {
    expect(first.includes(id), id).toBe(false);
    expect(first.includes(issued) && !EXPORTS.some((e) => e.date === issued), issued).toBe(false);
  }

  // The history survives a reload.
  await page.reload();
  await page.getByTestId('privacy-link').click();
  const row = page.locator('[data-testid="history-stored"] tr[data-history]');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Société X – balance âgée');
  await expect(row.locator('td').nth(1)).toHaveText('3');
  await expect(row.locator('td').nth(2)).toHaveText('31/08/2026 – 31/10/2026');
  expect(Number(await row.getAttribute('data-bytes'))).toBe(Buffer.byteLength(first));
  await page.goto('./?lang=en#/analyse');
  await analyse(page, EXPORTS[2]);
  await expect(page.getByTestId('history-keep')).toHaveText('Replace the export of 31/10/2026 kept before');
  await expectTrends();

  // Erased, then imported back: identical.
  await page.getByTestId('history-erase').click();
  await page.getByTestId('history-erase-confirm').click();
  await expect(page.getByTestId('history-status')).toHaveText('The history "Société X – balance âgée" was erased.');
  await expect(page.getByTestId('history-trends')).toHaveCount(0);
  await expect(page.getByTestId('kept-trend-ar_total')).toHaveCount(0);
  expect(await records(page, 'histories')).toEqual([]);
  // A file that is not a history changes nothing, and says so.
  await page.getByTestId('history-import').setInputFiles({ name: 'plans.json', mimeType: 'application/json', buffer: Buffer.from('{"version": 1, "plans": []}') });
  await expect(page.getByTestId('history-status')).toHaveText('This file is not an encours history of exports: nothing changed.');
  const edited = first.replace(/"open":"(\d+)"/, '"open":"9$1"');
  await page.getByTestId('history-import').setInputFiles({ name: 'edited.json', mimeType: 'application/json', buffer: Buffer.from(edited) });
  await expect(page.getByTestId('history-status')).toContainText('This history was not imported because in the export of 31/08/2026 (EUR)');
  expect(await records(page, 'histories')).toEqual([]);
  await page.getByTestId('history-import').setInputFiles({ name: 'h.json', mimeType: 'application/json', buffer: Buffer.from(first) });
  await expect(page.getByTestId('history-status')).toHaveText('History "Société X – balance âgée" imported: 3 exports added.');
  await expectTrends();
  expect(await exported(page)).toBe(first);
  noErrors();
});

test('a damaged or newer history in IndexedDB is kept aside, said, and listed to be erased', async ({ page }) => {
  const noErrors = failOnConsoleErrors(page);
  await page.goto('./?lang=fr#/privacy');
  await expect(page.getByTestId('history-stored-none')).toBeVisible();
  const damaged = '{"format":"encours-history","version":1,"id":"h1","name":"Société X","exp';
  const newer = JSON.stringify({ format: 'encours-history', version: 99, id: 'h2', name: 'Futur', layout: 'x', salt: 's', exports: [], more: 1 });
  await page.evaluate(([damaged, newer]) => new Promise((resolve, reject) => {
    const open = indexedDB.open('encours');
    open.onsuccess = () => {
      const tx = open.result.transaction('histories', 'readwrite');
      tx.objectStore('histories').put(damaged, 'h1');
      tx.objectStore('histories').put(newer, 'h2');
      tx.oncomplete = () => { open.result.close(); resolve(); };
      tx.onerror = () => reject(tx.error);
    };
  }), [damaged, newer]);

  await page.goto('./?lang=fr#/analyse');
  await analyse(page, EXPORTS[0]);
  await expect(page.getByTestId('history-aside')).toHaveText(/^2 historiques gardés n'ont pas pu être relus .* mis de côté, intacts/);
  // Never dropped: moved aside as they were.
  expect(await records(page, 'histories')).toEqual([]);
  const aside = await records(page, 'aside');
  expect(aside.map(([, v]) => v).sort()).toEqual([damaged, newer].sort());
  expect(aside.map(([k]) => k.split('@')[0]).sort()).toEqual(['h1', 'h2']);
  // Keeping still works beside them.
  await page.getByTestId('history-keep').click();
  await expect(page.getByTestId('history-status')).toContainText('Gardé dans « Balance agee societe x – balance âgée » : 1 export (31/08/2026).');

  // The privacy page lists them with their size; each can be erased.
  await page.getByTestId('privacy-link').click();
  const asideRows = page.locator('[data-testid="history-stored"] tr[data-aside]');
  await expect(asideRows).toHaveCount(2);
  await expect(asideRows.first()).toContainText('Historique illisible, mis de côté');
  expect((await asideRows.evaluateAll((trs) => trs.map((t) => Number(t.dataset.bytes)))).sort((a, b) => a - b)).toEqual([Buffer.byteLength(damaged), Buffer.byteLength(newer)].sort((a, b) => a - b));
  await asideRows.first().getByTestId('history-row-erase').click();
  await page.getByTestId('history-row-erase-confirm').click();
  await expect(asideRows).toHaveCount(1);
  await expect(page.locator('[data-testid="history-stored"] tr[data-history]')).toHaveCount(1);

  // "Erase everything" erases the histories too.
  await page.getByTestId('erase').click();
  await expect(page.getByRole('alertdialog')).toContainText('historiques d\'exports');
  await page.getByTestId('erase-confirm').click();
  await expect(page.getByTestId('erased')).toBeVisible();
  await expect(page.getByTestId('history-stored-none')).toBeVisible();
  expect(await records(page, 'histories')).toEqual([]);
  expect(await records(page, 'aside')).toEqual([]);
  noErrors();
});
