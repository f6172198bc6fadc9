/* newsdesk service worker: keeps the app shell and saved articles for reading offline.
   Pages are fetched from the network first (news changes); offline, a saved copy or the
   offline page is shown. Static files come from the cache first. */
"use strict";

const VERSION = "v1";
const SHELL = "newsdesk-shell-" + VERSION;
const SAVED = "newsdesk-saved";
const SHELL_URLS = [
  "/offline/",
  "/manifest.webmanifest",
  "/static/web/site.css",
  "/static/web/app.js",
  "/static/web/icon.svg",
  "/static/web/icon-192.png",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL).then((cache) => cache.addAll(SHELL_URLS)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith("newsdesk-shell-") && key !== SHELL)
          .map((key) => caches.delete(key))
      ))
      .then(() => self.clients.claim())
  );
});

function sameOrigin(url) {
  return new URL(url, self.location.href).origin === self.location.origin;
}

/* Messages from the pages: keep these URLs (saved articles, the Saved page), or forget one. */
self.addEventListener("message", (event) => {
  const data = event.data || {};
  const urls = (data.urls || []).filter(sameOrigin);
  let work = Promise.resolve();
  if (data.type === "keep") {
    work = caches.open(SAVED).then((cache) => Promise.all(urls.map((url) =>
      fetch(url, { credentials: "same-origin" }).then((response) => {
        if (response.ok) {
          return cache.put(url, response);
        }
        return undefined;
      }).catch(() => undefined)
    )));
  } else if (data.type === "forget") {
    work = caches.open(SAVED).then((cache) => Promise.all(urls.map((url) => cache.delete(url))));
  }
  event.waitUntil(work.then(() => {
    if (event.source) {
      event.source.postMessage({ type: data.type + "-done", urls: urls });
    }
  }));
});

async function fromNetworkFirst(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const saved = await caches.match(request, { ignoreSearch: true });
    if (saved) {
      return saved;
    }
    const offline = await caches.match("/offline/");
    return offline || Response.error();
  }
}

async function fromCacheFirst(request) {
  const cached = await caches.match(request);
  if (cached) {
    return cached;
  }
  return fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !sameOrigin(request.url)) {
    return;
  }
  const url = new URL(request.url);
  if (request.mode === "navigate") {
    event.respondWith(fromNetworkFirst(request));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(fromCacheFirst(request));
  }
});
