// @ts-check
// One calculator: `mount(el)` wires the pre-rendered form and results to Python, and returns its teardown,
// which removes every listener, observer and subscription it made (Material's instant navigation replaces
// the page's content; the worker lives on). Everything that changes while it is mounted is in one object,
// `state`; the DOM work is in form.mjs, view.mjs and tools.mjs, the pure work in paths.mjs and share.mjs.

import { addRow, readForm, removeRow, renumber, shapeForm, showErrors, syncSections } from "./form.mjs";
import { flatten } from "./paths.mjs";
import { runtimeInfo, startRuntime } from "./runtime.mjs";
import { FILE_MAX_BYTES, exportDocument, fragmentWith, inputsFromFile, markdownDocument, readFragment } from "./share.mjs";
import { SAVED_MAX, loadCurrent, loadSaved, saveCurrent, storeSaved } from "./storage.mjs";
import { addExampleSwitch, addReaderTools } from "./tools.mjs";
import { download, keepResultsInView, make, setStatus } from "./view.mjs";

/** @typedef {import("./paths.mjs").FlatForm} FlatForm */
/** @typedef {{name: string, form: FlatForm}} Example */

/**
 * The worked examples the page carries (data-examples, written by calculators.web.widget), the first the
 * one the page opens on; without them, the form as rendered (read only then).
 * @param {HTMLElement} el
 * @param {() => FlatForm} rendered
 * @returns {Example[]}
 */
function examplesOf(el, rendered) {
  try {
    const list = JSON.parse(el.dataset.examples || "[]");
    if (Array.isArray(list) && list.length && list.every((e) => e && typeof e.name === "string" && e.form && typeof e.form === "object")) return list;
  } catch {
    /* the form as rendered, below */
  }
  return [{ name: "The worked example", form: rendered() }];
}

/** @param {string} text */
const parsed = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

/**
 * Mount the calculator `el` (a .calc[data-calc] element rendered by calculators/render.py).
 * @param {HTMLElement} el
 * @returns {() => void} its teardown
 */
