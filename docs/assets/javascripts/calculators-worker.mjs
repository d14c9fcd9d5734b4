// The Python side of the calculators, off the main thread.
//
// One dedicated worker per tab boots Pyodide from the site's own copy, then
// answers "update" messages with what calculators.web.update returns. It boots
// from the memory snapshot made at build time (Python with the calculators
// already imported) and, if that cannot be used for any reason, falls back to a
// normal boot that installs the calculators wheel (no micropip, no package
// index). Only strings and plain objects cross postMessage, so no
// SharedArrayBuffer or cross-origin isolation is needed: it works on any plain
// http(s) server. The messages both ways, and this worker's URL, are defined once, in
// calculators/protocol.mjs, which the page's side imports too.

// @ts-check

import { bootOptions, expectedDigest, messageOf } from "./calculators/protocol.mjs";
import { expandSnapshot, undoDelta } from "./calculators/sparse-snapshot.mjs";

/** @typedef {import("./calculators/protocol.mjs").FromWorker} FromWorker */
/** @typedef {import("./calculators/protocol.mjs").ToWorker} ToWorker */
/** @typedef {import("./calculators/protocol.mjs").BootOptions} BootOptions */
/** @typedef {import("./calculators/protocol.mjs").Reply} Reply */
/** @typedef {import("pyodide").PyodideAPI} PyodideAPI */
/** @typedef {typeof import("pyodide").loadPyodide} LoadPyodide */
/** @typedef {{update: (calc: string, form: string, base: string) => string}} Web  calculators.web, as a proxy */
/** @typedef {NonNullable<Parameters<LoadPyodide>[0]> & {_loadSnapshot?: Promise<Uint8Array>}} BootConfig  with Pyodide's private snapshot option */
/** @typedef {BootConfig["createPyodideModule"]} CreateModule  Pyodide's JavaScript, pyodide.asm.mjs */

const worker = /** @type {DedicatedWorkerGlobalScope & typeof globalThis & {walkawayFullStdlib?: () => Uint8Array | null}} */ (
  /** @type {unknown} */ (self)
);

/** @type {Web | null} */
let web = null;
/** @type {PyodideAPI | null} */
let python = null; // the interpreter, once booted

/** @param {FromWorker} message */
function post(message) {
  worker.postMessage(message);
}

