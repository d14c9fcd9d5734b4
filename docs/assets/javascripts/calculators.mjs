// @ts-check
// Mounts every calculator on the page, on first load and after each instant navigation.
//
// The page already holds the form and the results, rendered at build time by the same Python that runs
// here later. The browser side only starts one Python worker per tab (calculators/runtime.mjs), sends the
// form's text to it on every change and swaps the results in (calculators/mount.mjs), and gives the reader
// tools: examples, links, files, saved sets (calculators/tools.mjs, share.mjs, storage.mjs). Nothing a
// reader types leaves the browser. The modules are plain ES modules, imported relative to this one, so the
// site works under any sub-path; there is no bundler.

import { mount } from "./calculators/mount.mjs";

/** @type {Map<HTMLElement, () => void>} every mounted calculator, with its teardown */
const mounted = new Map();

/** The next task: the browser may handle input and paint in between. */
const nextTask = () => {
  const { scheduler } = /** @type {{scheduler?: {yield?: () => Promise<void>}}} */ (globalThis);
  return typeof scheduler?.yield === "function" ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
};

/** @param {HTMLElement} el */
function mountOne(el) {
  if (el.isConnected && !mounted.has(el)) mounted.set(el, mount(el));
}

let first = true;

// Material's document$ emits on first load and after every instant navigation, which replaces the page's
// content: calculators no longer in the page are torn down (their subscriptions to the worker dropped),
// and the new ones mounted. On first load it emits from the theme's own DOMContentLoaded handler, itself
// a long task (every component of the theme mounts in it): there each calculator mounts in a task of its
// own, so that none of them lengthens the theme's, and Python's boot is not waiting on them anyway. After
// an instant navigation they mount at once, as the reader is waiting for the calculator to come back (the
// BATNA calculator's mount took 2 ms then, its code compiled, against 14 ms on first load).
function mountAll() {
  for (const [el, teardown] of mounted) {
    if (!el.isConnected) {
      teardown();
      mounted.delete(el);
    }
  }
  const found = /** @type {HTMLElement[]} */ ([...document.querySelectorAll(".calc[data-calc]")]);
  if (!first) {
    found.forEach(mountOne);
    return;
  }
  first = false;
  (async () => {
    for (const el of found) {
      await nextTask();
      mountOne(el);
    }
  })();
}

/** @typedef {{subscribe: (next: () => void) => unknown}} Observable */

function subscribe() {
  const documents = /** @type {Window & {document$?: Observable}} */ (window).document$;
  if (documents && typeof documents.subscribe === "function") documents.subscribe(mountAll);
  else mountAll();
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", subscribe, { once: true });
else subscribe();
