// Mounts every calculator on the page, on first load and after each instant navigation.
//
// The page already holds the form and the results, rendered at build time by
// the same Python that runs here later. This module only:
//   - starts one Python worker per tab, the first time a page has a calculator;
//   - sends the form's text to it on every change, and swaps the results in;
//   - adds and removes list rows, keeps the inputs in localStorage, and says
//     what state the live calculator is in.
// Nothing a reader types leaves the browser.

const SITE_ROOT = new URL("../../", import.meta.url);
const STORAGE_PREFIX = "walkaway:calc:";

// Exposed for the browser tests and the benchmark: how many times Python booted in this tab.
const runtimeInfo = (window.walkawayRuntime = window.walkawayRuntime || { boots: 0, state: "idle" });

let runtime = null;

// The worker boots from what its URL names (the same as boot.js builds).
function workerURL(wheelPath, snapshotPath) {
  const url = new URL("calculators-worker.mjs", import.meta.url);
  url.searchParams.set("index", new URL("assets/pyodide/", SITE_ROOT).href);
  url.searchParams.set("wheel", new URL(wheelPath, SITE_ROOT).href);
  if (snapshotPath) url.searchParams.set("snapshot", new URL(snapshotPath, SITE_ROOT).href);
  return url;
}

function startRuntime(wheelPath, snapshotPath) {
  if (runtime) return runtime;
  // boot.js may have started the worker from the <head> already; take it over, with its messages so far.
  const early = window.__walkawayEarly;
  window.__walkawayEarly = null;
  const worker = early ? early.worker : new Worker(workerURL(wheelPath, snapshotPath), { type: "module" });
  runtimeInfo.boots += 1;
  runtimeInfo.state = "loading";
  runtimeInfo.startedAt = early ? early.at : performance.now();
  const pending = new Map();
  const listeners = new Set();
  let nextId = 1;
  let lastProgress = null;
  const ready = new Promise((resolve, reject) => {
    worker.onmessage = (event) => {
      const message = event.data;
      if (message.type === "progress") {
        lastProgress = message;
        listeners.forEach((listener) => listener(message));
      } else if (message.type === "ready") {
        runtimeInfo.state = "ready";
        runtimeInfo.bootMs = message.ms;
        runtimeInfo.steps = message.steps;
        runtimeInfo.mode = message.mode; // "snapshot", or "normal" (with the reason in fallback)
        runtimeInfo.fallback = message.fallback;
        runtimeInfo.readyAt = performance.now();
        resolve(message);
      } else if (message.type === "failed") {
        runtimeInfo.state = "failed";
        reject(new Error(message.text));
      } else if (message.type === "reply") {
        const settle = pending.get(message.id);
        pending.delete(message.id);
        if (settle) settle(message);
      }
    };
    worker.onerror = (event) => {
      runtimeInfo.state = "failed";
      reject(new Error(event.message || "the Python worker could not start"));
    };
  });
  ready.catch(() => {}); // each calculator reports the failure itself
  if (early) {
    early.messages.forEach((event) => worker.onmessage(event));
    early.errors.forEach((event) => worker.onerror(event));
  }
  runtime = {
    ready,
    onProgress(listener) {
      listeners.add(listener);
      if (lastProgress) listener(lastProgress);
      return () => listeners.delete(listener);
    },
    update(calc, form, base) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        worker.postMessage({ type: "update", id, calc, form, base });
      });
    },
  };
  return runtime;
}

// -- storage that never throws (private mode, full quota, disabled) -----------

