// @ts-check
// What a reader takes away or brings back: links, files and downloads, as pure functions (node --test).
// Nothing here touches the page; mount.mjs reads the form and the location and hands them in.

import { denseRows } from "./paths.mjs";

/** @typedef {import("./paths.mjs").FlatForm} FlatForm */
/** @typedef {{values: FlatForm, error?: undefined} | {error: string, values?: undefined}} Found */

// -- shareable links: #NAME={"path": "text", ...} --------------------------------
// The inputs live in the URL's fragment, which browsers never send to the server: opening a shared link
// reveals nothing to whoever hosts the site, and no value is too long for a server to accept. A link is
// only data: its values go into the form's fields as text, and Python validates them like anything typed.
// Nothing from a link is ever run or inserted as HTML.

/** @param {string} hash */
function fragmentParams(hash) {
  const text = hash.startsWith("#") ? hash.slice(1) : hash;
  return new URLSearchParams(text.includes("=") ? text : "");
}

/** At most this many fields are read from a link. */
export const LINK_MAX_FIELDS = 500;

/**
 * The inputs a link's fragment holds for the calculator `name`: null when it holds none.
 * @param {string} hash  location.hash
 * @param {string} name
 * @returns {Found | null}
 */
export function readFragment(hash, name) {
  const text = fragmentParams(hash).get(name);
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
  /** @type {FlatForm} */
  const values = {};
  for (const [key, value] of Object.entries(data).slice(0, LINK_MAX_FIELDS)) {
    values[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { values: denseRows(values) };
}

/**
 * The fragment `hash` with the calculator `name`'s inputs set to `form` (other calculators' kept).
 * @param {string} hash
 * @param {string} name
 * @param {FlatForm} form
 * @returns {string} without the leading "#"
 */
export function fragmentWith(hash, name, form) {
  const params = fragmentParams(hash);
  params.set(name, JSON.stringify(form));
  return params.toString();
}

// -- files: an export ({calculator, inputs, result}) read back ------------------------

export const FILE_MAX_BYTES = 2_000_000;

/**
 * The JSON file "Download JSON" saves: what the command line reads back (`run NAME FILE`).
 * @param {string} calc
 * @param {unknown} inputs
 * @param {unknown} result
 */
export function exportDocument(calc, inputs, result) {
  return JSON.stringify({ calculator: calc, inputs, result }, null, 2) + "\n";
}

/**
 * The Markdown file: the results' Markdown, ending with a newline.
 * @param {string} text
 */
export function markdownDocument(text) {
  return text.endsWith("\n") ? text : `${text}\n`;
}

/**
 * The inputs a file holds, as the command line reads them: an export of this calculator, or one object of
 * its inputs. Returns `{inputs}` or `{error}`, the error in the reader's words.
 * @param {string} calc
 * @param {string} fileName
 * @param {string} text
 * @param {Set<string>} fieldNames  the calculator's top-level field names
 * @returns {{inputs: Record<string, unknown>, error?: undefined} | {error: string, inputs?: undefined}}
 */
export function inputsFromFile(calc, fileName, text, fieldNames) {
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
    const which = strangers.length ? `: it has ${strangers.slice(0, 3).map((k) => `\u201c${k.slice(0, 30)}\u201d`).join(", ")}` : "";
    return { error: `${named} is not an export of this calculator (\u201c${calc}\u201d) nor a set of its inputs${which}.` };
  }
  return { inputs: data };
}
