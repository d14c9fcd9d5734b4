// @ts-check
// One Python worker per tab, shared by every calculator on every page the reader visits (it survives
// Material's instant navigation): started here, or taken over from boot.js, which may have created it from
// the page's <head>. Requests are matched to replies by id. If the worker dies (an error event, or its word
// that it failed), every pending request is rejected and every subscriber told, once, so that no calculator
// waits for ever.

import { PYTHON_EVENT, messageOf, workerURL } from "./protocol.mjs";

/** @typedef {import("./protocol.mjs").FromWorker} FromWorker */
/** @typedef {import("./protocol.mjs").ToWorker} ToWorker */
/** @typedef {import("./protocol.mjs").ProgressMessage} ProgressMessage */
/** @typedef {import("./protocol.mjs").ReadyMessage} ReadyMessage */
/** @typedef {import("./protocol.mjs").ReplyMessage} ReplyMessage */
/** @typedef {import("./paths.mjs").FlatForm} FlatForm */

/**
 * @typedef {object} RuntimeInfo  exposed as window.walkawayRuntime, for the tests and the benchmark
 * @property {number} boots  how many times Python was started in this tab
 * @property {"idle" | "loading" | "ready" | "failed"} state
 * @property {number} mounted  calculators mounted now
 * @property {number} [startedAt]
 * @property {number} [readyAt]
 * @property {number} [bootMs]
 * @property {import("./protocol.mjs").BootSteps} [steps]
 * @property {"snapshot" | "normal"} [mode]
 * @property {string | null} [fallback]
 * @property {string} [stopped]  why the worker stopped, once it has
 * @property {() => number} [subscribers]  listeners attached to the worker now (each mounted calculator's)
 */
/**
 * @typedef {object} Early  what boot.js leaves: its worker, once made, and what the worker said before it was taken over
 * @property {Worker | null} worker
 * @property {MessageEvent[]} messages
 * @property {ErrorEvent[]} errors
 * @property {number} at
 * @property {() => void} start  lets the worker begin its downloads (once)
 */
/** @typedef {Window & {walkawayRuntime?: RuntimeInfo, __walkawayEarly?: Early | null}} PageWindow */

/**
 * @typedef {object} Runtime
 * @property {Promise<ReadyMessage>} ready  rejects if Python cannot start
 * @property {(listener: (message: ProgressMessage) => void) => () => void} onProgress  returns the unsubscribe
 * @property {(listener: (reason: string) => void) => () => void} onStop  called once when the worker dies; returns the unsubscribe
 * @property {(calc: string, form: FlatForm, base: string) => Promise<ReplyMessage>} update  rejects once the worker has died
 */

const page = /** @type {PageWindow} */ (window);
const SITE_ROOT = new URL("../../../", import.meta.url);
const WORKER_SCRIPT = new URL("../calculators-worker.mjs", import.meta.url);

/** @type {RuntimeInfo} */
export const runtimeInfo = (page.walkawayRuntime ??= { boots: 0, state: "idle", mounted: 0 });
runtimeInfo.mounted ??= 0;

/** @type {Runtime | null} */
let current = null;

// Tells the page that Python is up, or will not be: boot.js holds the theme's search index back until then.
/** @param {"ready" | "failed"} state */
function announce(state) {
  window.dispatchEvent(new CustomEvent(PYTHON_EVENT, { detail: { state } }));
}

/**
 * The tab's runtime, started on first use (or again, after the last one died).
 * @param {string} wheel  site path of the calculators wheel
 * @param {string} snapshot  site path of the memory snapshot, or ""
 * @returns {Runtime}
 */
export function startRuntime(wheel, snapshot) {
  if (current && !runtimeInfo.stopped) return current;
  // boot.js's worker, if it has made one yet; if not, boot.js sees it was taken over and makes none.
  const early = page.__walkawayEarly?.worker ? page.__walkawayEarly : null;
  page.__walkawayEarly = null;
  early?.start(); // the page is parsed: no reason to wait any longer
  const worker = early?.worker ?? new Worker(workerURL(WORKER_SCRIPT, SITE_ROOT, { wheel, snapshot }), { type: "module" });
  runtimeInfo.boots += 1;
  runtimeInfo.state = "loading";
  runtimeInfo.startedAt = early ? early.at : performance.now();
  delete runtimeInfo.stopped;

  /** @type {Map<number, {resolve: (reply: ReplyMessage) => void, reject: (error: Error) => void}>} */
  const pending = new Map();
  /** @type {Set<(message: ProgressMessage) => void>} */
  const progress = new Set();
  /** @type {Set<(reason: string) => void>} */
  const stops = new Set();
  let nextId = 1;
  /** @type {ProgressMessage | null} */
  let lastProgress = null;
  /** @type {string | null} */
  let stopped = null;
  /** @type {(message: ReadyMessage) => void} */
  let resolveReady = () => {};
  /** @type {(error: Error) => void} */
  let rejectReady = () => {};
  /** @type {Promise<ReadyMessage>} */
  const ready = new Promise((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => {}); // each calculator reports the failure itself

  /** @param {string} reason */
  function stop(reason) {
    if (stopped !== null) return;
    stopped = reason;
    announce("failed");
    runtimeInfo.state = "failed";
    runtimeInfo.stopped = reason;
    worker.terminate();
    const error = new Error(reason);
    rejectReady(error);
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
    for (const listener of [...stops]) listener(reason);
    stops.clear();
    progress.clear();
  }

  /** @param {MessageEvent<FromWorker>} event */
  function onMessage(event) {
    const message = event.data;
    if (message.type === "progress") {
      lastProgress = message;
      for (const listener of [...progress]) listener(message);
    } else if (message.type === "ready") {
      Object.assign(runtimeInfo, { state: "ready", bootMs: message.ms, steps: message.steps, mode: message.mode, fallback: message.fallback });
      runtimeInfo.readyAt = performance.now();
      resolveReady(message);
      announce("ready");
    } else if (message.type === "failed") {
      stop(message.text);
    } else if (message.type === "reply") {
      const settle = pending.get(message.id);
      pending.delete(message.id);
      settle?.resolve(message);
    }
  }

  /** @param {Event} event */
  function onError(event) {
    event.preventDefault?.();
    const said = event instanceof ErrorEvent && event.message ? event.message : "";
    stop(runtimeInfo.state === "ready" ? `the Python worker stopped${said ? `: ${said}` : ""}` : said || "the Python worker could not start");
  }

  worker.onmessage = onMessage;
  worker.onerror = onError;
  worker.onmessageerror = () => stop("the Python worker sent a message that could not be read");
  if (early) {
    for (const event of early.messages) onMessage(event);
    for (const event of early.errors) onError(event);
  }

  /** @param {ToWorker} message */
  const send = (message) => worker.postMessage(message);

  current = {
    ready,
    onProgress(listener) {
      if (stopped !== null) return () => {};
      progress.add(listener);
      if (lastProgress) listener(lastProgress);
      return () => progress.delete(listener);
    },
    onStop(listener) {
      if (stopped !== null) {
        listener(stopped);
        return () => {};
      }
      stops.add(listener);
      return () => stops.delete(listener);
    },
    update(calc, form, base) {
      if (stopped !== null) return Promise.reject(new Error(stopped));
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        try {
          send({ type: "update", id, calc, form, base });
        } catch (error) {
          pending.delete(id);
          reject(new Error(messageOf(error)));
        }
      });
    },
  };
  runtimeInfo.subscribers = () => progress.size + stops.size;
  return current;
}
