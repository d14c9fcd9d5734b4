// @ts-check
// The reader's inputs kept in this browser: the current inputs of each calculator, and named sets of them.
// Storage may be off (private mode, a policy) or full: nothing here ever throws, and the calculators work
// without it. `store` is a getter, so that a storage which throws on access is caught too (and node --test
// can hand in its own).

/** @typedef {import("./paths.mjs").FlatForm} FlatForm */
/** @typedef {{name: string, form: FlatForm, saved?: string}} SavedSet */
/** @typedef {() => Pick<Storage, "getItem" | "setItem">} StoreGetter */

const CURRENT = "walkaway:calc:";
const SAVED = "walkaway:saved:";
/** The most named sets kept per calculator. */
export const SAVED_MAX = 50;

/** @type {StoreGetter} */
const local = () => window.localStorage;

/**
 * A calculator's current inputs, or null.
 * @param {string} calc
 * @param {StoreGetter} [store]
 * @returns {FlatForm | null}
 */
export function loadCurrent(calc, store = local) {
  try {
    const text = store().getItem(CURRENT + calc);
    const value = text ? JSON.parse(text) : null;
    if (!value || typeof value !== "object" || Array.isArray(value)) return null;
    return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "string"));
  } catch {
    return null;
  }
}

/**
 * @param {string} calc
 * @param {FlatForm} form
 * @param {StoreGetter} [store]
 */
export function saveCurrent(calc, form, store = local) {
  try {
    store().setItem(CURRENT + calc, JSON.stringify(form));
  } catch {
    /* working without persistence is fine */
  }
}

/**
 * The named sets kept for a calculator, oldest first; entries that are not sets are dropped.
 * @param {string} calc
 * @param {StoreGetter} [store]
 * @returns {SavedSet[]}
 */
export function loadSaved(calc, store = local) {
  try {
    const list = JSON.parse(store().getItem(SAVED + calc) || "[]");
    if (!Array.isArray(list)) return [];
    return list
      .filter((entry) => entry && typeof entry.name === "string" && entry.form && typeof entry.form === "object" && !Array.isArray(entry.form))
      .map((entry) => ({ ...entry, form: Object.fromEntries(Object.entries(entry.form).filter(([, v]) => typeof v === "string")) }));
  } catch {
    return [];
  }
}

/**
 * True when the browser kept it: storage may be off, or full.
 * @param {string} calc
 * @param {SavedSet[]} list
 * @param {StoreGetter} [store]
 */
export function storeSaved(calc, list, store = local) {
  try {
    store().setItem(SAVED + calc, JSON.stringify(list));
    return true;
  } catch {
    return false;
  }
}
