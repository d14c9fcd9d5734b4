// The Python side of the calculators, off the main thread.
//
// One dedicated worker per tab boots Pyodide from the site's own copy and
// installs the calculators wheel (no micropip, no package index), then answers
// "update" messages with what calculators.web.update returns. Only strings and
// plain objects cross postMessage, so no SharedArrayBuffer or cross-origin
// isolation is needed: it works on any plain http(s) server.

let web = null;

function post(message) {
  self.postMessage(message);
}

function hex(buffer) {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

// The wheel is fetched while Pyodide boots, checked against the SHA-256 in its
// URL's fragment (#sha256=...), and unpacked straight into site-packages:
// faster than pyodide.loadPackage, which also resolves to [] on a 404 instead
// of failing, where a fetch says what went wrong.
async function fetchWheel(wheel) {
  const url = new URL(wheel);
  const expected = /sha256=([0-9a-f]{64})/.exec(url.hash)?.[1];
  url.hash = "";
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the calculators package could not be loaded (HTTP ${response.status})`);
  const buffer = await response.arrayBuffer();
  if (expected && self.crypto?.subtle) {
    // crypto.subtle exists only in secure contexts (https, localhost); plain http on an intranet skips the check.
    const actual = hex(await crypto.subtle.digest("SHA-256", buffer));
    if (actual !== expected) throw new Error("the calculators package is damaged (its checksum does not match)");
  }
  return buffer;
}

async function boot({ indexURL, wheel }) {
  const started = performance.now();
  const wheelBytes = fetchWheel(wheel);
  wheelBytes.catch(() => {}); // awaited below; this only silences the early rejection
  post({ type: "progress", step: 1, steps: 3, text: "Loading the Python runtime" });
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  const imported = performance.now();
  const pyodide = await loadPyodide({ indexURL });
  const loaded = performance.now();
  post({ type: "progress", step: 2, steps: 3, text: "Loading the calculators" });
  const buffer = await wheelBytes;
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(buffer, "zip", { extractDir: sitePackages });
  pyodide.runPython("import importlib; importlib.invalidate_caches()");
  post({ type: "progress", step: 3, steps: 3, text: "Starting the calculators" });
  const unpacked = performance.now();
  web = pyodide.pyimport("calculators.web");
  const end = performance.now();
  const steps = { importPyodideMs: imported - started, loadPyodideMs: loaded - imported, wheelMs: unpacked - loaded, importCalculatorsMs: end - unpacked };
  booted = true;
  post({ type: "ready", ms: end - started, pyodide: pyodide.version, steps });
}

// Some boot failures (a blocked or broken pyodide.asm.wasm) surface only as an unhandled
// rejection inside Pyodide, never rejecting loadPyodide(): report those too, or the page would wait for ever.
let booted = false;
function failBoot(reason) {
  if (!booted) post({ type: "failed", text: String((reason && reason.message) || reason || "Python could not start") });
}
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault(); // handled here: reported to the page as a failed boot
  failBoot(event.reason);
});
self.addEventListener("error", (event) => {
  event.preventDefault();
  failBoot(event.message);
});

self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "boot") {
    try {
      await boot(message);
    } catch (error) {
      post({ type: "failed", text: String((error && error.message) || error) });
    }
  } else if (message.type === "update") {
    const started = performance.now();
    let reply;
    try {
      reply = JSON.parse(web.update(message.calc, JSON.stringify(message.form), message.base));
    } catch (error) {
      reply = { ok: false, crashed: true, errors: [], html: "", text: String((error && error.message) || error) };
    }
    post({ type: "reply", id: message.id, reply, computeMs: performance.now() - started });
  }
};