/** @param {ArrayBuffer} buffer */
function hex(buffer) {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

// The one check of a download against the SHA-256 its URL names (#sha256=...). crypto.subtle exists only
// in secure contexts (https, localhost): plain http on an intranet skips the check.
/**
 * @param {ArrayBuffer} buffer
 * @param {string} expected  hex, or "" for no check
 * @param {string} failure  the error's words
 */
async function checkDigest(buffer, expected, failure) {
  if (!expected || !self.crypto?.subtle) return;
  if (hex(await crypto.subtle.digest("SHA-256", buffer)) !== expected) throw new Error(failure);
}

// The wheel is fetched while Pyodide boots, checked against the SHA-256 in its
// URL's fragment (#sha256=...), and unpacked straight into site-packages:
// faster than pyodide.loadPackage, which also resolves to [] on a 404 instead
// of failing, where a fetch says what went wrong.
/** @param {string} wheel */
async function fetchWheel(wheel) {
  const url = new URL(wheel);
  url.hash = "";
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the calculators package could not be loaded (HTTP ${response.status})`);
  const buffer = await response.arrayBuffer();
  await checkDigest(buffer, expectedDigest(wheel), "the calculators package is damaged (its checksum does not match)");
  return buffer;
}

// Reads a response body, inflating it when it is gzip (by its magic bytes, not by its name:
// a server may already have removed the compression, with Content-Encoding).
/**
 * @param {Response} response
 * @returns {Promise<ReadableStream<Uint8Array>>}
 */
async function inflated(response) {
  if (!response.body) throw new Error("an empty response");
  const reader = response.body.getReader();
  const first = await reader.read();
  const head = first.done ? new Uint8Array(0) : first.value;
  const body = new ReadableStream({
    start(controller) {
      if (head.length) controller.enqueue(head);
      if (first.done) controller.close();
    },
    async pull(controller) {
      const { value, done } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return head[0] === 0x1f && head[1] === 0x8b ? body.pipeThrough(new DecompressionStream("gzip")) : body;
}

const canInflate = typeof DecompressionStream === "function";

const fetchOriginal = self.fetch.bind(self);

// Plain static servers (python -m http.server in a classroom) do not compress, so the build writes a gzipped
// copy next to each large runtime file: pyodide.asm.wasm (9.6 MB, 3.5 MB gzipped), pyodide-lock.json and
// pyodide.asm.mjs. The copy is fetched and inflated instead; any trouble with it (missing, no
// DecompressionStream), and the original is fetched.
/**
 * @param {string} url
 * @param {string} type  the Content-Type of the inflated copy
 */
async function fetchGzipped(url, type) {
  if (canInflate) {
    try {
      const response = await fetchOriginal(url + ".gz");
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return new Response(await inflated(response), { status: 200, headers: { "Content-Type": type } });
    } catch {
      // the original below
    }
  }
  return fetchOriginal(url);
}

// Pyodide's JavaScript (1.25 MB, 0.26 MB gzipped) is a module: inflated, it is imported from a blob: URL
// (same origin; the published policy allows blob: scripts for this). If that fails (a policy without
// blob:, no DecompressionStream), the module is imported from its own URL, as Pyodide would.
/**
 * @param {string} indexURL
 * @returns {Promise<CreateModule>}
 */
async function importRuntime(indexURL) {
  const url = new URL("pyodide.asm.mjs", indexURL).href;
  if (canInflate) {
    let blobURL = null;
    try {
      const response = await fetchGzipped(url, "text/javascript");
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      blobURL = URL.createObjectURL(new Blob([await response.arrayBuffer()], { type: "text/javascript" }));
      return (await import(blobURL)).default;
    } catch {
      // the original below
    } finally {
      if (blobURL) URL.revokeObjectURL(blobURL);
    }
  }
  return (await import(url)).default;
}

// Pyodide's lock file (its package index: the calculators load no package, but Pyodide reads it as it
// starts) is fetched, gzipped, as the boot starts, rather than by loadPyodide once the snapshot is in:
// on a slow connection that round trip was the last thing between the snapshot and Python. The packages'
// base stays the site's own copy of Pyodide.
/** @typedef {{indexURL: string, packageBaseUrl: string, lockFileContents: Promise<string>}} LockFile */
/**
 * @param {string} indexURL
 * @returns {LockFile}
 */
function readLockFile(indexURL) {
  const contents = fetchGzipped(new URL("pyodide-lock.json", indexURL).href, "application/json").then((response) => {
    if (!response.ok) throw new Error(`Pyodide's lock file could not be loaded (HTTP ${response.status})`);
    return response.text();
  });
  contents.catch(() => {}); // Pyodide awaits it, and fails the boot attempt
  return { indexURL, packageBaseUrl: indexURL, lockFileContents: contents };
}

// A snapshot boot needs none of the standard library's files: every module it uses is in the snapshot's
// memory. Pyodide's request for the archive is answered here with an empty one (no download), and the
// snapshot's own finder asks for the full archive (walkawayFullStdlib, below) if an import ever misses.
const EMPTY_ZIP = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);
let emptyStdlibURL = "";

let fullStdlibURL = "";
worker.walkawayFullStdlib = function () {
  try {
    const request = new XMLHttpRequest(); // synchronous: an import cannot wait; allowed in a worker
    request.open("GET", fullStdlibURL, false);
    request.responseType = "arraybuffer";
    request.send();
    return request.status === 200 ? new Uint8Array(request.response) : null;
  } catch {
    return null;
  }
};

