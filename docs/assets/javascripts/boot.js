// Starts Python as early as possible on a page with a calculator.
//
// main.html loads this small classic script in the <head> of such pages only,
// right after <meta name="walkaway-wheel">. It creates the Python worker at
// once (what to boot is in its URL), and lets it start its downloads the moment
// the page has first painted: on a slow connection the 7 MB of runtime would
// otherwise share the line with the page's own stylesheets and hold back its
// first paint, and on a fast one the page paints within a few hundred
// milliseconds anyway. Messages that arrive before calculators.mjs takes the
// worker over are kept for it.
(function () {
  var meta = document.querySelector('meta[name="walkaway-wheel"]');
  var snapshot = document.querySelector('meta[name="walkaway-snapshot"]');
  var script = document.currentScript;
  if (location.protocol === "file:") {
    // Browsers will not run Pyodide (or any module script) from a file: say so, once per calculator.
    document.addEventListener("DOMContentLoaded", function () {
      var statuses = document.querySelectorAll(".calc .calc-status");
      for (var i = 0; i < statuses.length; i++) {
        statuses[i].textContent =
          "Live calculation needs the site to be served over http(s), not opened as a file; " +
          "the results below were computed when the page was built.";
        statuses[i].setAttribute("data-state", "file");
        statuses[i].parentNode.setAttribute("data-state", "file");
      }
    });
    return;
  }
  if (!meta || !script || window.__walkawayEarly || typeof Worker === "undefined") return;
  var here = new URL(".", script.src); // assets/javascripts/
  var root = new URL("../../", here);
  var url = new URL("calculators-worker.mjs", here);
  url.searchParams.set("index", new URL("assets/pyodide/", root).href);
  url.searchParams.set("wheel", new URL(meta.content, root).href);
  if (snapshot && snapshot.content) url.searchParams.set("snapshot", new URL(snapshot.content, root).href);
  url.searchParams.set("start", "message"); // see go() below
  try {
    var worker = new Worker(url, { type: "module" }); // boots at once: see calculators-worker.mjs
  } catch (e) {
    return; // calculators.mjs will try again, and report the failure
  }
  var early = { worker: worker, messages: [], errors: [] };
  worker.onmessage = function (event) { early.messages.push(event); };
  worker.onerror = function (event) { early.errors.push(event); };
  early.at = performance.now();
  window.__walkawayEarly = early;

  // The first contentful paint, or the load event where no paint is reported (a hidden tab), whichever is first.
  var started = false;
  function go() {
    if (started) return;
    started = true;
    early.startAt = performance.now();
    worker.postMessage({ type: "start" });
  }
  try {
    new PerformanceObserver(function (list, observer) {
      if (list.getEntriesByName("first-contentful-paint").length) {
        observer.disconnect();
        go();
      }
    }).observe({ type: "paint", buffered: true });
  } catch (e) {
    // no paint timing: the load event below
  }
  window.addEventListener("load", go);
})();
