// Keeps the guide for offline reading after one visit.
//
// Registers the site's service worker, sw.js at the site's root (written by the finishing step
// with Workbox: see sitebuild/serviceworker.py), wherever the site is served, with the site's root
// as its scope. Only where the browser allows a service worker: https, or http on localhost. On
// plain http elsewhere (an intranet host) and from file:// nothing is registered and nothing changes.
//
// It never holds up the page: it registers once the page has loaded and, on a page with a
// calculator, once Python has started (or failed), so that the download of the guide's pages
// never competes with the runtime's.
//
// One build at a time: a new build installs in the background and waits, while the pages open in
// the browser keep being served by the build they came from. It takes over at the next page load
// (the worker does that: see sitebuild/serviceworker.mjs); every page of the guide still open then
// reloads from the new build, so none mixes the two.
(function () {
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !window.isSecureContext) return;
  if (location.protocol !== "https:" && location.protocol !== "http:") return;
  var sw = navigator.serviceWorker;
  var root = new URL("../../", script.src); // this file is assets/javascripts/sw-register.js
  // The hand-over page's second try comes with a mark in the address (see sitebuild/serviceworker.mjs):
  // the reader need not see it, nor share it.
  var here = new URL(location.href);
  if (here.searchParams.has("walkaway-handover")) {
    here.searchParams.delete("walkaway-handover");
    history.replaceState(history.state, "", here.href);
  }
  var worker = new URL("sw.js", root).href;
  var controlled = !!sw.controller;

  sw.addEventListener("controllerchange", function () {
    if (controlled) {
      location.reload(); // a new build took over: this page comes from the old one
      return;
    }
    controlled = true; // the first install claimed this page
    keepRuntime();
  });

  // Python started on this page: have the worker keep everything it needs offline. On a first visit,
  // Python started before the worker was there, so nothing it fetched went through the worker.
  function keepRuntime() {
    afterPython(function () {
      var runtime = window.walkawayRuntime;
      if (runtime && runtime.boots > 0 && sw.controller) sw.controller.postMessage({ type: "WALKAWAY_KEEP_RUNTIME" });
    });
  }

  function afterPython(then) {
    var waited = 0;
    (function check() {
      var runtime = window.walkawayRuntime;
      if (runtime && runtime.state === "loading" && waited < 120000) {
        waited += 500;
        setTimeout(check, 500);
      } else {
        then();
      }
    })();
  }

  function register() {
    sw.register(worker, { scope: root.href, updateViaCache: "none" }).then(keepRuntime, function () {
      // No sw.js at all (a preview server, a copy without the finishing step): drop a worker an
      // earlier build left here, which would otherwise keep serving that build. Offline: keep it.
      fetch(worker, { cache: "no-store" }).then(function (response) {
        if (response.status === 404) {
          sw.getRegistration(root.href).then(function (registration) {
            if (registration) registration.unregister();
          });
        }
      }, function () {});
    });
  }

  function whenLoaded(then) {
    if (document.readyState === "complete") then();
    else window.addEventListener("load", then, { once: true });
  }

  whenLoaded(function () {
    afterPython(function () {
      if ("requestIdleCallback" in window) window.requestIdleCallback(register, { timeout: 5000 });
      else setTimeout(register, 0);
    });
  });
})();