function load(key) {
  try {
    const text = window.localStorage.getItem(STORAGE_PREFIX + key);
    const value = text ? JSON.parse(text) : null;
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

function save(key, form) {
  try {
    window.localStorage.setItem(STORAGE_PREFIX + key, JSON.stringify(form));
  } catch {
    /* working without persistence is fine */
  }
}

// -- saved input sets: several named copies of a calculator's inputs, side by side ------
// Kept under their own key, apart from the current inputs (which load() restores on every visit).

const SAVED_PREFIX = "walkaway:saved:";
const SAVED_MAX = 50;

function loadSaved(calc) {
  try {
    const list = JSON.parse(window.localStorage.getItem(SAVED_PREFIX + calc) || "[]");
    if (!Array.isArray(list)) return [];
    return list.filter((entry) => entry && typeof entry.name === "string" && entry.form && typeof entry.form === "object");
  } catch {
    return [];
  }
}

// True when the browser kept it: storage may be off, or full.
function storeSaved(calc, list) {
  try {
    window.localStorage.setItem(SAVED_PREFIX + calc, JSON.stringify(list));
    return true;
  } catch {
    return false;
  }
}

// -- files: an export ({calculator, inputs, result}) read back into the form -------------

const FILE_MAX_BYTES = 2_000_000;

// A value as the form would show it: whole numbers with thousands commas, as the page renders
// them; other numbers in full, so that the inputs read back are exactly the ones exported.
function formText(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number" && Number.isSafeInteger(value)) return value.toLocaleString("en-US");
  return typeof value === "string" ? value : String(value);
}

// {"offers": [{"name": "A"}]} -> {"offers.0.name": "A"}: the form's flat paths. Throws on data too deep or too big
// to be any calculator's inputs.
function flatten(data, prefix = "", out = {}, depth = 0) {
  if (depth > 12 || Object.keys(out).length > 5000) throw new Error("too deep");
  if (Array.isArray(data)) data.forEach((item, i) => flatten(item, `${prefix}${i}.`, out, depth + 1));
  else if (data && typeof data === "object") {
    for (const [key, value] of Object.entries(data)) flatten(value, `${prefix}${key}.`, out, depth + 1);
  } else out[prefix.slice(0, -1)] = formText(data);
  return out;
}

// The inputs a file holds, as the command line reads them: an export of this calculator, or one object
// of its inputs. Returns {inputs} or {error}, the error in the reader's words.
function inputsFromFile(calc, fileName, text, fieldNames) {
  const named = `\u201c${fileName}\u201d`;
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return { error: `${named} could not be opened: it is not a JSON file, or it is damaged. Open a file saved with \u201cDownload JSON\u201d.` };
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    return { error: `${named} holds no calculator\u2019s inputs: it should be one JSON object, as \u201cDownload JSON\u201d saves it.` };
  }
  const keys = Object.keys(data);
  const isExport = "inputs" in data && "calculator" in data && keys.every((key) => ["calculator", "inputs", "result"].includes(key));
  if (isExport) {
    if (data.calculator !== calc) {
      const other = typeof data.calculator === "string" ? `the \u201c${data.calculator.slice(0, 40)}\u201d calculator` : "another calculator";
      return { error: `${named} holds inputs for ${other}, not for this one (\u201c${calc}\u201d). Open it on that calculator\u2019s page.` };
    }
    if (!data.inputs || typeof data.inputs !== "object" || Array.isArray(data.inputs)) {
      return { error: `${named} is damaged: its \u201cinputs\u201d are not a JSON object.` };
    }
    return { inputs: data.inputs };
  }
  const strangers = keys.filter((key) => !fieldNames.has(key));
  if (keys.length === 0 || strangers.length) {
    return { error: `${named} is not an export of this calculator (\u201c${calc}\u201d) nor a set of its inputs${strangers.length ? `: it has ${strangers.slice(0, 3).map((k) => `\u201c${k.slice(0, 30)}\u201d`).join(", ")}` : ""}.` };
  }
  return { inputs: data };
}

// -- shareable links: #NAME={"path": "text", ...} --------------------------------
// The inputs live in the URL's fragment, which browsers never send to the server:
// opening a shared link reveals nothing to whoever hosts the site, and no value is
// too long for a server to accept. A link is only data: its values go into the
// form's fields as text, and Python validates them like anything typed. Nothing
// from the URL is ever run or inserted as HTML.

function fragmentParams() {
  const hash = location.hash.slice(1);
  return new URLSearchParams(hash.includes("=") ? hash : "");
}

// Row numbers in a link may have gaps (offers.0, offers.7): number them 0, 1, ... in order,
// level by level, as the form does.
function denseRows(values) {
  const seen = new Map(); // original prefix -> set of row numbers under it
  const split = Object.keys(values).map((key) => key.split("."));
  for (const parts of split) {
    parts.forEach((part, i) => {
      if (/^\d+$/.test(part)) {
        const prefix = parts.slice(0, i).join(".");
        if (!seen.has(prefix)) seen.set(prefix, new Set());
        seen.get(prefix).add(Number(part));
      }
    });
  }
  const order = new Map([...seen].map(([prefix, set]) => [prefix, [...set].sort((a, b) => a - b)]));
  const out = {};
  split.forEach((parts) => {
    const renamed = parts.map((part, i) => (/^\d+$/.test(part) ? String(order.get(parts.slice(0, i).join(".")).indexOf(Number(part))) : part));
    out[renamed.join(".")] = values[parts.join(".")];
  });
  return out;
}

function fromUrl(name) {
  const text = fragmentParams().get(name);
  if (text === null) return null;
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return { error: "The inputs in this link could not be read, so the example is shown instead." };
  }
  if (!data || typeof data !== "object" || Array.isArray(data)) {
    return { error: "The inputs in this link are not in the expected form, so the example is shown instead." };
  }
  const values = {};
  for (const [key, value] of Object.entries(data).slice(0, 500)) {
    values[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { values: denseRows(values) };
}

function linkFor(name, form) {
  const url = new URL(location.href);
  const params = fragmentParams();
  params.set(name, JSON.stringify(form));
  url.hash = params.toString();
  return url;
}

function writeUrl(name, form) {
  try {
    history.replaceState(history.state, "", linkFor(name, form));
  } catch {
    /* some embedded browsers forbid it; the link button still works */
  }
}

function download(filename, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one) as a formula,
// and a name the reader typed, or one from a shared link, reaches the CSV as it is. Such a cell gets a
// leading apostrophe, which spreadsheets read as "this is text" (OWASP's advice on CSV injection);
// a plain number such as -5 or -5,000.50 or -12.5% stays a number.
const PLAIN_NUMBER = /^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$/;

function csvCell(text) {
  const safe = /^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function tablesAsCsv(results) {
  const lines = [];
  for (const table of results.querySelectorAll("table")) {
    const caption = table.querySelector("caption");
    if (caption) lines.push(csvCell(caption.textContent.trim()));
    for (const row of table.querySelectorAll("tr")) {
      lines.push([...row.children].map((cell) => csvCell(cell.textContent.trim().replaceAll("\u2212", "-"))).join(","));
    }
    lines.push("");
  }
  return lines.join("\r\n");
}

// -- the form --------------------------------------------------------------------

function readForm(form) {
  const out = {};
  for (const control of form.querySelectorAll("[data-path]")) {
    if (control.type === "checkbox") out[control.dataset.path] = control.checked ? "true" : "false";
    else if (control.matches("input, select, textarea")) out[control.dataset.path] = control.value;
  }
  return out;
}

function writeControl(control, value) {
  if (control.type === "checkbox") control.checked = value === true || value === "true";
  else control.value = String(value);
}

// Attributes holding a field path; ids are derived from the path afterwards.
const PATH_ATTRIBUTES = ["data-path", "data-list", "data-error-for", "name"];

function movePaths(root, oldPrefix, newPrefix) {
  for (const node of [root, ...root.querySelectorAll("*")]) {
    for (const attribute of PATH_ATTRIBUTES) {
      const value = node.getAttribute(attribute);
      if (value !== null && (value === oldPrefix || value.startsWith(oldPrefix + "."))) {
        node.setAttribute(attribute, newPrefix + value.slice(oldPrefix.length));
      }
    }
  }
}

// The same ids render.py gives: calc-NAME-path-with-dashes, plus -help and -error.
function fixIds(root, calc) {
  for (const field of root.querySelectorAll(".calc-field")) {
    const control = field.querySelector("[data-path]");
    const ident = `calc-${calc}-${control.dataset.path.replaceAll(".", "-")}`;
    control.id = ident;
    field.querySelector("label").htmlFor = ident;
    const help = field.querySelector(".calc-help");
    if (help) help.id = `${ident}-help`;
    field.querySelector(".calc-error").id = `${ident}-error`;
    control.setAttribute("aria-describedby", help ? `${ident}-help ${ident}-error` : `${ident}-error`);
  }
  for (const list of root.querySelectorAll("[data-list]")) {
    list.querySelector(":scope > .calc-error").id = `calc-${calc}-${list.dataset.list.replaceAll(".", "-")}-error`;
  }
}

function renumber(list) {
  const key = list.dataset.list;
  const label = list.dataset.itemLabel;
  const rows = [...list.querySelector(".calc-list__items").children];
  rows.forEach((row, index) => {
    const newPrefix = `${key}.${index}`;
    if (row.dataset.path !== newPrefix) movePaths(row, row.dataset.path, newPrefix);
    const title = row.querySelector(":scope > .calc-record__title");
    if (title) title.textContent = `${label} ${index + 1}`;
  });
  fixIds(list, list.closest(".calc").dataset.calc);
  const min = Number(list.dataset.min || 0);
  for (const row of rows) {
    const button = row.querySelector(":scope > .calc-remove");
    if (button) button.disabled = rows.length <= min;
  }
}

function addRow(list) {
  const items = list.querySelector(".calc-list__items");
  if (items.children.length >= Number(list.dataset.max || Infinity)) return null;
  // A fresh row with the defaults, from the list's template (its paths say row 0 until renumbered).
  const row = list.querySelector(":scope > template").content.firstElementChild.cloneNode(true);
  for (const error of row.querySelectorAll(".calc-error")) {
    error.hidden = true;
    error.textContent = "";
  }
  for (const control of row.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
  items.append(row);
  renumber(list);
  return row;
}

// Make every list in the form have as many rows as the saved inputs. ``complete`` values
// (a saved form, the example) also empty lists they do not mention; a hand-made link leaves them.
function shapeForm(form, values, complete = true) {
  for (let pass = 0; pass < 10; pass++) {
    let changed = false;
    for (const list of form.querySelectorAll("[data-list]")) {
      if (!form.contains(list)) continue; // inside a row removed earlier in this pass
      const key = list.dataset.list;
      const indexes = new Set();
      for (const path of Object.keys(values)) {
        if (path.startsWith(key + ".")) {
          const index = path.slice(key.length + 1).split(".")[0];
          if (/^\d+$/.test(index)) indexes.add(Number(index));
        }
      }
      if (!complete && indexes.size === 0) continue;
      const want = Math.max(indexes.size, Number(list.dataset.min || 0));
      const items = list.querySelector(".calc-list__items");
      while (items.children.length > want && items.children.length > 0) {
        items.lastElementChild.remove();
        changed = true;
      }
      while (items.children.length < want) {
        if (!addRow(list)) break;
        changed = true;
      }
      renumber(list);
    }
    if (!changed) break;
  }
  for (const control of form.querySelectorAll("[data-path]")) {
    if (control.matches("input, select") && Object.hasOwn(values, control.dataset.path)) {
      writeControl(control, values[control.dataset.path]);
    }
  }
}

// An optional section (a step of the plan) has a checkbox: its fieldset says whether the section is in,
// for the stylesheet, whichever way the box changed (a click, a saved set, a file, a link).
function syncSections(form) {
  for (const box of form.querySelectorAll("[data-section-toggle]")) {
    const section = box.closest(".calc-section");
    if (section) section.dataset.state = box.checked ? "in" : "out";
  }
}

function showErrors(el, errors) {
  for (const box of el.querySelectorAll(".calc-error")) {
    box.hidden = true;
    box.textContent = "";
  }
  for (const control of el.querySelectorAll("[aria-invalid]")) control.removeAttribute("aria-invalid");
  for (const { key, message } of errors) {
    const box = el.querySelector(`.calc-error[data-error-for="${CSS.escape(key)}"]`);
    if (box) {
      box.textContent = box.hidden ? message : `${box.textContent} ${message}`;
      box.hidden = false;
    }
    const control = el.querySelector(`[data-path="${CSS.escape(key)}"]`);
    if (control && control.matches("input, select")) control.setAttribute("aria-invalid", "true");
  }
}

// -- the key results in view while editing ---------------------------------------------
// render.py puts a copy of the results' summary, .calc-pin, beside the form; the stylesheet
// shows it there on a wide screen and pins it under the header on a narrow one while a field
// has focus. It is hidden from screen readers, which hear the live results region itself.

// Copy each new summary into the pin, and mirror whether the results are stale.
function followSummary(pin, results, reveal) {
  const title = pin.querySelector(".calc-pin__title");
  const sync = () => {
    const summary = results.querySelector(":scope > .calc-summary");
    pin.replaceChildren(...(title ? [title] : []), ...(summary ? [summary.cloneNode(true)] : []));
    pin.classList.toggle("calc-pin--stale", results.classList.contains("calc-results--stale"));
    reveal(); // a taller bar may now cover the field
  };
  new MutationObserver(sync).observe(results, { childList: true, attributes: true, attributeFilter: ["class"] });
}

// After the browser's own scroll to a focused field: scroll a little more if the pinned bar covers
// the field (narrow screens), or if the results beside the form run below the window (wide screens).
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

function keepResultsInView(el, form, results) {
  const pin = el.querySelector(":scope > .calc-pin");
  if (!pin) return;
  const reveal = () => requestAnimationFrame(() => revealFieldAndPin(form, pin));
  followSummary(pin, results, reveal);
  form.addEventListener("focusin", reveal);
}

// -- the reader's own tools: Markdown, files, saved sets ------------------------------------
// Built here rather than at build time: none of them can work without this module.

function make(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === true) node.setAttribute(key, "");
    else if (value !== false) node.setAttribute(key, value);
  }
  if (text) node.textContent = text;
  return node;
}

function addReaderTools(el, calc) {
  const toolbar = el.querySelector(".calc-toolbar");
  if (!toolbar) return null;
  const print = toolbar.querySelector("[data-tool=print]");
  let markdown = toolbar.querySelector("[data-tool=markdown]");
  if (!markdown) {
    markdown = make("button", { type: "button", "data-tool": "markdown" }, "Download Markdown");
    toolbar.insertBefore(markdown, print);
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
  return { markdown, open, file, saved, nameInput, list };
}

// -- one calculator ------------------------------------------------------------------

function setStatus(el, state, text) {
  const status = el.querySelector(".calc-status");
  status.dataset.state = state;
  status.textContent = text;
  el.dataset.state = state;
}

function mount(el) {
  if (el.dataset.mounted) return;
  el.dataset.mounted = "true";
  const name = el.dataset.calc;
  const form = el.querySelector(".calc-form");
  const results = el.querySelector(".calc-results");
  const messages = el.querySelector(".calc-messages");
  const defaults = readForm(form);
  keepResultsInView(el, form, results);

  // A shared link wins over what this browser saved; both win over the example.
  const linked = fromUrl(name);
  const saved = linked?.values ? null : load(name);
  let dirty = false;
  let extra = {}; // keys from a link that match no field: sent once, so Python names them
  const start = linked?.values || saved;
  if (start && JSON.stringify(start) !== JSON.stringify(defaults)) {
    shapeForm(form, start, !linked?.values);
    const known = new Set(Object.keys(readForm(form)));
    extra = Object.fromEntries(Object.entries(start).filter(([key]) => !known.has(key)));
    dirty = true;
  }
  if (linked?.error) messages.textContent = linked.error;
  let lastGood = { inputs: JSON.parse(el.dataset.inputs || "null"), result: JSON.parse(results.dataset.result || "null") };
  for (const list of form.querySelectorAll("[data-list]")) renumber(list);
  syncSections(form);

  const py = startRuntime(el.dataset.wheel, el.dataset.snapshot);
  let live = false;
  let busy = false;
  let again = false;

  // ``carry``: keys that match no field (from a file), sent along so that Python names them.
  async function refresh(fromUser = true, carry = {}) {
    syncSections(form);
    const formData = readForm(form);
    if (fromUser) {
      extra = carry;
      save(name, formData);
      writeUrl(name, formData);
    }
    if (!live) {
      dirty = true;
      results.classList.add("calc-results--stale");
      return;
    }
    // One request at a time: changes made meanwhile are coalesced into one more request with
    // the latest form, so fast typing never queues up stale work or shows an old answer last.
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    const started = performance.now();
    let answer;
    try {
      answer = await py.update(name, { ...extra, ...readForm(form) }, el.dataset.base || "");
    } finally {
      busy = false;
    }
    if (again) {
      again = false;
      refresh(false);
      return;
    }
    if (!el.isConnected) return;
    const { reply, computeMs } = answer;
    if (reply.crashed) {
      messages.innerHTML = "";
      setStatus(el, "error", `The calculator hit an internal error: ${reply.text}`);
      return;
    }
    showErrors(el, reply.errors);
    if (reply.ok) {
      results.innerHTML = reply.html;
      results.dataset.result = JSON.stringify(reply.result);
      if (typeof reply.markdown === "string") results.dataset.markdown = reply.markdown;
      else delete results.dataset.markdown;
      lastGood = { inputs: reply.inputs, result: reply.result };
      showMarkdownTool();
      results.classList.remove("calc-results--stale");
      messages.innerHTML = "";
    } else {
      results.classList.add("calc-results--stale");
      messages.innerHTML = reply.html;
    }
    // Timings for the benchmark and the tests; an event for anyone waiting on a result.
    el.dataset.updates = String(Number(el.dataset.updates || 0) + 1);
    el.dataset.lastComputeMs = computeMs.toFixed(2);
    el.dataset.lastRoundTripMs = (performance.now() - started).toFixed(2);
    el.dataset.lastUpdateAt = performance.now().toFixed(1);
    el.dispatchEvent(new CustomEvent("calc:updated", { detail: { ok: reply.ok, computeMs } }));
  }

  form.addEventListener("input", () => refresh());
  form.addEventListener("change", () => refresh());
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button || !form.contains(button)) return;
    const list = button.closest("[data-list]");
    if (button.dataset.action === "add") {
      const row = addRow(list);
      const first = row?.querySelector("input, select");
      if (first) {
        first.focus();
        first.select?.(); // typing replaces the default
      }
    } else if (button.dataset.action === "remove") {
      const row = button.closest(".calc-record");
      const items = list.querySelector(".calc-list__items");
      if (items.children.length <= Number(list.dataset.min || 0)) return;
      const next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      renumber(list);
      (next?.querySelector("input, select") || list.querySelector(".calc-add"))?.focus();
    }
    refresh();
  });
  const tools = {
    reset() {
      shapeForm(form, defaults);
      refresh();
    },
    async link(button) {
      const url = linkFor(name, readForm(form)).href;
      try {
        await navigator.clipboard.writeText(url);
        button.textContent = "Link copied";
      } catch {
        window.prompt("Copy this link:", url); // no clipboard on plain http: let the reader copy it
      }
      setTimeout(() => (button.textContent = "Copy link"), 2000);
    },
    json() {
      const doc = { calculator: name, inputs: lastGood.inputs, result: lastGood.result };
      download(`${name}.json`, "application/json", JSON.stringify(doc, null, 2) + "\n");
    },
    csv() {
      download(`${name}.csv`, "text/csv", tablesAsCsv(results));
    },
    print() {
      window.print();
    },
    markdown() {
      const text = results.dataset.markdown;
      if (text) download(`${name}.md`, "text/markdown", text.endsWith("\n") ? text : `${text}\n`);
    },
    open() {
      reader?.file.click();
    },
  };

  // What the tools say goes to the calculator's status line (role=status), its state kept;
  // what went wrong with a file goes to its messages, where input problems go.
  const status = el.querySelector(".calc-status");
  function say(text) {
    status.textContent = text;
  }
  function warn(text) {
    const note = make("p", { class: "calc-note calc-note--warning", role: "alert" }, text);
    messages.replaceChildren(note);
  }

  // Values from a saved set or a file: the form takes their shape, and the results follow.
  function apply(values, carry = {}) {
    shapeForm(form, values);
    refresh(true, carry);
  }

  const reader = addReaderTools(el, name);
  function showMarkdownTool() {
    if (reader) reader.markdown.hidden = !results.dataset.markdown;
  }
  showMarkdownTool();

  if (reader) {
    const { file, saved, nameInput, list } = reader;
    const fieldNames = () => new Set(Object.keys(readForm(form)).map((path) => path.split(".")[0]));
    file.addEventListener("change", async () => {
      const chosen = file.files?.[0];
      file.value = ""; // the same file may be opened again
      if (!chosen) return;
      let text;
      try {
        if (chosen.size > FILE_MAX_BYTES) throw new Error("too big");
        text = await chosen.text();
      } catch {
        warn(`\u201c${chosen.name}\u201d could not be opened: it is too big or could not be read. Open a file saved with \u201cDownload JSON\u201d.`);
        return;
      }
      const found = inputsFromFile(name, chosen.name, text, fieldNames());
      if (found.error) {
        warn(found.error);
        reader.open.focus();
        return;
      }
      let flat;
      try {
        flat = flatten(found.inputs);
      } catch {
        warn(`\u201c${chosen.name}\u201d is too deeply nested or too big to be this calculator\u2019s inputs.`);
        return;
      }
      // A field the file leaves out keeps the example's value; list rows follow the file.
      const given = new Set(Object.keys(found.inputs));
      const values = Object.fromEntries(Object.entries(defaults).filter(([path]) => !given.has(path.split(".")[0])));
      Object.assign(values, flat);
      shapeForm(form, defaults);
      shapeForm(form, values);
      const known = new Set(Object.keys(readForm(form)));
      messages.replaceChildren();
      refresh(true, Object.fromEntries(Object.entries(values).filter(([key]) => !known.has(key))));
      say(`The inputs from \u201c${chosen.name}\u201d are in the form${live ? "" : "; the results will follow once Python has loaded"}.`);
    });

    function listSaved(select) {
      const sets = loadSaved(name);
      list.replaceChildren(...sets.map((set) => make("option", { value: set.name }, set.name)));
      if (!sets.length) list.append(make("option", { value: "" }, "None saved yet"));
      if (select !== undefined) list.value = select;
      for (const button of saved.querySelectorAll("[data-saved=load], [data-saved=delete]")) button.disabled = !sets.length;
      return sets;
    }
    listSaved();

    saved.addEventListener("submit", (event) => {
      event.preventDefault();
      const label = nameInput.value.trim().slice(0, 80);
      if (!label) {
        say("Type a name for these inputs first, then save.");
        nameInput.focus();
        return;
      }
      const sets = loadSaved(name);
      const before = sets.findIndex((set) => set.name === label);
      const entry = { name: label, form: readForm(form), saved: new Date().toISOString() };
      if (before >= 0) sets[before] = entry;
      else sets.push(entry);
      if (sets.length > SAVED_MAX) {
        say(`You already keep ${SAVED_MAX} saved sets here: delete one first.`);
        return;
      }
      if (!storeSaved(name, sets)) {
        say("These inputs could not be saved: this browser\u2019s storage is switched off or full.");
        return;
      }
      listSaved(label);
      nameInput.value = "";
      say(before >= 0 ? `Saved \u201c${label}\u201d in this browser, in place of the earlier set of that name.` : `Saved \u201c${label}\u201d in this browser.`);
    });
    saved.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-saved]");
      if (!button || button.type === "submit") return;
      const sets = loadSaved(name);
      const index = sets.findIndex((set) => set.name === list.value);
      if (index < 0) {
        listSaved();
        say("Choose a set of saved inputs first.");
        return;
      }
      const chosen = sets[index];
      if (button.dataset.saved === "load") {
        const values = Object.fromEntries(Object.entries(chosen.form).filter(([, value]) => typeof value === "string"));
        apply(values);
        say(`Loaded \u201c${chosen.name}\u201d${live ? "" : "; the results will follow once Python has loaded"}.`);
      } else {
        sets.splice(index, 1);
        if (!storeSaved(name, sets)) {
          say("The saved set could not be deleted: this browser\u2019s storage is switched off.");
          return;
        }
        listSaved(sets[Math.min(index, sets.length - 1)]?.name);
        say(`Deleted \u201c${chosen.name}\u201d.`);
        (list.options.length && sets.length ? list : nameInput).focus();
      }
    });
  }
  el.querySelector(".calc-toolbar")?.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-tool]");
    if (button && tools[button.dataset.tool]) tools[button.dataset.tool](button);
  });

  const restored = linked?.values ? "The inputs from your link are in place." : "Your saved inputs are back.";
  setStatus(el, "loading", dirty ? `${restored} Python is loading to recompute the results…` : "Python is loading: the results below are ready, and will update as you type.");
  if (dirty) results.classList.add("calc-results--stale");
  const stopProgress = py.onProgress(({ step, steps, text }) => {
    if (!live) setStatus(el, "loading", `${text}… (step ${step} of ${steps}). The results below were computed in advance.`);
  });
  py.ready.then(
    () => {
      stopProgress();
      live = true;
      el.dataset.readyAt = performance.now().toFixed(1);
      setStatus(el, "ready", "Live: the results update as you type. Everything runs in your browser.");
      if (dirty) refresh(false);
    },
    (error) => {
      stopProgress();
      setStatus(el, "failed", `The live calculator could not start (${error.message}). The results shown were computed when the page was built, for the inputs it started with.`);
    },
  );
}

function mountAll() {
  document.querySelectorAll(".calc[data-calc]").forEach(mount);
}

// Material's document$ emits on first load and after every instant navigation.
function subscribe() {
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mountAll);
  else mountAll();
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", subscribe, { once: true });
else subscribe();