// The worker compiles the wasm the moment it starts, as it streams in, while the snapshot downloads
// (Pyodide itself would compile only once the snapshot is in). Pyodide's own request for the wasm is
// answered with a placeholder, and its instantiateStreaming with that compiled module.
//
// Pyodide also only logs a wasm that cannot be fetched or compiled, and then waits for ever: such a
// failure here fails the boot attempt in progress (see attempt below).
/** @param {string} indexURL */
function compileWasmEarly(indexURL) {
  const url = new URL("pyodide.asm.wasm", indexURL).href;
  emptyStdlibURL = new URL("python_stdlib.snapshot-boot.zip", indexURL).href;
  fullStdlibURL = new URL("python_stdlib.zip", indexURL).href;
  const compiled = WebAssembly.compileStreaming(fetchGzipped(url, "application/wasm"));
  compiled.catch(() => {}); // reported through the boot attempt that uses it
  const placeholders = new WeakSet();
  self.fetch = (resource, options) => {
    const asked = String(resource instanceof Request ? resource.url : resource);
    if (asked === emptyStdlibURL) return Promise.resolve(new Response(EMPTY_ZIP));
    if (asked !== url) return fetchOriginal(resource, options);
    const placeholder = new Response(null);
    placeholders.add(placeholder);
    return Promise.resolve(placeholder);
  };
  const instantiateStreaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = function (source, imports) {
    const fail = failAttempt; // the attempt this instantiation belongs to
    const result = Promise.resolve(source).then(async (response) => {
      /** @type {WebAssembly.WebAssemblyInstantiatedSource} */
      const instantiated = placeholders.has(response)
        ? { module: await compiled, instance: await WebAssembly.instantiate(await compiled, imports) }
        : await instantiateStreaming.call(WebAssembly, response, imports);
      fitMemory(instantiated.instance);
      return instantiated;
    });
    result.catch((error) => fail && fail(error));
    return result;
  };
}

// Pyodide 314 restores a snapshot by copying its heap over the wasm memory as instantiated: 480 pages
// (30 MiB), compiled into the wasm, whatever the snapshot's size (pyodide/pyodide#6254). A snapshot
// whose heap is larger throws a RangeError there, and the boot would fall back. So, between
// instantiation and restore, the memory is grown to the snapshot's heap, as Cloudflare's workerd does
// (src/pyodide/internal/snapshot.ts); Emscripten makes its views of the memory right after this.
// Pyodide instantiates through instantiateStreaming in browsers (see compileWasmEarly).
let snapshotHeap = 0; // bytes; set by the snapshot attempt, once the snapshot is read
/** @type {import("./calculators/sparse-snapshot.mjs").Expanded | null} */
let snapshotDelta = null; // the snapshot, until its heap is XORed back (below)
/** @param {WebAssembly.Instance} instance */
function fitMemory(instance) {
  const memory = /** @type {WebAssembly.Memory} */ (instance.exports.memory);
  if (snapshotDelta) {
    // The build wrote the heap as its XOR with the memory as instantiated (the wasm's data segments), so that
    // what the boot did not change travels as zeros (sitebuild/snapshot.mjs). Here, right after instantiation
    // and before Pyodide restores it, the memory is that image: the XOR is undone against it.
    const base = /** @type {WebAssembly.Global | undefined} */ (instance.exports.__heap_base)?.value;
    if (typeof base !== "number") throw new Error("snapshot: the wasm exports no __heap_base");
    undoDelta(snapshotDelta, new Uint8Array(memory.buffer), base);
    snapshotDelta = null;
  }
  const short = snapshotHeap - memory.buffer.byteLength;
  if (short > 0) memory.grow(Math.ceil(short / 65536));
}

// The heap is what follows the snapshot's header, whose second 32-bit word is the heap's offset.
/** @param {Uint8Array} snapshot */
function heapOf(snapshot) {
  if (snapshot.byteLength < 8) return 0; // Pyodide refuses it anyway (no magic number)
  return snapshot.byteLength - new DataView(snapshot.buffer, snapshot.byteOffset, 8).getUint32(4, true);
}

// The memory snapshot made at build time (sitebuild/snapshot.mjs): Python with the calculators
// already imported, published without its all-zero pages (sitebuild/sparse.py), which are put back
// here (calculators/sparse-snapshot.mjs). Checked three ways before use: gzip's own CRC-32 and length; the
// SHA-256 of the inflated bytes against the one in the page (where crypto.subtle exists, i.e. secure
// contexts); and, inside loadPyodide, Pyodide's magic number and build id, so it only ever runs on
// the exact Pyodide build it was made with.
//
// loadPyodide starts only once the snapshot's response has begun: a missing snapshot (404, blocked)
// then costs one round trip, not a second download of the runtime.
/** @param {string} snapshot */
async function openSnapshot(snapshot) {
  const url = new URL(snapshot);
  const expected = expectedDigest(snapshot);
  url.hash = "";
  const response = await fetch(url);
  if (!response.ok) throw new Error(`snapshot: HTTP ${response.status}`);
  return { response, expected };
}

