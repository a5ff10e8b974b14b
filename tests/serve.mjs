// A static file server for the end-to-end tests: serves a folder on
// 127.0.0.1 only, with the MIME types a wasm app needs and, as static hosts
// do, the headers its `_headers` file gives (Netlify / Cloudflare Pages
// format: a path pattern, then indented "Name: value" lines).
// Usage: node tests/serve.mjs DIR PORT [HOST]
// With SERVE_GZIP=1 it also compresses text and wasm (gzip -9) for a
// client that accepts it, as static hosts do (`make bench` measures a
// first visit both ways); the tests' server sends files as they are.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const [dir = 'dist', port = '8090', host = '127.0.0.1'] = process.argv.slice(2);
const root = resolve(dir);
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

// [pattern, headers] rules from DIR/_headers; "*" matches any characters.
const rules = [];
try {
  let current = null;
  for (const line of readFileSync(join(root, '_headers'), 'utf8').split(/\r?\n/)) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const re = new RegExp(`^${line.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      current = [re, {}];
      rules.push(current);
    } else if (current) {
      const at = line.indexOf(':');
      current[1][line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
    }
  }
} catch {
  // No _headers: none added.
}
const gzip = process.env.SERVE_GZIP === '1';
const compressible = new Set(['.html', '.js', '.mjs', '.wasm', '.css', '.svg', '.json', '.webmanifest', '.csv']);
/** Compressed bodies by path and modification time: compressed once, as a host stores them. */
const compressed = new Map();

const headersFor = (pathname) => Object.assign({}, ...rules.filter(([re]) => re.test(pathname)).map(([, h]) => h));

createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://x');
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!path.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if ((await stat(path).catch(() => null))?.isDirectory()) path = join(path, 'index.html');
    let body = await readFile(path);
    const headers = {
      ...headersFor(url.pathname),
      'content-type': types[extname(path)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    };
    if (gzip && compressible.has(extname(path)) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
      const key = `${path} ${(await stat(path)).mtimeMs}`;
      if (!compressed.has(key)) compressed.set(key, gzipSync(body, { level: 9 }));
      body = compressed.get(key);
      headers['content-encoding'] = 'gzip';
      headers.vary = 'Accept-Encoding';
    }
    res.writeHead(200, headers);
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
}).listen(Number(port), host, () => console.log(`serving ${root} on http://${host}:${port}/`));