export function mount(el) {
  const name = el.dataset.calc || "";
  const form = /** @type {HTMLFormElement | null} */ (el.querySelector(".calc-form"));
  const results = /** @type {HTMLElement | null} */ (el.querySelector(".calc-results"));
  const messages = /** @type {HTMLElement | null} */ (el.querySelector(".calc-messages"));
  const status = /** @type {HTMLElement | null} */ (el.querySelector(".calc-status"));
  if (!name || !form || !results || !messages || !status || el.dataset.mounted) return () => {};
  el.dataset.mounted = "true";
  runtimeInfo.mounted += 1;
  const controller = new AbortController();
  const { signal } = controller;
  const on = /** @type {<E extends Event>(target: EventTarget, type: string, listener: (event: E) => void) => void} */ (
    (target, type, listener) => target.addEventListener(type, /** @type {EventListener} */ (listener), { signal })
  );

  const examples = examplesOf(el, () => readForm(form));
  const example = examples[0].form;
  const empty = /** @type {FlatForm | null} */ (parsed(el.dataset.empty || "null"));
  keepResultsInView(el, form, results, signal);

  // Everything that changes while the calculator is mounted.
  const state = {
    /** Python answers. */
    live: false,
    /** A request is out; `again`: the form changed meanwhile, so one more follows. */
    busy: false,
    again: false,
    /** The form differs from the results shown (a link, saved inputs, typing before Python was up). */
    dirty: false,
    /** Torn down: answers that arrive now are dropped. */
    closed: false,
    /** Keys from a link or a file that match no field: sent along once, so that Python names them. */
    extra: /** @type {FlatForm} */ ({}),
    /** The last inputs and result Python accepted: what "Download JSON" saves; null: the page's own, read when asked for. */
    lastGood: /** @type {{inputs: unknown, result: unknown} | null} */ (null),
  };

  // A shared link wins over what this browser saved; both win over the example.
  const linked = readFragment(location.hash, name);
  const saved = linked?.values ? null : loadCurrent(name);
  const start = linked?.values || saved;
  if (start && JSON.stringify(start) !== JSON.stringify(readForm(form))) {
    shapeForm(form, start, !linked?.values);
    const known = new Set(Object.keys(readForm(form)));
    state.extra = Object.fromEntries(Object.entries(start).filter(([key]) => !known.has(key)));
    state.dirty = true;
  }
  if (linked?.error) messages.textContent = linked.error;
  for (const list of /** @type {NodeListOf<HTMLElement>} */ (form.querySelectorAll("[data-list]"))) renumber(list);
  syncSections(form);

  const py = startRuntime(el.dataset.wheel || "", el.dataset.snapshot || "");

  /** @param {FlatForm} formData */
  function writeUrl(formData) {
    try {
      history.replaceState(history.state, "", `#${fragmentWith(location.hash, name, formData)}`);
    } catch {
      /* some embedded browsers forbid it; the link button still works */
    }
  }

  /**
   * Recompute from the form. `carry`: keys that match no field (from a file), sent along so that Python names them.
   * @param {boolean} [fromUser]
   * @param {FlatForm} [carry]
   */
  async function refresh(fromUser = true, carry = {}) {
    if (!form || !results || !messages || state.closed) return;
    syncSections(form);
    const formData = readForm(form);
    if (fromUser) {
      state.extra = carry;
      saveCurrent(name, formData);
      writeUrl(formData);
    }
    if (!state.live) {
      state.dirty = true;
      results.classList.add("calc-results--stale");
      return;
    }
    // One request at a time: changes made meanwhile are coalesced into one more request with the latest
    // form, so fast typing never queues up stale work or shows an old answer last.
    if (state.busy) {
      state.again = true;
      return;
    }
    state.busy = true;
    const started = performance.now();
    let answer;
    try {
      answer = await py.update(name, { ...state.extra, ...readForm(form) }, el.dataset.base || "");
    } catch {
      return; // the worker died: onStop below says so, and the results shown stay
    } finally {
      state.busy = false;
    }
    if (state.closed) return;
    if (state.again) {
      state.again = false;
      refresh(false);
      return;
    }
    const { reply, computeMs } = answer;
    if (reply.crashed) {
      messages.replaceChildren();
      setStatus(el, "error", `The calculator hit an internal error: ${reply.text}`);
      return;
    }
    showErrors(el, reply.errors);
    if (reply.ok) {
      results.innerHTML = reply.html; // Python's renderer escapes every text it puts in
      results.dataset.result = JSON.stringify(reply.result);
      // The downloads Python wrote for these results: Markdown, and the tables as CSV (formula cells made safe).
      for (const kind of /** @type {const} */ (["markdown", "csv"])) {
        const text = reply[kind];
        if (typeof text === "string") results.dataset[kind] = text;
        else delete results.dataset[kind];
      }
      state.lastGood = { inputs: reply.inputs, result: reply.result };
      showExportTools();
      results.classList.remove("calc-results--stale");
      messages.replaceChildren();
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

  /** @param {string} text  what a tool says, on the status line (role=status), its state kept */
  const say = (text) => {
    status.textContent = text;
  };
  /** @param {string} text  what went wrong with a file: in the messages, where input problems go */
  const warn = (text) => messages.replaceChildren(make("p", { class: "calc-note calc-note--warning", role: "alert" }, text));
  const later = () => (state.live ? "" : "; the results will follow once Python has loaded");

  /**
   * Values from an example, a saved set or a file: the form takes their shape, and the results follow.
   * @param {FlatForm} values
   * @param {FlatForm} [carry]
   */
  function apply(values, carry = {}) {
    if (!form) return;
    shapeForm(form, values);
    refresh(true, carry);
  }

  on(form, "input", () => refresh());
  on(form, "change", () => refresh());
  on(form, "submit", (event) => event.preventDefault());
  on(form, "click", (event) => {
    const button = /** @type {HTMLElement | null} */ (event.target instanceof Element ? event.target.closest("button[data-action]") : null);
    const list = /** @type {HTMLElement | null} */ (button?.closest("[data-list]") ?? null);
    if (!button || !list || !form.contains(button)) return;
    if (button.dataset.action === "add") {
      const first = /** @type {HTMLInputElement | null} */ (addRow(list)?.querySelector("input, select") ?? null);
      if (first) {
        first.focus();
        first.select?.(); // typing replaces the default
      }
    } else if (button.dataset.action === "remove") {
      const row = /** @type {HTMLElement | null} */ (button.closest(".calc-record"));
      if (row) removeRow(row)?.focus();
    }
    refresh();
  });

  const reader = addReaderTools(el, name);
  /** A download that these results do not carry (a page built before it existed) is not offered empty. */
  function showExportTools() {
    if (!reader || !results) return;
    reader.markdown.hidden = !results.dataset.markdown;
    if (reader.csv) reader.csv.hidden = !results.dataset.csv;
  }
  showExportTools();

  const sectionToggles = form.querySelectorAll("[data-section-toggle]").length;
  /** @type {Record<string, (button: HTMLButtonElement) => void>} */
  const tools = {
    reset() {
      apply(example);
    },
    empty() {
      if (!empty) return;
      apply(empty);
      say(
        sectionToggles
          ? `Started empty: every optional step is left out, and the fields with no default are blank. Tick a step to add it${later()}.`
          : `Started empty: the fields with no default are blank for your own numbers${later()}.`,
      );
    },
    async link(button) {
      const url = new URL(location.href);
      url.hash = fragmentWith(location.hash, name, readForm(form));
      try {
        await navigator.clipboard.writeText(url.href);
        button.textContent = "Link copied";
      } catch {
        window.prompt("Copy this link:", url.href); // no clipboard on plain http: let the reader copy it
      }
      setTimeout(() => (button.textContent = "Copy link"), 2000);
    },
    json() {
      const { inputs, result } = state.lastGood ?? { inputs: parsed(el.dataset.inputs || "null"), result: parsed(results.dataset.result || "null") };
      download(`${name}.json`, "application/json", exportDocument(name, inputs, result));
    },
    csv() {
      const text = results.dataset.csv; // written by Python (calculators.render.render_csv), not read off the tables
      if (text) download(`${name}.csv`, "text/csv", text);
    },
    print() {
      window.print();
    },
    markdown() {
      const text = results.dataset.markdown;
      if (text) download(`${name}.md`, "text/markdown", markdownDocument(text));
    },
    open() {
      reader?.file.click();
    },
  };
  if (!empty && reader) reader.empty.hidden = true;

  const toolbar = el.querySelector(".calc-toolbar");
  if (toolbar) {
    on(toolbar, "click", (event) => {
      const button = /** @type {HTMLButtonElement | null} */ (event.target instanceof Element ? event.target.closest("button[data-tool]") : null);
      const tool = button?.dataset.tool;
      if (button && tool && Object.hasOwn(tools, tool)) tools[tool](button);
    });
  }

  const exampleSwitch = addExampleSwitch(
    el,
    name,
    examples.map((e) => e.name),
  );
  if (exampleSwitch) {
    on(exampleSwitch, "click", (event) => {
      const button = /** @type {HTMLElement | null} */ (event.target instanceof Element ? event.target.closest("button[data-example]") : null);
      const chosen = button ? examples[Number(button.dataset.example)] : undefined;
      if (!chosen) return;
      apply(chosen.form);
      say(`Loaded the worked example \u201c${chosen.name}\u201d${later()}.`);
    });
  }

  if (reader) {
    const { file, saved: savedForm, nameInput, list } = reader;
    const fieldNames = () => new Set(Object.keys(readForm(form)).map((path) => path.split(".")[0]));
    on(file, "change", async () => {
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
      if (state.closed) return;
      const found = inputsFromFile(name, chosen.name, text, fieldNames());
      if (found.error !== undefined) {
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
      const values = Object.fromEntries(Object.entries(example).filter(([path]) => !given.has(path.split(".")[0])));
      Object.assign(values, flat);
      shapeForm(form, example);
      shapeForm(form, values);
      const known = new Set(Object.keys(readForm(form)));
      messages.replaceChildren();
      refresh(true, Object.fromEntries(Object.entries(values).filter(([key]) => !known.has(key))));
      say(`The inputs from \u201c${chosen.name}\u201d are in the form${later()}.`);
    });

    /** @param {string} [select] */
    function listSaved(select) {
      const sets = loadSaved(name);
      list.replaceChildren(...sets.map((set) => make("option", { value: set.name }, set.name)));
      if (!sets.length) list.append(make("option", { value: "" }, "None saved yet"));
      if (select !== undefined) list.value = select;
      for (const button of /** @type {NodeListOf<HTMLButtonElement>} */ (savedForm.querySelectorAll("[data-saved=load], [data-saved=delete]"))) {
        button.disabled = !sets.length;
      }
      return sets;
    }
    listSaved();

    on(savedForm, "submit", (event) => {
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
    on(savedForm, "click", (event) => {
      const button = /** @type {HTMLButtonElement | null} */ (event.target instanceof Element ? event.target.closest("button[data-saved]") : null);
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
        apply(chosen.form);
        say(`Loaded \u201c${chosen.name}\u201d${later()}.`);
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

  // -- Python's state, in words ------------------------------------------------------------
  const restored = linked?.values ? "The inputs from your link are in place." : "Your saved inputs are back.";
  setStatus(el, "loading", state.dirty ? `${restored} Python is loading to recompute the results\u2026` : "Python is loading: the results below are ready, and will update as you type.");
  if (state.dirty) results.classList.add("calc-results--stale");
  const stopProgress = py.onProgress(({ step, steps, text }) => {
    if (!state.live) setStatus(el, "loading", `${text}\u2026 (step ${step} of ${steps}). The results below were computed in advance.`);
  });
  const stopStop = py.onStop((reason) => {
    stopProgress();
    if (state.closed) return;
    setStatus(
      el,
      "failed",
      state.live
        ? `The live calculator stopped (${reason}). The results shown are the last ones it computed; reload the page to start it again.`
        : `The live calculator could not start (${reason}). The results shown were computed when the page was built, for the inputs it started with.`,
    );
    state.live = false;
  });
  py.ready.then(
    () => {
      stopProgress();
      if (state.closed) return;
      state.live = true;
      el.dataset.readyAt = performance.now().toFixed(1);
      setStatus(el, "ready", "Live: the results update as you type. Everything runs in your browser.");
      if (state.dirty) refresh(false);
    },
    () => {}, // onStop above says why
  );

  return function teardown() {
    state.closed = true;
    controller.abort();
    stopProgress();
    stopStop();
    for (const node of [...(reader?.added ?? []), ...(exampleSwitch ? [exampleSwitch] : [])]) node.remove();
    delete el.dataset.mounted;
    runtimeInfo.mounted -= 1;
  };
}