/** @param {{response: Response, expected: string}} opened */
async function readSnapshot({ response, expected }) {
  const buffer = await new Response(await inflated(response)).arrayBuffer();
  await checkDigest(buffer, expected, "snapshot: checksum does not match");
  return expandSnapshot(new Uint8Array(buffer));
}

// Failures Pyodide swallows fail the boot attempt in progress: the snapshot attempt then falls back to
// a normal boot, and a normal boot reports failure. Those are a wasm that cannot be fetched or compiled
// (see compileWasmEarly) and rejections it leaves unhandled (the listener below).
/** @type {((reason: unknown) => void) | null} */
let failAttempt = null;
/**
 * @param {() => Promise<PyodideAPI>} run
 * @returns {Promise<PyodideAPI>}
 */
function attempt(run) {
  return new Promise((/** @type {(value: PyodideAPI) => void} */ resolve, reject) => {
    failAttempt = reject;
    run().then(resolve, reject);
  }).finally(() => {
    failAttempt = null;
  });
}

/**
 * @param {LoadPyodide} loadPyodide
 * @param {Promise<{response: Response, expected: string}>} opening
 * @param {string} wheel
 * @param {Promise<CreateModule>} runtimeModule  Pyodide's JavaScript, imported
 * @param {LockFile} lockFile
 */
async function bootFromSnapshot(loadPyodide, opening, wheel, runtimeModule, lockFile) {
  const wheelDigest = expectedDigest(wheel);
  const opened = await opening;
  const snapshot = readSnapshot(opened).then((expanded) => {
    snapshotHeap = heapOf(expanded.snapshot); // before Pyodide instantiates the wasm, which it does once this resolves
    snapshotDelta = expanded;
    return expanded.snapshot;
  });
  /** @type {BootConfig} */
  const config = { ...lockFile, _loadSnapshot: snapshot, stdLibURL: emptyStdlibURL, createPyodideModule: await runtimeModule };
  const pyodide = await loadPyodide(config);
  const made = pyodide.runPython("globals().get('walkaway_wheel', '')");
  if (!wheelDigest || made !== wheelDigest) throw new Error("snapshot: made from another calculators package");
  return pyodide;
}

/**
 * @param {LoadPyodide} loadPyodide
 * @param {Promise<ArrayBuffer>} wheelBytes
 * @param {Promise<CreateModule>} runtimeModule
 * @param {LockFile} lockFile
 */
async function bootNormally(loadPyodide, wheelBytes, runtimeModule, lockFile) {
  snapshotHeap = 0; // a fresh interpreter: the memory stays as compiled
  snapshotDelta = null;
  /** @type {BootConfig} */
  const config = { ...lockFile, createPyodideModule: await runtimeModule };
  const pyodide = await loadPyodide(config);
  post({ type: "progress", step: 2, steps: 3, text: "Loading the calculators" });
  const buffer = await wheelBytes;
  const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
  pyodide.unpackArchive(buffer, "zip", { extractDir: sitePackages });
  pyodide.runPython("import importlib; importlib.invalidate_caches()");
  return pyodide;
}

