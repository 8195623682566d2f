/* Service worker of the grid worker pages (served at /grid/sw.js, scope /grid/).
 * - static assets: cache first;
 * - /grid/ pages: network first, the last good copy when offline (the visit form keeps working);
 * - POSTs are never intercepted: the page keeps unsent visits in IndexedDB (visit.js) and a
 *   background sync only asks open pages to send them. */
"use strict";
const CACHE = "grid-v1";
const ASSETS = __ASSETS__;
const VISIT_PAGE = "__VISIT_PAGE__";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(
    ASSETS.concat([VISIT_PAGE]).map((url) =>
      fetch(url, { credentials: "same-origin" }).then((response) => {
        if (response.ok && !response.redirected) return cache.put(url, response);
        return null;
      }).catch(() => null))
  )).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(
    keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))
  )).then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (ASSETS.includes(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((hit) => hit || fetch(request)));
    return;
  }
  if (request.mode === "navigate" && url.pathname.startsWith("/grid/")) {
    event.respondWith(fetch(request).then((response) => {
      if (response.ok && !response.redirected) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(url.pathname, copy));
      }
      return response;
    }).catch(() => caches.match(url.pathname).then((hit) => hit || caches.match(VISIT_PAGE))
      .then((hit) => hit || new Response("离线：请联网后重试。", { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } }))));
  }
});

self.addEventListener("sync", (event) => {
  if (event.tag !== "visit-drafts") return;
  event.waitUntil(self.clients.matchAll({ type: "window" }).then((clients) => {
    clients.forEach((client) => client.postMessage({ type: "flush-drafts" }));
  }));
});
