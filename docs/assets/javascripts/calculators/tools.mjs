// @ts-check
// The reader's own tools, added to each calculator by the browser module (none of them can work without
// it): the worked examples' switch, "Start empty", "Download Markdown", "Open a file" and the saved sets.
// Each builder returns what it made, and the teardown removes it again.

import { make } from "./view.mjs";

/**
 * @typedef {object} ReaderTools
 * @property {HTMLButtonElement} markdown
 * @property {HTMLButtonElement | null} csv  "Download CSV", which the page itself carries
 * @property {HTMLButtonElement} open
 * @property {HTMLButtonElement} empty
 * @property {HTMLInputElement} file
 * @property {HTMLFormElement} saved
 * @property {HTMLInputElement} nameInput
 * @property {HTMLSelectElement} list
 * @property {Element[]} added  every node added, for the teardown
 */

/**
 * @param {HTMLElement} el  the .calc element
 * @param {string} calc
 * @returns {ReaderTools | null}
 */
export function addReaderTools(el, calc) {
  const toolbar = el.querySelector(".calc-toolbar");
  if (!toolbar) return null;
  /** @type {Element[]} */
  const added = [];
  const print = toolbar.querySelector("[data-tool=print]");
  const reset = toolbar.querySelector("[data-tool=reset]");
  const empty = make("button", { type: "button", "data-tool": "empty" }, "Start empty");
  toolbar.insertBefore(empty, reset ? reset.nextSibling : print);
  added.push(empty);
  let markdown = /** @type {HTMLButtonElement | null} */ (toolbar.querySelector("[data-tool=markdown]"));
  if (!markdown) {
    markdown = make("button", { type: "button", "data-tool": "markdown" }, "Download Markdown");
    toolbar.insertBefore(markdown, print);
    added.push(markdown);
  }
  const open = make("button", { type: "button", "data-tool": "open" }, "Open a file");
  toolbar.insertBefore(open, print);
  const file = make("input", { type: "file", accept: ".json,application/json", hidden: true, class: "calc-file", "aria-label": "JSON file to open" });
  toolbar.after(file);

  const id = `calc-${calc}-saved`;
  const saved = make("form", { class: "calc-saved", novalidate: true, autocomplete: "off" });
  const box = make("fieldset");
  box.append(
    make("legend", {}, "Saved inputs"),
    make("p", { class: "calc-saved__note" }, "Keep several sets of inputs side by side, each under its own name. They stay in this browser."),
  );
  const nameRow = make("div", { class: "calc-saved__row" });
  const nameField = make("div", { class: "calc-saved__field" });
  const nameInput = make("input", { type: "text", id: `${id}-name`, maxlength: "80", spellcheck: "false" });
  nameField.append(make("label", { for: `${id}-name` }, "Name for these inputs"), nameInput);
  nameRow.append(nameField, make("button", { type: "submit", "data-saved": "save" }, "Save"));
  const listRow = make("div", { class: "calc-saved__row" });
  const listField = make("div", { class: "calc-saved__field" });
  const list = make("select", { id: `${id}-list` });
  listField.append(make("label", { for: `${id}-list` }, "Your saved inputs"), list);
  listRow.append(
    listField,
    make("button", { type: "button", "data-saved": "load" }, "Load"),
    make("button", { type: "button", "data-saved": "delete" }, "Delete"),
  );
  box.append(nameRow, listRow);
  saved.append(box);
  file.after(saved);
  added.push(open, file, saved);
  const csv = /** @type {HTMLButtonElement | null} */ (toolbar.querySelector("[data-tool=csv]"));
  return { markdown, csv, open, empty, file, saved, nameInput, list, added };
}

/**
 * The worked examples' switch, at the top of the form, when the calculator has more than one: a labelled
 * group of buttons, one per example, each loading its example into the form.
 * @param {HTMLElement} el
 * @param {string} calc
 * @param {string[]} names
 * @returns {HTMLElement | null}
 */
export function addExampleSwitch(el, calc, names) {
  const form = el.querySelector(".calc-form");
  if (names.length < 2 || !form) return null;
  const label = `calc-${calc}-examples-label`;
  const group = make("div", { class: "calc-examples", role: "group", "aria-labelledby": label });
  group.append(make("p", { class: "calc-examples__label", id: label }, "Worked examples: load one into the form"));
  names.forEach((name, index) => group.append(make("button", { type: "button", "data-example": String(index) }, name)));
  form.prepend(group);
  return group;
}
