// @ts-nocheck  a classic script, in the style old browsers run; calculators/protocol.mjs types what it exports
// Starts Python as early as possible on a page with a calculator.
//
// main.html loads this small classic script in the <head> of such pages only, right after
// <meta name="walkaway-wheel">. It creates the Python worker at once (what to boot is in its URL, built by
// the one builder in calculators/protocol.mjs, imported here), and lets it start its downloads the moment
// the page's content has been parsed: main.html calls window.__walkawayEarly.start() from the end of the
// <body>, before the theme's scripts run (calculators.mjs calls it too, when it takes the worker over). By
// then the stylesheets the first paint needs have arrived (a script waits for them), so on a slow
// connection the 7 MB of runtime do not hold the first paint back, and on a fast one Python starts
// hundreds of milliseconds before the theme has finished its own start-up. Messages that arrive before
// calculators.mjs takes the worker over are kept for it.
// Starts Python as early as possible on a page with a calculator, and holds the one builder of the
// Python worker's URL.
//
// main.html loads this small classic script in the <head> of such pages only, right after
// <meta name="walkaway-wheel">. It creates the Python worker at once (what to boot is in its URL), and lets
// it start its downloads the moment the page's content has been parsed: main.html calls
// window.__walkawayEarly.start() from the end of the <body>, before the theme's scripts run (calculators.mjs
// calls it too, when it takes the worker over). By then the stylesheets the first paint needs have arrived
// (a script waits for them), so on a slow connection the 7 MB of runtime do not hold the first paint back,
// and on a fast one Python starts hundreds of milliseconds before the theme has finished its own start-up.
// Messages that arrive before calculators.mjs takes the worker over are kept for it.
//
// Everything here runs synchronously, in the <head>: a module, or anything waiting for one, would run only
// when the main thread is free, which on a busy page is after the theme's own script. So the builder of the
// worker's URL lives here, and calculators/protocol.mjs, which the modules and the worker import, imports
// this file for it (as a module this file defines the builder and does nothing else).
(function (global) {
  /**
   * The worker's URL. `siteRoot` is the site's root URL; `wheel` and `snapshot` are site paths, as the page
   * names them (with their #sha256=). The inverse is protocol.bootOptions.
   * @param {URL | string} script  calculators-worker.mjs
   * @param {URL | string} siteRoot
   * @param {{wheel: string, snapshot?: string, startOnMessage?: boolean}} what
   * @returns {URL}
   */
  function workerURL(script, siteRoot, what) {
    var url = new URL(script);
    url.searchParams.set("index", new URL("assets/pyodide/", siteRoot).href);
    url.searchParams.set("wheel", new URL(what.wheel, siteRoot).href);
    if (what.snapshot) url.searchParams.set("snapshot", new URL(what.snapshot, siteRoot).href);
    if (what.startOnMessage) url.searchParams.set("start", "message");
    return url;
  }
  // The window event calculators/runtime.mjs dispatches once Python is up ({state: "ready"}) or has failed.
  var PYTHON_EVENT = "walkaway:python";
  global.walkawayBoot = { workerURL: workerURL, PYTHON_EVENT: PYTHON_EVENT };
  if (typeof document === "undefined" || !document.currentScript) return; // imported as a module: nothing to start

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
  var early = { worker: null, messages: [], errors: [], at: performance.now(), started: false, start: start };
  window.__walkawayEarly = early;

  // Once: the worker was made with ?start=message and waits for this.
  function start() {
    if (early.started || !early.worker) return;
    early.started = true;
    early.startAt = performance.now();
    early.worker.postMessage({ type: "start" });
  }

  var held = []; // the theme's search worker, waiting (see holdSearchIndex)
  var released = false;
  holdSearchIndex();

  window.addEventListener(PYTHON_EVENT, releaseSearchIndex);
  try {
    var url = workerURL(new URL("calculators-worker.mjs", here), new URL("../../", here), {
      wheel: meta.content,
      snapshot: snapshot ? snapshot.content : "",
      startOnMessage: true,
    });
    var worker = new Worker(url, { type: "module" }); // loads at once; downloads wait for start()
    worker.onmessage = function (event) { early.messages.push(event); };
    worker.onerror = function (event) { early.errors.push(event); };
    early.worker = worker;
  } catch (e) {
    releaseSearchIndex();
    window.__walkawayEarly = null; // calculators.mjs will try again, and report the failure
  }

  // The theme builds its search index in a worker of its own the moment its script runs: about 0.4 s of a
  // core on a small machine, measured, taken from Python's start on two cores. On this page the index waits
  // until Python is up (or has failed), or until the reader turns to search, or 15 s at most; it is then
  // built as before. Only the worker the theme makes while its script first runs is held: the constructor
  // is the browser's own again once the page is parsed.
  function holdSearchIndex() {
    var NativeWorker = window.Worker;
    function Held(url, options) {
      var target = new EventTarget();
      var queue = [];
      var worker = null;
      target.postMessage = function (message) {
        if (worker) worker.postMessage(message);
        else queue.push(message);
      };
      target.terminate = function () {
        queue = [];
        if (worker) worker.terminate();
        else worker = { postMessage: function () {}, terminate: function () {} };
      };
      var make = function () {
        if (worker) return; // terminated already
        worker = new NativeWorker(url, options);
        // Both ways a theme listens: addEventListener (Material) and the on... properties (Zensical).
        function relay(type, make) {
          worker["on" + type] = function (event) {
            var copy = make(event);
            target.dispatchEvent(copy);
            if (typeof target["on" + type] === "function") target["on" + type](copy);
          };
        }
        relay("message", function (event) { return new MessageEvent("message", { data: event.data }); });
        relay("messageerror", function () { return new MessageEvent("messageerror"); });
        relay("error", function () { return new Event("error"); });
        for (var i = 0; i < queue.length; i++) worker.postMessage(queue[i]);
        queue = [];
      };
      if (released) make();
      else held.push(make);
      return target;
    }
    window.Worker = function (url, options) {
      return /\/workers\/search\.[^/]*\.js$/.test(String(url)) ? Held(url, options) : new NativeWorker(url, options);
    };
    window.Worker.prototype = NativeWorker.prototype;
    document.addEventListener("DOMContentLoaded", function () { window.Worker = NativeWorker; });
    // The reader turns to search: Material's search box, or Zensical's search button and dialog.
    function turned(event) {
      if (event.target instanceof Element && event.target.closest('[class*="md-search"]')) releaseSearchIndex();
    }
    document.addEventListener("focusin", turned, true);
    document.addEventListener("click", turned, true);
    setTimeout(releaseSearchIndex, 15000);
  }
  function releaseSearchIndex() {
    released = true;
    var waiting = held;
    held = [];
    for (var i = 0; i < waiting.length; i++) waiting[i]();
  }
})(globalThis);
