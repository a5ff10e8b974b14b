// In-browser benchmark (`make bench`): generates a file of 1,000,000
// invoices, uploads it to the release build in Chromium and reports the
// times the page measured itself (read, parse, compute) and the wall time
// until the figures show, in rows/s and MB/s, and the worker's memory.
// Then the same for 10,000,000 invoices (BENCH_SKIP_10M=1 skips it)
// against the time the browser takes only to read that file. Also
// reports the transfer size of the app and of the widget (gzipped), the
// size of the page's wasm, the widget's time to its first interactive
// slider, and the first visit to the Analyse page on a 20 Mbit/s network.
// BENCH_FIRST_VISIT_ONLY=1 measures only the sizes, the widget and the
// first visit (no 1,000,000 or 10,000,000 invoice runs).
import { chromium } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROWS = Number(process.env.BENCH_ROWS || 1_000_000);
const PORT = 8098;
const root = fileURLToPath(new URL('../../', import.meta.url));
const BIG_ROWS = 10_000_000;

// The generated export of `rows` invoices, written once under target/.
function generated(rows) {
  const path = `${root}target/bench-${rows}.csv`;
  if (!existsSync(path)) {
    const fd = openSync(`${path}.part`, 'w');
    try {
      execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'generate', '--', String(rows), '2026'], { cwd: root, stdio: ['ignore', fd, 'inherit'] });
    } finally {
      closeSync(fd);
    }
    renameSync(`${path}.part`, path);
  }
  return path;
}
const file = generated(ROWS);
const mb = statSync(file).size / 1e6;

function gzSize(dir, test) {
  return readdirSync(dir).filter(test).reduce((a, f) => a + gzipSync(readFileSync(`${dir}/${f}`), { level: 9 }).length, 0);
}
const pageKb = gzSize(`${root}dist`, (f) => /\.(wasm|js|css|html)$/.test(f) && !f.startsWith('worker')) / 1024;
const workerKb = gzSize(`${root}dist`, (f) => f.startsWith('worker')) / 1024;
console.log(`app page transfer size (wasm, js, css, html, gzip -9): ${pageKb.toFixed(1)} KB; analysis worker: ${workerKb.toFixed(1)} KB`);
// The page's own wasm (the analysis worker's is apart): what a first visit waits for.
const pageWasm = readdirSync(`${root}dist`).find((f) => /^encours-.*_bg\.wasm$/.test(f));
const pageWasmRaw = statSync(`${root}dist/${pageWasm}`).size / 1024;
const pageWasmGz = gzipSync(readFileSync(`${root}dist/${pageWasm}`), { level: 9 }).length / 1024;
console.log(`app page's wasm (${pageWasm}): ${pageWasmRaw.toFixed(1)} KB raw, ${pageWasmGz.toFixed(1)} KB gzip -9 (target: at most 450 KB gzipped)`);
const widgetKb = (gzSize(`${root}dist/widget`, (f) => /\.(wasm|js|css|html)$/.test(f)) + gzSize(`${root}dist/public`, (f) => f === 'embed.js')) / 1024;
console.log(`widget transfer size (dist/widget/* + public/embed.js, gzip -9): ${widgetKb.toFixed(1)} KB (target: at most 80 KB)`);

