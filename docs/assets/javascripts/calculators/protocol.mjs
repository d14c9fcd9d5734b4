// @ts-check
// The one definition of how the page and the Python worker talk: the worker's URL, which says what to boot,
// and the messages each side posts. calculators.mjs (through runtime.mjs), boot.js (which may make the worker
// from the page's <head>) and calculators-worker.mjs import this module; tsc checks the modules against it.
// Only strings and plain objects cross postMessage.

/** @typedef {import("./paths.mjs").FlatForm} FlatForm */

// -- page -> worker ------------------------------------------------------------------

/** @typedef {{type: "start"}} StartMessage  begin the downloads (the worker was made with ?start=message) */
/** @typedef {{type: "update", id: number, calc: string, form: FlatForm, base: string}} UpdateMessage  recompute */
/** @typedef {StartMessage | UpdateMessage} ToWorker */

// -- worker -> page ------------------------------------------------------------------

/** @typedef {{type: "progress", step: number, steps: number, text: string}} ProgressMessage */
/** @typedef {{importPyodideMs: number, loadPyodideMs: number, importCalculatorsMs: number}} BootSteps */
/**
 * @typedef {object} ReadyMessage  Python is up
 * @property {"ready"} type
 * @property {number} ms  from the start of the boot
 * @property {string} pyodide  its version
 * @property {"snapshot" | "normal"} mode  booted from the memory snapshot, or normally
 * @property {string | null} fallback  why the snapshot was not used
 * @property {BootSteps} steps
 */
/** @typedef {{type: "failed", text: string}} FailedMessage  Python could not start, or the worker stopped */
/**
 * @typedef {object} Reply  what calculators.web.update returns, or the worker's own word that it crashed
 * @property {boolean} ok
 * @property {string} html  the results, or the error summary
 * @property {{key: string, message: string}[]} errors  `key` is the form field's data-path
 * @property {unknown} [result]
 * @property {unknown} [inputs]
 * @property {string} [markdown]  the results as Markdown
 * @property {string} [csv]  the results' tables as CSV
 * @property {boolean} [crashed]  Python raised: `text` says what
 * @property {string} [text]
 */
/** @typedef {{type: "reply", id: number, reply: Reply, computeMs: number}} ReplyMessage */
/** @typedef {ProgressMessage | ReadyMessage | FailedMessage | ReplyMessage} FromWorker */


// -- the worker's URL: what to boot, and the page's event for Python's start ----------
// Both are defined in boot.js, which must build the URL synchronously in the page's <head> (see there),
// and are exported here for everything else; importing boot.js as a module only defines them.

import "../boot.js";

/**
 * @typedef {object} Boot  what boot.js defines
 * @property {(script: URL | string, siteRoot: URL | string, what: {wheel: string, snapshot?: string, startOnMessage?: boolean}) => URL} workerURL
 *   the worker's URL; `siteRoot` is the site's root URL, `wheel` and `snapshot` are site paths as the page names them
 * @property {string} PYTHON_EVENT  the window event runtime.mjs dispatches once Python is up ({state: "ready"}) or has failed
 */
const boot = /** @type {{walkawayBoot: Boot}} */ (/** @type {unknown} */ (globalThis)).walkawayBoot;
export const workerURL = boot.workerURL;
export const PYTHON_EVENT = boot.PYTHON_EVENT;
// In the URL rather than a message, so that the worker can start the moment its module runs (a message
// would wait for the page's main thread, busy with the theme just then).

/** @typedef {{indexURL: string, wheel: string, snapshot: string, startOnMessage: boolean}} BootOptions */

/**
 * What a worker URL says to boot: the inverse of workerURL. Null without a wheel.
 * @param {URL | string} url
 * @returns {BootOptions | null}
 */
export function bootOptions(url) {
  const params = new URL(url).searchParams;
  const wheel = params.get("wheel");
  const indexURL = params.get("index");
  if (!wheel || !indexURL) return null;
  return { indexURL, wheel, snapshot: params.get("snapshot") || "", startOnMessage: params.get("start") === "message" };
}

/**
 * The SHA-256 a URL's fragment names (#sha256=...), in hex, or "".
 * @param {URL | string} url
 */
export function expectedDigest(url) {
  return /sha256=([0-9a-f]{64})/.exec(new URL(url).hash)?.[1] ?? "";
}

/**
 * Words for anything thrown.
 * @param {unknown} error
 * @param {string} [otherwise]
 */
export function messageOf(error, otherwise = "unknown error") {
  if (error && typeof error === "object" && "message" in error && typeof error.message === "string" && error.message) return error.message;
  return error ? String(error) : otherwise;
}
