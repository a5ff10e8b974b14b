// After `trunk build` (the app into dist/, the widget into dist/widget/):
// 1. fills in the Content-Security-Policy of each page with the hashes of
//    Trunk's inline loader scripts (the only inline scripts);
// 2. writes dist/_headers, the same policy as HTTP headers for static
//    hosts that read that file (tests/serve.mjs does), which also covers
//    the analysis worker's scripts;
// 3. writes dist/sw.js, the service worker, with this build's version and
//    the list of its files, so that the app works offline after one visit.
// Usage: node .ci/postbuild.mjs [dist]
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const dist = process.argv[2] || 'dist';
const pages = [join(dist, 'index.html'), join(dist, 'widget', 'index.html')];
const PLACEHOLDER = 'INLINE-SCRIPT-HASHES';

const hashes = new Set();
for (const page of pages) {
  for (const [, body] of readFileSync(page, 'utf8').matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
    hashes.add(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
}
if (hashes.size === 0) throw new Error('no inline loader script found: has Trunk changed?');
const sources = [...hashes].sort().join(' ');
let policy = null;
for (const page of pages) {
  const html = readFileSync(page, 'utf8');
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/);
  if (!meta) throw new Error(`${page} has no Content-Security-Policy`);
  const filled = meta[1].replace(PLACEHOLDER, sources);
  if (filled === meta[1] && !meta[1].includes("'sha256-")) throw new Error(`${page}: no ${PLACEHOLDER} to fill`);
  policy ??= filled;
  writeFileSync(page, html.replace(meta[1], filled));
}

writeFileSync(
  join(dist, '_headers'),
  `/*\n  Content-Security-Policy: ${policy}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n`,
);

// Every file of the build (the service worker itself and the host files
// aside), by path from the site's root; the version is their content's hash.
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else files.push(path);
  }
};
walk(dist);
const kept = files.map((f) => relative(dist, f).split('\\').join('/')).filter((f) => !['sw.js', '_headers', 'public/sw.js'].includes(f));
const version = createHash('sha256');
for (const f of kept) version.update(f).update(readFileSync(join(dist, f)));
const sw = readFileSync(join(dist, 'public', 'sw.js'), 'utf8')
  .replace('__ENCOURS_VERSION__', version.digest('hex').slice(0, 16))
  .replace('__ENCOURS_FILES__', JSON.stringify(kept));
writeFileSync(join(dist, 'sw.js'), sw);
console.log(`postbuild: ${hashes.size} inline script hashes in the policy, ${kept.length} files in the offline cache`);