let widgetMs = NaN;
let firstVisitGzip = null;
let firstVisitPlain = null;
const server = spawn('node', [`${root}tests/serve.mjs`, `${root}dist`, String(PORT)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  // The widget: time from navigation to the first slider that answers.
  const times = [];
  for (let run = 1; run <= 5; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(() => {
      new MutationObserver((_, obs) => {
        const s = document.querySelector('[data-testid="revenue-slider"]');
        if (s && !s.disabled) {
          window.__firstSlider = performance.now();
          obs.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`http://127.0.0.1:${PORT}/widget/index.html`);
    await page.waitForFunction(() => window.__firstSlider !== undefined);
    times.push(await page.evaluate(() => window.__firstSlider));
    await context.close();
  }
  times.sort((a, b) => a - b);
  console.log(`widget time to first interactive slider (cold cache, 5 runs): median ${times[2].toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times[4].toFixed(0)} ms`);
  widgetMs = times[2];

  // The first visit to the Analyse page: an empty cache, the network
  // throttled to 20 Mbit/s (2.5 MB/s down) with 20 ms of latency, from
  // navigation to the page "interactive": its wasm mounted (the app marks
  // <html data-locale-set>) and the file input there, enabled. Served by
  // tests/serve.mjs, once as the tests serve it (files as they are) and
  // once gzipped as a static host sends them (SERVE_GZIP=1).
  const gzipServer = spawn('node', [`${root}tests/serve.mjs`, `${root}dist`, String(PORT + 3)], { stdio: 'ignore', env: { ...process.env, SERVE_GZIP: '1' } });
  await new Promise((r) => setTimeout(r, 500));
  try {
    // Each file compressed once beforehand, as a host stores it.
    for (const f of readdirSync(`${root}dist`).filter((f) => /\.(wasm|js|css|html)$/.test(f))) {
      await fetch(`http://127.0.0.1:${PORT + 3}/${f}`, { headers: { 'accept-encoding': 'gzip' } }).then((r) => r.arrayBuffer());
    }
    const firstVisit = async (port) => {
      const runs = [];
      for (let run = 1; run <= 5; run++) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.enable');
        await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: 2.5e6, uploadThroughput: 2.5e6 });
        await page.addInitScript(() => {
          new MutationObserver((_, obs) => {
            const input = document.querySelector('[data-testid="import-file"]');
            if (document.documentElement.hasAttribute('data-locale-set') && input && !input.disabled) {
              window.__interactive = performance.now();
              obs.disconnect();
            }
          }).observe(document, { childList: true, subtree: true, attributes: true });
        });
        await page.goto(`http://127.0.0.1:${port}/#/analyse`);
        await page.waitForFunction(() => window.__interactive !== undefined, null, { timeout: 60_000 });
        runs.push(await page.evaluate(() => window.__interactive));
        await context.close();
      }
      runs.sort((a, b) => a - b);
      return runs;
    };
    firstVisitGzip = await firstVisit(PORT + 3);
    firstVisitPlain = await firstVisit(PORT);
    const say = (v) => `median ${v[2].toFixed(0)} ms, min ${v[0].toFixed(0)} ms, max ${v[4].toFixed(0)} ms`;
    console.log(`first visit to the Analyse page, interactive, 20 Mbit/s and 20 ms, empty cache (5 runs): gzipped ${say(firstVisitGzip)}; uncompressed ${say(firstVisitPlain)}`);
  } finally {
    gzipServer.kill();
  }

  // The big-file runs, unless only the first visit is asked for.
  bigRuns: {
  if (process.env.BENCH_FIRST_VISIT_ONLY === '1') break bigRuns;
  const walls = [];
  const memories = [];
  const selections = [];
  const fulls = [];
  const forecasts = [];
  const chartTimes = [];
  const chartSelections = [];
  const pageTurns = [];
  const longTasks = [];
  const baseline = [];
  const duckWalls = [];
  // Where the time of each encours run went (the page's own measures).
  const stages = [];
  let encoursFigures = null;
  for (let run = 1; run <= 3; run++) {
    const page = await browser.newPage();
    // The page's longest task while the file is read: the worker keeps it short.
    await page.addInitScript(() => {
      window.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.waitForTimeout(300);
    await page.evaluate(() => { window.__longest = 0; });
    const t0 = Date.now();
    await page.getByTestId('import-file').setInputFiles(file);
    const summary = page.getByTestId('import-summary');
    await summary.waitFor({ timeout: 300_000 });
    await page.locator('[data-kpi="dso_standard"]').waitFor();
    const wall = Date.now() - t0;
    const get = async (a) => Number(await summary.getAttribute(a));
    const [rows, readMs, parseMs, computeMs, memory] = [await get('data-invoices'), await get('data-read-ms'), await get('data-parse-ms'), await get('data-compute-ms'), await get('data-memory-bytes')];
    memories.push(memory);
    if (rows !== ROWS) throw new Error(`expected ${ROWS} invoices, the page read ${rows}`);
    const rate = (ms) => `${Math.round(ROWS / (ms / 1000)).toLocaleString('en')} rows/s, ${(mb / (ms / 1000)).toFixed(1)} MB/s`;
    console.log(`browser run ${run}: ${ROWS} invoices, ${mb.toFixed(1)} MB, read by ${await get('data-readers')} workers at once`);
    console.log(`  read ${readMs.toFixed(0)} ms | parse ${parseMs.toFixed(0)} ms (${rate(parseMs)}) | compute ${computeMs.toFixed(0)} ms`);
    console.log(`  file chosen -> figures shown: ${wall} ms (${rate(wall)}) | worker memory after the import: ${(memory / 1e6).toFixed(0)} MB (${(memory / statSync(file).size).toFixed(2)}x the file)`);
    walls.push(wall);
    const stage = async (a) => Number(await summary.getAttribute(a));
    stages.push({
      read: readMs, parse: parseMs, own: await stage('data-own-part-ms'), parts: await summary.getAttribute('data-parts-ms'),
      wait: await stage('data-wait-ms'), join: await stage('data-join-ms'), finish: await stage('data-finish-ms'), engine: await stage('data-engine-ms'),
      arrive: await stage('data-arrive-ms'), compute: computeMs, paint: await stage('data-paint-ms'), wall,
    });
    // The figures every baseline must give too (checked against them below).
    encoursFigures = Object.fromEntries(await Promise.all(['ar_total', 'ar_overdue', 'sales', 'aging_0', 'aging_1', 'aging_2', 'aging_3', 'aging_4']
      .map(async (k) => [k, await page.locator(`[data-kpi="${k}"]`).first().getAttribute('data-value')])));
    console.log(`  longest main-thread task meanwhile: ${(await page.evaluate(() => window.__longest)).toFixed(0)} ms`);
    // The rest of the first screen: every chart drawn, the customers table and the forecast with its backtest.
    await page.locator('[data-testid="chart-cei-trend"] canvas').first().waitFor({ timeout: 300_000 });
    await page.locator('[data-testid="customers-table"]').waitFor({ timeout: 300_000 });
    await page.locator('[data-testid="wape-4"]').waitFor({ timeout: 300_000 });
    const full = Date.now() - t0;
    const ms = async (sel) => Number(await page.locator(sel).first().getAttribute('data-compute-ms'));
    const [chartsMs, customersMs, forecastMs] = [await ms('[data-testid="charts"]'), await ms('[data-testid="customers-table"]'), await ms('#forecast-section')];
    console.log(`  file chosen -> figures, charts, customers and forecast shown: ${full} ms | in the worker: charts ${chartsMs} ms, customers ${customersMs} ms, forecast and backtest ${forecastMs} ms`);
    fulls.push(full);
    // Turning the customers table's pages (tens of thousands of customers): the page's longest task meanwhile.
    const customers = Number(await page.getByTestId('customers-table').getAttribute('data-rows'));
    await page.evaluate(() => { window.__longest = 0; });
    const turns = [];
    for (let k = 0; k < 5; k++) {
      const first = await page.locator('[data-testid="customers-table"] tbody tr').first().getAttribute('data-customer');
      const t3 = Date.now();
      await page.getByTestId('customers-next').click();
      await page.waitForFunction((f) => document.querySelector('[data-testid="customers-table"] tbody tr')?.dataset.customer !== f, first);
      turns.push(Date.now() - t3);
    }
    const longest = await page.evaluate(() => window.__longest);
    console.log(`  customers table (${customers} customers): a page turned in ${turns.join(', ')} ms | longest main-thread task meanwhile: ${longest.toFixed(0)} ms`);
    pageTurns.push(Math.max(...turns));
    longTasks.push(longest);
    forecasts.push(forecastMs);
    chartTimes.push(chartsMs);
    // A selection change: every figure follows a division (then all again).
    const ar = page.locator('[data-kpi="ar_total"]');
    const divisions = await page.getByTestId('filter-division').locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    const times = [];
    for (const value of [divisions[0], '', divisions[1], '']) {
      const before = await ar.getAttribute('data-value');
      const t1 = Date.now();
      await page.getByTestId('filter-division').selectOption(value);
      await page.waitForFunction((b) => document.querySelector('[data-kpi="ar_total"]').getAttribute('data-value') !== b, before);
      times.push(Date.now() - t1);
    }
    console.log(`  selection change (a division, all, another, all) -> figures shown: ${times.join(', ')} ms (the returns to "all" come from the cache)`);
    selections.push(times[0], times[2]);
    // A division chosen and left alone: its charts (asked once the choice settles) redrawn.
    const flows = page.locator('[data-testid="chart-flows-table"] tbody tr:last-child td').first();
    const beforeFlows = await flows.getAttribute('data-value');
    const t2 = Date.now();
    await page.getByTestId('filter-division').selectOption(divisions[2] ?? divisions[0]);
    await page.waitForFunction((b) => document.querySelector('[data-testid="chart-flows-table"] tbody tr:last-child td')?.getAttribute('data-value') !== b, beforeFlows, { timeout: 300_000 });
    chartSelections.push(Date.now() - t2);
    console.log(`  selection change -> charts redrawn: ${Date.now() - t2} ms (asked ${250} ms after the last change)`);
    await page.close();
  }
  // The JavaScript baseline in the same browser: Papa Parse (npm) and plain
  // JavaScript doing the same first screen (tests/bench/baseline/).
  const baseDir = `${root}target/bench-baseline`;
  mkdirSync(baseDir, { recursive: true });
  copyFileSync(`${root}tests/bench/baseline/index.html`, `${baseDir}/index.html`);
  copyFileSync(`${root}node_modules/papaparse/papaparse.min.js`, `${baseDir}/papaparse.min.js`);
  const baseServer = spawn('node', [`${root}tests/serve.mjs`, baseDir, String(PORT + 1)], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  try {
    for (let run = 1; run <= 3; run++) {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${PORT + 1}/index.html`);
      const t0 = Date.now();
      await page.locator('#file').setInputFiles(file);
      await page.waitForFunction(() => document.getElementById('out').dataset.totalMs, null, { timeout: 600_000 });
      const wall = Date.now() - t0;
      const out = page.locator('#out');
      console.log(`baseline run ${run} (Papa Parse + JavaScript, main thread): ${await out.getAttribute('data-invoices')} invoices`);
      console.log(`  parse ${await out.getAttribute('data-parse-ms')} ms | file chosen -> figures shown: ${wall} ms`);
      baseline.push(wall);
      await page.close();
    }
  } finally {
    baseServer.kill();
  }
  // The second baseline: DuckDB-WASM (npm, its single-threaded bundle in its
  // own worker), read_csv then SQL for the same figures (tests/bench/duckdb/).
  const duckDir = `${root}target/bench-duckdb`;
  mkdirSync(duckDir, { recursive: true });
  copyFileSync(`${root}tests/bench/duckdb/index.html`, `${duckDir}/index.html`);
  const duckDist = `${root}node_modules/@duckdb/duckdb-wasm/dist`;
  for (const f of ['duckdb-browser.mjs', 'duckdb-browser-eh.worker.js', 'duckdb-eh.wasm']) copyFileSync(`${duckDist}/${f}`, `${duckDir}/${f}`);
  copyFileSync(`${root}node_modules/apache-arrow/Arrow.es2015.min.js`, `${duckDir}/Arrow.es2015.min.js`);
  // duckdb-browser.mjs imports the module "apache-arrow": a module giving
  // the names of Arrow's browser build (the page maps the name to it).
  const arrowNames = Object.keys(await import(`${root}node_modules/apache-arrow/Arrow.dom.mjs`)).filter((k) => k !== 'default');
  writeFileSync(`${duckDir}/arrow-shim.mjs`, `const A = globalThis.Arrow;\n${arrowNames.map((k) => `export const ${k} = A.${k};`).join('\n')}\n`);
  const duckServer = spawn('node', [`${root}tests/serve.mjs`, duckDir, String(PORT + 2)], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  const cents = (v) => Math.round(Number(v) * 100);
  try {
    for (let run = 1; run <= 3; run++) {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${PORT + 2}/index.html`);
      await page.waitForFunction(() => document.getElementById('out').dataset.readyMs, null, { timeout: 120_000 });
      const out = page.locator('#out');
      const readyMs = await out.getAttribute('data-ready-ms');
      const t0 = Date.now();
      await page.locator('#file').setInputFiles(file);
      await page.waitForFunction(() => document.getElementById('out').dataset.totalMs || document.getElementById('out').dataset.error, null, { timeout: 600_000 });
      const wall = Date.now() - t0;
      if (await out.getAttribute('data-error')) throw new Error(`DuckDB-WASM: ${await out.getAttribute('data-error')}`);
      console.log(`baseline run ${run} (DuckDB-WASM, one thread, its worker started with the page in ${readyMs} ms): ${await out.getAttribute('data-invoices')} invoices`);
      console.log(`  read_csv into a table ${await out.getAttribute('data-parse-ms')} ms | file chosen -> figures shown: ${wall} ms`);
      // The same figures as encours, to the cent.
      const pairs = [['ar', 'ar_total'], ['overdue', 'ar_overdue'], ['sales', 'sales'], ...[0, 1, 2, 3, 4].map((k) => [`aging_${k}`, `aging_${k}`])];
      for (const [duck, kpi] of pairs) {
        const d = await out.getAttribute(`data-${duck}`);
        if (encoursFigures && cents(d) !== cents(encoursFigures[kpi])) throw new Error(`DuckDB-WASM's ${duck} ${d} differs from encours's ${kpi} ${encoursFigures[kpi]}`);
      }
      duckWalls.push(wall);
      await page.close();
    }
  } finally {
    duckServer.kill();
  }
  // 10,000,000 invoices: the figures against the time the browser takes
  // only to read the file (the same 4 MB slices the worker reads).
  let big = null;
  if (!process.env.BENCH_SKIP_10M) {
    const bigFile = generated(BIG_ROWS);
    const bigMb = statSync(bigFile).size / 1e6;
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'bench-read-only';
      input.style.display = 'none';
      document.body.append(input);
    });
    await page.locator('#bench-read-only').setInputFiles(bigFile);
    const readOnly = await page.evaluate(async () => {
      const f = document.getElementById('bench-read-only').files[0];
      const t = performance.now();
      let sum = 0;
      for (let at = 0; at < f.size; at += 4 << 20) sum += (await f.slice(at, at + (4 << 20)).arrayBuffer()).byteLength;
      if (sum !== f.size) throw new Error('short read');
      return performance.now() - t;
    });
    const t0 = Date.now();
    await page.getByTestId('import-file').setInputFiles(bigFile);
    const summary = page.getByTestId('import-summary');
    await summary.waitFor({ timeout: 900_000 });
    await page.locator('[data-kpi="dso_standard"]').waitFor();
    const wall = Date.now() - t0;
    const rows = Number(await summary.getAttribute('data-invoices'));
    if (rows !== BIG_ROWS) throw new Error(`expected ${BIG_ROWS} invoices, the page read ${rows}`);
    const memory = Number(await summary.getAttribute('data-memory-bytes'));
    console.log(`browser, ${BIG_ROWS} invoices, ${bigMb.toFixed(0)} MB: read only ${readOnly.toFixed(0)} ms | file chosen -> figures shown: ${wall} ms (${(wall / readOnly).toFixed(1)}x the read) | worker memory ${(memory / 1e6).toFixed(0)} MB (${(memory / (bigMb * 1e6)).toFixed(2)}x the file)`);
    big = { readOnly, wall, memory, mb: bigMb };
    await page.close();
  }
  const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  console.log('');
  console.log('| 1,000,000 invoices, file chosen -> figures shown | median of 3 |');
  console.log('|---|---|');
  console.log(`| encours (Rust/wasm, worker) | ${median(walls)} ms |`);
  console.log(`| Papa Parse + JavaScript | ${median(baseline)} ms |`);
  console.log(`| speed-up (target: at least 5x) | ${(median(baseline) / median(walls)).toFixed(2)}x |`);
  console.log(`| DuckDB-WASM (read_csv + SQL, one thread) | ${median(duckWalls)} ms |`);
  console.log(`| encours against DuckDB-WASM (target: faster, above 1x) | ${(median(duckWalls) / median(walls)).toFixed(2)}x |`);
  console.log(`| selection change (target: under 100 ms) | ${median(selections)} ms |`);
  console.log(`| first screen with every chart, customers and forecast | ${median(fulls)} ms |`);
  console.log(`| charts in the worker (12 month-end trend included) | ${median(chartTimes)} ms |`);
  console.log(`| forecast and backtest in the worker | ${median(forecasts)} ms |`);
  console.log(`| selection change -> charts redrawn | ${median(chartSelections)} ms |`);
  console.log(`| customers table: a page turned (slowest of 5) | ${median(pageTurns)} ms |`);
  console.log(`| customers table: longest main-thread task while paging (target: under 50 ms) | ${median(longTasks).toFixed(0)} ms |`);
  console.log(`| worker memory after the import, 1,000,000 invoices | ${(median(memories) / 1e6).toFixed(0)} MB (${(median(memories) / (mb * 1e6)).toFixed(2)}x the file) |`);
  if (big) {
    console.log(`| 10,000,000 invoices (${big.mb.toFixed(0)} MB): figures shown (target: within 3x the read) | ${big.wall} ms = ${(big.wall / big.readOnly).toFixed(1)}x the read (${big.readOnly.toFixed(0)} ms) |`);
    console.log(`| worker memory after the import, 10,000,000 invoices (target: under 1.5x the file) | ${(big.memory / 1e6).toFixed(0)} MB (${(big.memory / (big.mb * 1e6)).toFixed(2)}x) |`);
  }
  // Where the time goes, in the run whose wall time is the median.
  const mid = stages.find((x) => x.wall === median(walls)) ?? stages[0];
  if (mid) {
    console.log('');
    console.log('| where the time goes (1,000,000 invoices, the median run) | ms |');
    console.log('|---|---|');
    console.log(`| waiting for this worker's slices of the file | ${mid.read} |`);
    console.log(`| this worker's part read (from the file handed over) | ${mid.own} |`);
    console.log(`| each helper's part received (from the file handed over) | ${mid.parts || '(none)'} |`);
    console.log(`| waiting for the helpers after its own part | ${mid.wait} |`);
    console.log(`| joining the helpers' rows | ${mid.join} |`);
    console.log(`| end of the import (invoice lines merged, duplicate ids) | ${mid.finish} |`);
    console.log(`| the engine's first look (dates, currencies, filter values) | ${mid.engine} |`);
    console.log(`| the answer reaching the page and the summary shown | ${mid.arrive} |`);
    console.log(`| the figures computed in the worker | ${mid.compute} |`);
    console.log(`| the figures' answer -> figures painted (target: under 50 ms) | ${mid.paint} |`);
    console.log(`| file chosen -> figures shown | ${mid.wall} |`);
  }
  }
  console.log('');
  console.log('| download and first use of the app and the widget | |');
  console.log('|---|---|');
  console.log(`| widget, gzipped (target: at most 80 KB) | ${widgetKb.toFixed(1)} KB |`);
  console.log(`| the page's wasm, gzip -9 (target: at most 450 KB) | ${pageWasmGz.toFixed(1)} KB (${pageWasmRaw.toFixed(1)} KB raw) |`);
  if (firstVisitGzip) {
    console.log(`| first visit to the Analyse page, interactive, 20 Mbit/s, gzipped as a host serves it (target: within 1.5 s) | ${firstVisitGzip[2].toFixed(0)} ms |`);
    console.log(`| the same, files uncompressed (as the tests' server sends them) | ${firstVisitPlain[2].toFixed(0)} ms |`);
  }
  console.log(`| widget, first slider usable (target: within 300 ms) | ${widgetMs.toFixed(0)} ms |`);
} finally {
  await browser.close();
  server.kill();
}
