// The field page's shell for a phone that opens /m/ with no connection: network first (so a
// new version is taken whenever there is a connection), the last copy when there is none.
// Only GETs of /m/'s own files; the API, uploads and QR codes pass through untouched.
const CACHE = 'sf-field-shell-1';
const SHELL = ['./', 'index.html', 'app.js', 'api.js', 'check.js', 'forms.js', 'i18n.js', 'queue.js',
  'queue_view.js', 'report.js', 'ui.js', 'style.css'];

self.addEventListener('install', event => {
  event.waitUntil(caches.open(CACHE).then(cache => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
  event.waitUntil(caches.keys()
    .then(names => Promise.all(names.filter(name => name !== CACHE).map(name => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', event => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith('/m/')
      || url.pathname === '/m/qr.svg') return;
  event.respondWith(fetch(event.request)
    .then(response => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then(cache => cache.put(event.request, copy));
      }
      return response;
    })
    .catch(() => caches.match(event.request, { ignoreSearch: true })
      .then(kept => kept || Response.error())));
});
