// encours' service worker: after one visit the app loads and works with no
// network. Every file of one build is kept in one cache named after the
// build's version and served from it, so a page never mixes two versions.
// A new build is installed beside the running one and waits; the page
// offers to reload, and only then does the new version take over (the old
// cache is deleted). .ci/postbuild.mjs writes this file to the site's root
// with its version and file list; it fetches nothing from any other site.
const VERSION = '__ENCOURS_VERSION__';
const FILES = __ENCOURS_FILES__;
const CACHE = `encours-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('encours-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'encours:version') event.source?.postMessage({ type: 'encours:version', version: VERSION });
  if (event.data === 'encours:update') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      // A page of the app is this version's page, whatever its query or hash.
      const scope = new URL(self.registration.scope);
      let key = request;
      if (request.mode === 'navigate') {
        const path = url.pathname.slice(scope.pathname.length);
        key = new URL(path.startsWith('widget/') ? 'widget/index.html' : 'index.html', scope).href;
      }
      const hit = await cache.match(key, { ignoreSearch: true });
      return hit ?? fetch(request);
    })(),
  );
});
