// @ts-check
// The form rendered by calculators/render.py, read and reshaped in place: reading its values, writing
// them back, adding, removing and renumbering list rows, showing Python's messages by their fields.

import { fieldId, movedPath, rowsOf } from "./paths.mjs";

/** @typedef {import("./paths.mjs").FlatForm} FlatForm */
/** @typedef {HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement} Control */

/**
 * Every control with a data-path, as the form holds it (calculators.web.form_of reads the same from HTML).
 * @param {ParentNode} root
 * @returns {Control[]}
 */
function controls(root) {
  return /** @type {Control[]} */ ([...root.querySelectorAll("input[data-path], select[data-path], textarea[data-path]")]);
}

/**
 * The form's values, by path: checkboxes as "true" or "false", everything else as its text.
 * @param {ParentNode} form
 * @returns {FlatForm}
 */
export function readForm(form) {
  /** @type {FlatForm} */
  const out = {};
  for (const control of controls(form)) {
    const path = /** @type {string} */ (control.dataset.path);
    out[path] = control instanceof HTMLInputElement && control.type === "checkbox" ? String(control.checked) : control.value;
  }
  return out;
}

/**
 * @param {Control} control
 * @param {string} value
 */
function writeControl(control, value) {
  if (control instanceof HTMLInputElement && control.type === "checkbox") control.checked = value === "true";
  else control.value = value;
}

/** Attributes holding a field path; ids are derived from the path afterwards. */
const PATH_ATTRIBUTES = ["data-path", "data-list", "data-error-for", "name"];

/**
 * @param {Element} root
 * @param {string} oldPrefix
 * @param {string} newPrefix
 */
function movePaths(root, oldPrefix, newPrefix) {
  for (const node of [root, ...root.querySelectorAll("*")]) {
    for (const attribute of PATH_ATTRIBUTES) {
      const value = node.getAttribute(attribute);
      const moved = value === null ? null : movedPath(value, oldPrefix, newPrefix);
      if (moved !== null) node.setAttribute(attribute, moved);
    }
  }
}

/**
 * The same ids render.py gives: calc-NAME-path-with-dashes, plus -help and -error.
 * @param {ParentNode} root
 * @param {string} calc
 */
function fixIds(root, calc) {
  for (const field of root.querySelectorAll(".calc-field")) {
    const control = /** @type {HTMLElement | null} */ (field.querySelector("[data-path]"));
    if (!control?.dataset.path) continue;
    const ident = fieldId(calc, control.dataset.path);
    setAttribute(control, "id", ident);
    const label = field.querySelector("label");
    if (label) setAttribute(label, "for", ident);
    const help = field.querySelector(".calc-help");
    if (help) setAttribute(help, "id", `${ident}-help`);
    const error = field.querySelector(".calc-error");
    if (error) setAttribute(error, "id", `${ident}-error`);
    setAttribute(control, "aria-describedby", help ? `${ident}-help ${ident}-error` : `${ident}-error`);
  }
  for (const list of /** @type {NodeListOf<HTMLElement>} */ (root.querySelectorAll("[data-list]"))) {
    const error = list.querySelector(":scope > .calc-error");
    if (error) setAttribute(error, "id", `${fieldId(calc, list.dataset.list || "")}-error`);
  }
}

// The writes below happen only where the value differs. The page arrives with every id, title and state
// already right (render.py wrote them), and mounting renumbers every list: writing the same values again
// costs nothing to see, but it invalidates the style and layout of the whole form (about 30 ms on the
// Prepare page's plan, in the first frame after mounting).

/**
 * @param {Element} node
 * @param {string} name
 * @param {string} value
 */
