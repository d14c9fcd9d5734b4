// Writes the finished site's service worker with Workbox (npm workbox-build), run by serviceworker.py:
//
//   node serviceworker.mjs SITE_DIR RUNTIME_JSON
//
// RUNTIME_JSON names the Python runtime's files (site path -> the SHA-256 digests it may arrive with).
// Two files are written at the site's root, so that the worker's scope is the whole site wherever it
// is served:
//
// - sw.js, made by Workbox's generateSW with its runtime inlined (no importScripts from a CDN, nor a
//   second Workbox file): the pages and small assets are precached under their revisions the moment
//   the worker installs, and the runtime files are cached the first time a calculator asks for them
//   (cache first). A new build is a new sw.js; it installs next to the old one and waits. The next
//   page load is where it takes over (see "hand-over" below), and then every open page reloads, so no
//   page ever mixes two builds.
// - sw-runtime.<hash>.js, imported by sw.js: this build's runtime files and their digests, which make
//   the runtime cache's keys (a new Pyodide at the same URL is a new key), a check that only those
//   exact bytes are kept, the page's "keep the runtime" request (a first visit's calculator started
//   before the worker was there), and the removal of an older build's runtime files.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateSW } from "workbox-build";

const [site, runtimeJson] = process.argv.slice(2);
if (!site || !runtimeJson) {
  console.error("usage: node serviceworker.mjs SITE_DIR RUNTIME_JSON");
  process.exit(2);
}
const runtime = JSON.parse(readFileSync(runtimeJson, "utf-8"));

// Runs inside the service worker (this function's source is written out, with the build's data).
function walkawayRuntime(files, keep) {
  // The blank page of the hand-over (below): no request of its own (not even a favicon), a line of text
  // for the moment it shows, and a reload once the new build is in charge. After three seconds without it,
  // the page is opened again marked with HANDOVER_MARK, which this worker never answers with the blank page:
  // the browser tries the hand-over again at that page load, and if it fails again the reader gets the page
  // from this build, never a loop of blank pages (sw-register.js takes the mark off the address).
  const HANDOVER_MARK = "walkaway-handover";
  const HANDOVER_PAGE =
    '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width">' +
    '<link rel="icon" href="data:,"><title>Updating the guide</title><p role="status">Updating the guide\u2026</p>' +
    "<script>(function () { var done = false;" +
    " function go(again) { if (done) return; done = true; if (!again) return location.reload();" +
    ` var url = new URL(location.href); url.searchParams.set("${HANDOVER_MARK}", "1"); location.replace(url.href); }` +
    ' navigator.serviceWorker.addEventListener("controllerchange", function () { go(false); });' +
    " setTimeout(function () { go(true); }, 3000); })();</script>";
  const scope = new URL(self.registration.scope);
  // Workbox's own name for the runtime cache (cacheId "walkaway"): one per scope, as its precache.
  const cacheName = `walkaway-runtime-${self.registration.scope}`;
  const pathOf = (url) => (url.origin === scope.origin && url.pathname.startsWith(scope.pathname) ? url.pathname.slice(scope.pathname.length) : null);
  const key = (url) => {
    const path = pathOf(new URL(url));
    return path in files ? `${new URL(path, scope).href}?__walkaway_revision=${files[path][0]}` : null;
  };
  const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
  async function exact(response, path) {
    if (!response || response.status !== 200) return false;
    const digest = hex(await crypto.subtle.digest("SHA-256", await response.clone().arrayBuffer()));
    return files[path].includes(digest);
  }
  async function fetchExact(path) {
    const url = new URL(path, scope).href;
    // The copy the calculator just used is usually in the HTTP cache, whatever its age: no second download.
    // If that copy is another build's, ask the server.
    for (const cache of ["force-cache", "reload"]) {
      const response = await fetch(url, { cache });
      if (await exact(response, path)) return response;
    }
    return null;
  }
  // What the calculators' worker is fetching through the cache right now: the keeping below waits for
  // it rather than download the same file twice.
  const inflight = new Map();
  let keeping = null;
  async function keepRuntime() {
    const cache = await caches.open(cacheName);
    for (const path of keep) {
      await inflight.get(path);
      if (await cache.match(key(new URL(path, scope)))) continue;
      const response = await fetchExact(path);
      if (response) await cache.put(key(new URL(path, scope)), response);
    }
  }
  function keepAll() {
    keeping = keeping || keepRuntime().catch(() => {}).finally(() => (keeping = null));
    return keeping;
  }
  async function dropOtherBuilds() {
    const cache = await caches.open(cacheName);
    const wanted = new Set(Object.keys(files).map((path) => key(new URL(path, scope))));
    for (const request of await cache.keys()) if (!wanted.has(request.url)) await cache.delete(request);
  }
  self.walkaway = {
    isRuntime: (url) => pathOf(url) in files,
    // Workbox plugin: the cache key carries the file's revision; only this build's exact bytes are kept.
    plugin: {
      cacheKeyWillBeUsed: async ({ request }) => key(request.url) || request,
      // The calculators' worker reads what to boot from its own URL's query: answered from the cache with the
      // cached response's URL (no query), it would not boot. A response without a URL takes the request's.
      cachedResponseWillBeUsed: async ({ cachedResponse }) =>
        cachedResponse && new Response(cachedResponse.body, { status: cachedResponse.status, statusText: cachedResponse.statusText, headers: cachedResponse.headers }),
      cacheWillUpdate: async ({ request, response }) => ((await exact(response, pathOf(new URL(request.url)))) ? response : null),
      handlerWillStart: async ({ request }) => {
        const path = pathOf(new URL(request.url));
        let done;
        const finished = new Promise((resolve) => (done = resolve));
        finished.done = done;
        if (!inflight.has(path)) inflight.set(path, finished);
      },
      handlerDidComplete: async ({ request, event }) => {
        const path = pathOf(new URL(request.url));
        const finished = inflight.get(path);
        inflight.delete(path);
        if (finished) finished.done();
        // The snapshot comes last: then the rest a calculator may need offline (the wheel, for the normal boot).
        if (path.startsWith("assets/snapshots/")) {
          try {
            event.waitUntil(keepAll());
          } catch {
            keepAll();
          }
        }
      },
    },
  };
  self.addEventListener("message", (event) => {
    if (event.data && event.data.type === "WALKAWAY_KEEP_RUNTIME") event.waitUntil(keepAll());
  });

  // Hand-over. A new build waits while this one serves. When a page of the guide is next opened, this
  // worker answers that navigation with a blank page that reloads itself once the new build is in
  // charge, and asks the new build to take over. Chromium lets the new build take over only once this
  // worker has no event left to handle; a page asking for it while it loads (its styles, scripts and
  // images all come through this worker) now and then left the new build waiting for minutes. The
  // blank page asks for nothing. Its second try, and any navigation within half a minute of it, is served
  // by whichever build is then in charge, as usual, so a hand-over that does not happen never holds a
  // reader up for more than the blank page's three seconds.
  let handedOver = 0;
  self.addEventListener("fetch", (event) => {
    const { request } = event;
    const waiting = self.registration.waiting;
    if (request.mode !== "navigate" || request.destination !== "document" || request.method !== "GET" || !waiting) return;
    // A page of the guide, not a file it links to (the download, the PDF): a download answered with this
    // page would leave the tab on it.
    const url = new URL(request.url);
    if (!/(?:\/|\.html)$/.test(url.pathname) || url.searchParams.has(HANDOVER_MARK)) return;
    if (Date.now() - handedOver < 30000) return;
    handedOver = Date.now();
    waiting.postMessage({ type: "SKIP_WAITING" });
    event.respondWith(
      new Response(HANDOVER_PAGE, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } }),
    );
    event.stopImmediatePropagation(); // Workbox's own fetch listener comes after this one
  });
  self.addEventListener("activate", (event) => event.waitUntil(dropOtherBuilds().catch(() => {})));
}

