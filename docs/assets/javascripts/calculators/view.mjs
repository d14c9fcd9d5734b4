// @ts-check
// Small pieces of the page a calculator shows: elements built here, its status line, and the key results
// kept in view while the form is edited.

/**
 * A new element, with attributes (true: present and empty; false: absent) and text.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string | boolean>} [attributes]
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
export function make(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === true) node.setAttribute(key, "");
    else if (value !== false) node.setAttribute(key, value);
  }
  if (text) node.textContent = text;
  return node;
}

/**
 * The calculator's state, for the stylesheet and the tests, and its status line (role=status) in words.
 * @param {HTMLElement} el  the .calc element
 * @param {"loading" | "ready" | "failed" | "error"} state
 * @param {string} text
 */
export function setStatus(el, state, text) {
  const status = /** @type {HTMLElement | null} */ (el.querySelector(".calc-status"));
  if (status) {
    status.dataset.state = state;
    status.textContent = text;
  }
  el.dataset.state = state;
}

// -- the key results in view while editing ---------------------------------------------
// render.py puts a copy of the results' summary, .calc-pin, beside the form; the stylesheet shows it there
// on a wide screen and pins it under the header on a narrow one while a field has focus. It is hidden from
// screen readers, which hear the live results region itself.

/**
 * After the browser's own scroll to a focused field: scroll a little more if the pinned bar covers the
 * field (narrow screens), or if the results beside the form run below the window (wide screens).
 * @param {HTMLElement} form
 * @param {HTMLElement} pin
 */
function revealFieldAndPin(form, pin) {
  const field = document.activeElement;
  if (!field || !form.contains(field) || !field.matches("input, select")) return;
  const header = document.querySelector(".md-header");
  const top = (header ? header.getBoundingClientRect().bottom : 0) + 8;
  const bottom = window.innerHeight - 8;
  const label = field.closest(".calc-field")?.querySelector("label") || field;
  const fieldTop = Math.min(label.getBoundingClientRect().top, field.getBoundingClientRect().top);
  const fieldBottom = field.getBoundingClientRect().bottom;
  const pinned = pin.getBoundingClientRect();
  let by = 0;
  if (getComputedStyle(pin).position === "fixed") {
    const clear = pinned.bottom + 8;
    if (fieldTop < clear) by = fieldTop - clear;
    else if (fieldBottom > bottom) by = Math.min(fieldBottom - bottom, fieldTop - clear);
  } else if (pinned.height > 0 && pinned.bottom > bottom) {
    by = Math.max(0, Math.min(pinned.bottom - bottom, fieldTop - top));
  }
  if (by) window.scrollBy({ top: by, behavior: "instant" });
}

/**
 * Copy each new summary into the pin, mirror whether the results are stale, and keep a focused field
 * clear of the pin. Stops when `signal` aborts.
 * @param {HTMLElement} el
 * @param {HTMLElement} form
 * @param {HTMLElement} results
 * @param {AbortSignal} signal
 */
export function keepResultsInView(el, form, results, signal) {
  const pin = /** @type {HTMLElement | null} */ (el.querySelector(":scope > .calc-pin"));
  if (!pin) return;
  const reveal = () => requestAnimationFrame(() => revealFieldAndPin(form, pin));
  const title = pin.querySelector(".calc-pin__title");
  const sync = () => {
    const summary = results.querySelector(":scope > .calc-summary");
    pin.replaceChildren(...(title ? [title] : []), ...(summary ? [summary.cloneNode(true)] : []));
    pin.classList.toggle("calc-pin--stale", results.classList.contains("calc-results--stale"));
    reveal(); // a taller bar may now cover the field
  };
  const observer = new MutationObserver(sync);
  observer.observe(results, { childList: true, attributes: true, attributeFilter: ["class"] });
  signal.addEventListener("abort", () => observer.disconnect(), { once: true });
  form.addEventListener("focusin", reveal, { signal });
}

/**
 * Save text as a file the reader downloads.
 * @param {string} filename
 * @param {string} type
 * @param {string} text
 */
export function download(filename, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = make("a", { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
