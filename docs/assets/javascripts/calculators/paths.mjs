// @ts-check
// The form's flat paths ("offers.0.name"), as pure functions: no DOM, so node --test covers them.
//
// A calculator's inputs are JSON data; its form holds them as text under flat paths, one per control
// (the data-path attributes render.py writes). These turn the one into the other, and keep list rows
// numbered 0, 1, 2 ... as the form does.

/** @typedef {Record<string, string>} FlatForm  path -> the text its control holds */

/**
 * A value as the form shows it: whole numbers with thousands commas, as the page renders them; other
 * numbers in full, so that inputs read back are exactly the ones exported; null (a field left empty) as "".
 * @param {unknown} value
 * @returns {string}
 */
export function formText(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number" && Number.isSafeInteger(value)) return value.toLocaleString("en-US");
  return typeof value === "string" ? value : String(value);
}

/**
 * `{"offers": [{"name": "A"}]}` -> `{"offers.0.name": "A"}`. Throws on data too deep or too big to be
 * any calculator's inputs.
 * @param {unknown} data
 * @param {string} [prefix]
 * @param {FlatForm} [out]
 * @param {number} [depth]
 * @returns {FlatForm}
 */
export function flatten(data, prefix = "", out = {}, depth = 0) {
  if (depth > 12 || Object.keys(out).length > 5000) throw new Error("too deep");
  if (Array.isArray(data)) data.forEach((item, i) => flatten(item, `${prefix}${i}.`, out, depth + 1));
  else if (data && typeof data === "object") {
    for (const [key, value] of Object.entries(data)) flatten(value, `${prefix}${key}.`, out, depth + 1);
  } else out[prefix.slice(0, -1)] = formText(data);
  return out;
}

const ROW = /^\d+$/;

/**
 * Row numbers with gaps (a hand-made link: offers.0, offers.7) numbered 0, 1, ... in order, level by
 * level, as the form numbers them.
 * @param {FlatForm} values
 * @returns {FlatForm}
 */
export function denseRows(values) {
  /** @type {Map<string, Set<number>>} original prefix -> the row numbers under it */
  const seen = new Map();
  const split = Object.keys(values).map((key) => key.split("."));
  for (const parts of split) {
    parts.forEach((part, i) => {
      if (!ROW.test(part)) return;
      const prefix = parts.slice(0, i).join(".");
      const rows = seen.get(prefix) ?? new Set();
      rows.add(Number(part));
      seen.set(prefix, rows);
    });
  }
  const order = new Map([...seen].map(([prefix, rows]) => [prefix, [...rows].sort((a, b) => a - b)]));
  /** @type {FlatForm} */
  const out = {};
  for (const parts of split) {
    const renamed = parts.map((part, i) => (ROW.test(part) ? String(order.get(parts.slice(0, i).join("."))?.indexOf(Number(part))) : part));
    out[renamed.join(".")] = values[parts.join(".")];
  }
  return out;
}

/**
 * The path `value` becomes when the row at `oldPrefix` moves to `newPrefix`, or null if it is not under it.
 * @param {string} value
 * @param {string} oldPrefix
 * @param {string} newPrefix
 * @returns {string | null}
 */
export function movedPath(value, oldPrefix, newPrefix) {
  if (value !== oldPrefix && !value.startsWith(oldPrefix + ".")) return null;
  return newPrefix + value.slice(oldPrefix.length);
}

/**
 * The row numbers `values` hold for the list at `key`: `rowsOf({"a.0.x": "", "a.2": ""}, "a")` is {0, 2}.
 * @param {Iterable<string>} paths
 * @param {string} key
 * @returns {Set<number>}
 */
export function rowsOf(paths, key) {
  const rows = new Set();
  for (const path of paths) {
    if (!path.startsWith(key + ".")) continue;
    const index = path.slice(key.length + 1).split(".")[0];
    if (ROW.test(index)) rows.add(Number(index));
  }
  return rows;
}

/**
 * The element id render.py gives a field: calc-NAME-path-with-dashes.
 * @param {string} calc
 * @param {string} path
 */
export function fieldId(calc, path) {
  return `calc-${calc}-${path.replaceAll(".", "-")}`;
}
