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

// Material's document$ emits on first load and after every instant navigation, which replaces the page's
// content: calculators no longer in the page are torn down (their subscriptions to the worker dropped),
// and the new ones mounted.
function mountAll() {
  for (const [el, teardown] of mounted) {
    if (!el.isConnected) {
      teardown();
      mounted.delete(el);
    }
  }
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll(".calc[data-calc]"))) {
    if (!mounted.has(el)) mounted.set(el, mount(el));
  }
}

/** @typedef {{subscribe: (next: () => void) => unknown}} Observable */

function subscribe() {
  const documents = /** @type {Window & {document$?: Observable}} */ (window).document$;
  if (documents && typeof documents.subscribe === "function") documents.subscribe(mountAll);
  else mountAll();
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", subscribe, { once: true });
else subscribe();
