// node --test tests/js/: the form's flat paths (docs/assets/javascripts/calculators/paths.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";

import { denseRows, fieldId, flatten, formText, movedPath, rowsOf } from "../../docs/assets/javascripts/calculators/paths.mjs";

test("formText writes whole numbers as the page renders them and keeps other numbers whole", () => {
  assert.equal(formText(1180000), "1,180,000");
  assert.equal(formText(-5000), "-5,000");
  assert.equal(formText(0.125), "0.125"); // not rounded: the inputs read back are the ones exported
  assert.equal(formText(1e21), "1e+21"); // beyond safe integers: as JavaScript writes it, which Python reads
  assert.equal(formText(true), "true");
  assert.equal(formText(false), "false");
  assert.equal(formText("Relist"), "Relist");
});

test("formText leaves a field that was left empty (null) empty", () => {
  assert.equal(formText(null), "");
  assert.equal(formText(undefined), "");
});

test("flatten gives the form's paths, list rows numbered", () => {
  const inputs = { offers: [{ name: "A", amount: 505000 }, { name: "B", amount: null }], zopa: { your_walk_away: null }, role: "seller" };
  assert.deepEqual(flatten(inputs), {
    "offers.0.name": "A",
    "offers.0.amount": "505,000",
    "offers.1.name": "B",
    "offers.1.amount": "",
    "zopa.your_walk_away": "",
    role: "seller",
  });
});

test("flatten refuses data nested deeper than any calculator's inputs", () => {
  let deep = {};
  for (let i = 0; i < 20; i++) deep = { a: deep };
  assert.throws(() => flatten(deep), /too deep/);
});

test("denseRows renumbers gaps level by level and keeps the order", () => {
  const values = { "offers.7.name": "late", "offers.0.name": "first", "offers.7.outcomes.3.p": "0.5", "offers.7.outcomes.9.p": "0.5", role: "buyer" };
  assert.deepEqual(denseRows(values), {
    "offers.1.name": "late",
    "offers.0.name": "first",
    "offers.1.outcomes.0.p": "0.5",
    "offers.1.outcomes.1.p": "0.5",
    role: "buyer",
  });
});

test("denseRows leaves rows already numbered 0, 1, 2 as they are", () => {
  const values = { "a.0": "x", "a.1": "y", "a.2": "z" };
  assert.deepEqual(denseRows(values), values);
});

test("movedPath moves a row's paths and nothing else", () => {
  assert.equal(movedPath("offers.3.name", "offers.3", "offers.2"), "offers.2.name");
  assert.equal(movedPath("offers.3", "offers.3", "offers.2"), "offers.2");
  assert.equal(movedPath("offers.30.name", "offers.3", "offers.2"), null); // not row 3's
  assert.equal(movedPath("other.3.name", "offers.3", "offers.2"), null);
});

test("rowsOf finds a list's row numbers, not its neighbours'", () => {
  assert.deepEqual(rowsOf(["a.0.x", "a.2", "a.2.y", "ab.5", "b.1", "a.name"], "a"), new Set([0, 2]));
  assert.deepEqual(rowsOf([], "a"), new Set());
});

test("fieldId is the id render.py gives", () => {
  assert.equal(fieldId("plan", "zopa.their_walk_away_low"), "calc-plan-zopa-their_walk_away_low");
});
