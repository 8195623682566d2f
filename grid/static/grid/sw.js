/* Service worker of the grid worker pages (served at /grid/sw.js, scope /grid/).
 * - static assets (the grid pages' styles and scripts): cache first;
 * - /grid/ pages: network first; offline, the copy of exactly that URL (path and query string:
 *   /grid/visits/new/?household=7 is not ?household=9), never another page's;
 * - the visit form for a household never opened online: the plain visit form, whose script picks
 *   the household from the query string out of the worker's household list, or says plainly that
 *   the phone does not hold it; any other page never opened online: an offline notice;
 * - the plain visit form (with the worker's households) is refreshed whenever the due list loads;
 * - a page that redirects while nobody is logged in any more means the session ended: the cache is emptied;
 * - POSTs are never intercepted: the page keeps unsent visits in IndexedDB (visit.js) and a
 *   background sync only asks open pages to send them. */
"use strict";
const CACHE = "grid-v2";
const ASSETS = __ASSETS__;
const VISIT_PAGE = "__VISIT_PAGE__";
const DUE_PAGE = "__DUE_PAGE__";
const WHOAMI = "__WHOAMI__";
const OFFLINE_PAGE = "<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\">" +
  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>离线</title>" +
  "<body style=\"font: 18px/1.6 sans-serif; margin: 1.5rem\"><h1 style=\"font-size: 1.4rem\">没有网络</h1>" +
  "<p>这个页面没有在手机上保存过，离线时打不开。请联网后再打开一次。</p>" +
  "<p><a href=\"" + DUE_PAGE + "\">待走访名单</a> · <a href=\"" + VISIT_PAGE + "\">记走访</a></p></body></html>";

function cacheKey(url) { return url.pathname + url.search; }

function remember(key, response) {
  if (!response.ok || response.redirected) return Promise.resolve();
  return caches.open(CACHE).then((cache) => cache.put(key, response));
}

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
  if (request.mode !== "navigate" || !url.pathname.startsWith("/grid/")) return;
  const key = cacheKey(url);
  event.respondWith(fetch(request).then((response) => {
    if (response.type === "opaqueredirect" || response.redirected) {
      // A grid page redirects when the session ended (to the login page). A navigation's redirect is
      // opaque to the worker, so ask the API who is logged in; nobody: drop the pages kept on the phone.
      event.waitUntil(fetch(WHOAMI, { credentials: "same-origin" }).then((answer) => {
        if (answer.status === 401 || answer.status === 403) return caches.delete(CACHE);
        return null;
      }).catch(() => null));
      return response;
    }
    event.waitUntil(remember(key, response.clone()));
    if (url.pathname === DUE_PAGE && response.ok) {
      // The day starts at the due list: refresh the plain visit form and its household list with it.
      event.waitUntil(fetch(VISIT_PAGE, { credentials: "same-origin" })
        .then((page) => remember(VISIT_PAGE, page)).catch(() => null));
    }
    return response;
  }).catch(() => caches.match(key).then((hit) => {
    if (hit) return hit;
    if (url.pathname === VISIT_PAGE) return caches.match(VISIT_PAGE);
    return null;
  }).then((hit) => hit || new Response(OFFLINE_PAGE, {
    status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } }))));
});

self.addEventListener("sync", (event) => {
  if (event.tag !== "visit-drafts") return;
  event.waitUntil(self.clients.matchAll({ type: "window" }).then((clients) => {
    clients.forEach((client) => client.postMessage({ type: "flush-drafts" }));
  }));
});
