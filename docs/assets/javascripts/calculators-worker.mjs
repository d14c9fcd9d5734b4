// The Python side of the calculators, off the main thread.
//
// One dedicated worker per tab boots Pyodide from the site's own copy, installs
// the calculators wheel by URL (no micropip, no package index), and answers
// "update" messages with what calculators.web.update returns. Only strings and
// plain objects cross postMessage, so no SharedArrayBuffer or cross-origin
// isolation is needed: it works on any plain http(s) server.

let web = null;

function post(message) {
  self.postMessage(message);
}

async function boot({ indexURL, wheel }) {
  const started = performance.now();
  post({ type: "progress", step: 1, steps: 3, text: "Loading the Python runtime" });
  const { loadPyodide, version } = await import(new URL("pyodide.mjs", indexURL).href);
  const pyodide = await loadPyodide({ indexURL, fullStdLib: false });
  post({ type: "progress", step: 2, steps: 3, text: "Loading the calculators" });
  // loadPackage resolves to [] instead of throwing when the wheel is missing (e.g. a 404).
  const loaded = await pyodide.loadPackage(wheel, { messageCallback: () => {}, errorCallback: () => {} });
  if (!Array.isArray(loaded) || loaded.length === 0) {
    throw new Error(`the calculators package could not be loaded from ${wheel}`);
  }
  post({ type: "progress", step: 3, steps: 3, text: "Starting the calculators" });
  web = pyodide.pyimport("calculators.web");
  post({ type: "ready", ms: performance.now() - started, pyodide: version ?? pyodide.version });
}

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