/** @param {BootOptions} options */
async function boot({ indexURL, wheel, snapshot }) {
  const started = performance.now();
  // Everything that can start now does: the snapshot, the wasm (compiled as it arrives) and Pyodide's
  // JavaScript (handed to loadPyodide as createPyodideModule).
  const opening = snapshot && canInflate ? openSnapshot(snapshot) : null;
  opening?.catch(() => {}); // awaited in bootFromSnapshot; this only silences the early rejection
  compileWasmEarly(indexURL);
  const runtimeModule = importRuntime(indexURL);
  const lockFile = readLockFile(indexURL);
  runtimeModule.catch(() => {}); // awaited by each boot attempt; this only silences the early rejection
  post({ type: "progress", step: 1, steps: 3, text: "Loading the Python runtime" });
  const { loadPyodide } = /** @type {{loadPyodide: LoadPyodide}} */ (await import(new URL("pyodide.mjs", indexURL).href));
  const imported = performance.now();
  /** @type {PyodideAPI | null} */
  let pyodide = null;
  /** @type {"snapshot" | "normal"} */
  let mode = "snapshot";
  /** @type {string | null} */
  let fallback = null;
  if (opening) {
    try {
      pyodide = await attempt(() => bootFromSnapshot(loadPyodide, opening, wheel, runtimeModule, lockFile));
    } catch (error) {
      fallback = messageOf(error);
    }
  }
  if (!pyodide) {
    mode = "normal";
    const wheelBytes = fetchWheel(wheel);
    wheelBytes.catch(() => {}); // awaited in bootNormally; this only silences the early rejection
    pyodide = await attempt(() => bootNormally(loadPyodide, wheelBytes, runtimeModule, lockFile));
  }
  const loaded = performance.now();
  post({ type: "progress", step: 3, steps: 3, text: "Starting the calculators" });
  python = pyodide;
  web = /** @type {Web} */ (pyodide.pyimport("calculators.web"));
  const end = performance.now();
  const steps = { importPyodideMs: imported - started, loadPyodideMs: loaded - imported, importCalculatorsMs: end - loaded };
  booted = true;
  post({ type: "ready", ms: end - started, pyodide: pyodide.version, mode, fallback, steps });
}

// Some boot failures (a blocked or broken pyodide.asm.wasm) surface only as an unhandled
// rejection inside Pyodide, never rejecting loadPyodide(): report those too, or the page would wait for ever.
let booted = false;
/** @param {unknown} reason */
function failBoot(reason) {
  if (!booted) post({ type: "failed", text: messageOf(reason, "Python could not start") });
}
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault(); // handled here: the boot attempt fails, and the page hears of it
  if (failAttempt) failAttempt(event.reason);
  else failBoot(event.reason);
});
// After the boot, an error nobody caught leaves Python in an unknown state: the worker says it stopped, and
// the page rejects whatever it still waits for (calculators/runtime.mjs).
self.addEventListener("error", (event) => {
  event.preventDefault();
  if (booted) post({ type: "failed", text: `Python stopped: ${event.message || "an error in the worker"}` });
  else failBoot(event.message);
});

/** @param {BootOptions} options */
async function start(options) {
  try {
    await boot(options);
  } catch (error) {
    post({ type: "failed", text: messageOf(error) });
  }
}

// What to boot comes in this worker's own URL (?index=&wheel=&snapshot=), so the boot starts the moment
// the module runs. A "boot" message would wait for the page's main thread, which is busy with the theme
// just then: measured at 120 ms later.
// With ?start=message (boot.js, which creates this worker from the page's <head>), the downloads wait for a
// "start" message, sent once the page's content is parsed and its stylesheets are in.
const options = bootOptions(self.location.href);
let waiting = options?.startOnMessage ?? false;
if (options && !waiting) start(options);

// Whether the interpreter can still run anything: after a fatal error (out of memory, a broken wasm
// call), Pyodide refuses every call.
function pythonAlive() {
  try {
    python?.runPython("0");
    return python !== null;
  } catch {
    return false;
  }
}

/** @param {MessageEvent<ToWorker>} event */
self.onmessage = async (event) => {
  const message = event.data;
  if (message.type === "start" && waiting && options) {
    waiting = false;
    start(options);
  } else if (message.type === "update") {
    const started = performance.now();
    /** @type {Reply} */
    let reply;
    try {
      if (!web) throw new Error("Python has not started");
      reply = JSON.parse(web.update(message.calc, JSON.stringify(message.form), message.base));
    } catch (error) {
      if (booted && !pythonAlive()) {
        post({ type: "failed", text: `Python stopped: ${messageOf(error)}` });
        return;
      }
      reply = { ok: false, crashed: true, errors: [], html: "", text: messageOf(error) };
    }
    post({ type: "reply", id: message.id, reply, computeMs: performance.now() - started });
  }
};
