// node --test tests/js/: inputs kept in the browser, and storage that fails (calculators/storage.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";

import { loadCurrent, loadSaved, saveCurrent, storeSaved } from "../../docs/assets/javascripts/calculators/storage.mjs";

function memory() {
  const items = new Map();
  return { getItem: (k) => (items.has(k) ? items.get(k) : null), setItem: (k, v) => void items.set(k, String(v)), items };
}
const off = () => {
  throw new DOMException("denied", "SecurityError");
};
const full = () => ({
  getItem: () => null,
  setItem: () => {
    throw new DOMException("full", "QuotaExceededError");
  },
});

test("the current inputs round-trip, per calculator", () => {
  const store = memory();
  saveCurrent("zopa", { role: "buyer" }, () => store);
  assert.deepEqual(loadCurrent("zopa", () => store), { role: "buyer" });
  assert.equal(loadCurrent("batna", () => store), null);
});

test("damaged stored inputs read as none, and non-text values are dropped", () => {
  const store = memory();
  store.setItem("walkaway:calc:zopa", "{broken");
  assert.equal(loadCurrent("zopa", () => store), null);
  store.setItem("walkaway:calc:zopa", '["a"]');
  assert.equal(loadCurrent("zopa", () => store), null);
  store.setItem("walkaway:calc:zopa", '{"a": "1", "b": {"c": 2}}');
  assert.deepEqual(loadCurrent("zopa", () => store), { a: "1" });
});

test("storage switched off or full never throws", () => {
  assert.equal(loadCurrent("zopa", off), null);
  assert.doesNotThrow(() => saveCurrent("zopa", {}, off));
  assert.doesNotThrow(() => saveCurrent("zopa", {}, full));
  assert.deepEqual(loadSaved("zopa", off), []);
  assert.equal(storeSaved("zopa", [], off), false);
  assert.equal(storeSaved("zopa", [], full), false);
});

test("saved sets round-trip; entries that are not sets are dropped", () => {
  const store = memory();
  const sets = [{ name: "A", form: { x: "1" }, saved: "2026-01-01" }];
  assert.equal(storeSaved("zopa", sets, () => store), true);
  assert.deepEqual(loadSaved("zopa", () => store), sets);
  store.setItem("walkaway:saved:zopa", JSON.stringify([...sets, { name: 3, form: {} }, { name: "B", form: [1] }, null]));
  assert.deepEqual(loadSaved("zopa", () => store), sets);
});