function setAttribute(node, name, value) {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/**
 * @param {Node} node
 * @param {string} text
 */
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** @param {HTMLElement} list */
function items(list) {
  return /** @type {HTMLElement} */ (list.querySelector(".calc-list__items"));
}

/**
 * Number a list's rows 0, 1, 2 ... (paths, ids, titles), and allow removing a row only above the minimum.
 * @param {HTMLElement} list  a [data-list] fieldset
 */
export function renumber(list) {
  const key = list.dataset.list || "";
  const label = list.dataset.itemLabel || "";
  const rows = /** @type {HTMLElement[]} */ ([...items(list).children]);
  rows.forEach((row, index) => {
    const newPrefix = `${key}.${index}`;
    if (row.dataset.path && row.dataset.path !== newPrefix) movePaths(row, row.dataset.path, newPrefix);
    const title = row.querySelector(":scope > .calc-record__title");
    if (title) setText(title, `${label} ${index + 1}`);
  });
  const calc = /** @type {HTMLElement | null} */ (list.closest(".calc"))?.dataset.calc || "";
  fixIds(list, calc);
  const min = Number(list.dataset.min || 0);
  for (const row of rows) {
    const button = /** @type {HTMLButtonElement | null} */ (row.querySelector(":scope > .calc-remove"));
    if (button && button.disabled !== rows.length <= min) button.disabled = rows.length <= min;
  }
}

/**
 * A fresh row with the defaults, from the list's template; null when the list is full.
 * @param {HTMLElement} list
 * @returns {HTMLElement | null}
 */
export function addRow(list) {
  if (items(list).children.length >= Number(list.dataset.max || Infinity)) return null;
  const template = /** @type {HTMLTemplateElement | null} */ (list.querySelector(":scope > template"));
  const row = /** @type {HTMLElement | undefined} */ (template?.content.firstElementChild?.cloneNode(true));
  if (!row) return null;
  for (const error of /** @type {NodeListOf<HTMLElement>} */ (row.querySelectorAll(".calc-error"))) {
    error.hidden = true;
    error.textContent = "";
  }
  for (const control of row.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
  items(list).append(row);
  renumber(list);
  return row;
}

/**
 * Remove a row (not below the list's minimum); returns where focus should go next.
 * @param {HTMLElement} row
 * @returns {HTMLElement | null}
 */
export function removeRow(row) {
  const list = /** @type {HTMLElement | null} */ (row.closest("[data-list]"));
  if (!list || items(list).children.length <= Number(list.dataset.min || 0)) return null;
  const next = /** @type {Element | null} */ (row.nextElementSibling || row.previousElementSibling);
  row.remove();
  renumber(list);
  return /** @type {HTMLElement | null} */ (next?.querySelector("input, select") || list.querySelector(".calc-add"));
}

/**
 * Give every list as many rows as `values` have, then write the values into the controls. `complete`
 * values (a saved form, an example) also empty the lists they do not mention; a hand-made link leaves them.
 * @param {HTMLFormElement} form
 * @param {FlatForm} values
 * @param {boolean} [complete]
 */
export function shapeForm(form, values, complete = true) {
  const paths = Object.keys(values);
  for (let pass = 0; pass < 10; pass++) {
    let changed = false;
    for (const list of /** @type {NodeListOf<HTMLElement>} */ (form.querySelectorAll("[data-list]"))) {
      if (!form.contains(list)) continue; // inside a row removed earlier in this pass
      const rows = rowsOf(paths, list.dataset.list || "");
      if (!complete && rows.size === 0) continue;
      const want = Math.max(rows.size, Number(list.dataset.min || 0));
      const box = items(list);
      while (box.children.length > want && box.lastElementChild) {
        box.lastElementChild.remove();
        changed = true;
      }
      while (box.children.length < want && addRow(list)) changed = true;
      renumber(list);
    }
    if (!changed) break;
  }
  for (const control of controls(form)) {
    const path = /** @type {string} */ (control.dataset.path);
    if (control.matches("input, select") && Object.hasOwn(values, path)) writeControl(control, values[path]);
  }
  syncSections(form);
}

/**
 * What the stylesheet shows that the controls cannot say themselves, whichever way they changed (typing, a saved
 * set, a file, a link): an optional section's (a plan step's) fieldset says whether the section is in; a text
 * field's printed copy holds its value, since on paper a text box cuts off what is wider than the box.
 * @param {ParentNode} form
 */
export function syncSections(form) {
  for (const box of /** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll("[data-section-toggle]"))) {
    const section = /** @type {HTMLElement | null} */ (box.closest(".calc-section"));
    if (section) setAttribute(section, "data-state", box.checked ? "in" : "out");
  }
  for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll(".calc-field--text input[type=text]"))) {
    const printed = input.nextElementSibling;
    if (printed?.classList.contains("calc-printed")) setText(printed, input.value);
  }
}

/**
 * Python's messages, each by its field (`key` is the field's data-path), and the fields marked invalid.
 * @param {ParentNode} el
 * @param {{key: string, message: string}[]} errors
 */
export function showErrors(el, errors) {
  for (const box of /** @type {NodeListOf<HTMLElement>} */ (el.querySelectorAll(".calc-error"))) {
    box.hidden = true;
    box.textContent = "";
  }
  for (const control of el.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
  for (const { key, message } of errors) {
    const box = /** @type {HTMLElement | null} */ (el.querySelector(`.calc-error[data-error-for="${CSS.escape(key)}"]`));
    if (box) {
      box.textContent = box.hidden ? message : `${box.textContent} ${message}`;
      box.hidden = false;
    }
    const control = el.querySelector(`[data-path="${CSS.escape(key)}"]`);
    if (control && control.matches("input, select")) control.setAttribute("aria-invalid", "true");
  }
}