const keep = Object.keys(runtime.files).filter((path) => runtime.keep.includes(path));
const extra = `(${walkawayRuntime})(${JSON.stringify(runtime.files)}, ${JSON.stringify(keep)});\n`;
const extraName = `sw-runtime.${createHash("sha256").update(extra).digest("hex").slice(0, 12)}.js`;
writeFileSync(join(site, extraName), "// The calculators' runtime files of this build: see sw.js.\n" + extra);

const { count, size, warnings } = await generateSW({
  globDirectory: site,
  globPatterns: ["**/*.{html,css,js,mjs,json,xml,woff2,png,svg,ico,webmanifest}"],
  globIgnores: [
    "assets/pyodide/**",
    "assets/snapshots/**",
    "assets/wheels/**",
    "assets/javascripts/calculators-worker.mjs",
    // Lunr's language packs: the search worker loads one only for a language other than English.
    "assets/javascripts/lunr/**",
    "**/*.map",
    "404.html",
    "sw.js",
    "sw-runtime.*.js",
  ],
  swDest: join(site, "sw.js"),
  cacheId: "walkaway",
  inlineWorkboxRuntime: true,
  mode: "production",
  sourcemap: false,
  disableDevLogs: true,
  skipWaiting: false,
  clientsClaim: true,
  cleanupOutdatedCaches: true,
  directoryIndex: "index.html",
  // No page varies by its query string.
  ignoreURLParametersMatching: [/.*/],
  // Material's hashed bundles need no revision of their own.
  dontCacheBustURLsMatching: /\.[0-9a-f]{8}\.min\.(?:js|css)$/,
  maximumFileSizeToCacheInBytes: 2 * 1024 * 1024,
  importScripts: [extraName],
  runtimeCaching: [
    {
      urlPattern: ({ url }) => self.walkaway.isRuntime(url),
      handler: "CacheFirst",
      options: {
        plugins: [
          {
            cacheKeyWillBeUsed: (p) => self.walkaway.plugin.cacheKeyWillBeUsed(p),
            cacheWillUpdate: (p) => self.walkaway.plugin.cacheWillUpdate(p),
            cachedResponseWillBeUsed: (p) => self.walkaway.plugin.cachedResponseWillBeUsed(p),
            handlerWillStart: (p) => self.walkaway.plugin.handlerWillStart(p),
            handlerDidComplete: (p) => self.walkaway.plugin.handlerDidComplete(p),
          },
        ],
      },
    },
  ],
});
if (warnings.length) {
  // A page or asset left out (too large, say) would be missing offline: refuse, naming it.
  console.error(warnings.join("\n"));
  process.exit(1);
}
console.log(JSON.stringify({ count, size, imported: extraName }));
