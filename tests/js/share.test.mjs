// node --test tests/js/: links, files and downloads (docs/assets/javascripts/calculators/share.mjs).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  LINK_MAX_FIELDS,
  exportDocument,
  fragmentWith,
  inputsFromFile,
  markdownDocument,
  readFragment,
} from "../../docs/assets/javascripts/calculators/share.mjs";
import { flatten } from "../../docs/assets/javascripts/calculators/paths.mjs";

test("a link's fragment round-trips the form, other calculators' inputs kept", () => {
  const form = { "offers.0.name": "Café & co = best?", "offers.0.amount": "1,000", "#": "%20" };
  const hash = fragmentWith("#zopa=%7B%7D", "batna", form);
  assert.deepEqual(readFragment(`#${hash}`, "batna"), { values: form });
  assert.deepEqual(readFragment(hash, "zopa"), { values: {} });
  assert.equal(readFragment(hash, "plan"), null);
});

test("a fragment that is a heading, not inputs, holds none", () => {
  assert.equal(readFragment("#the-calculator", "batna"), null);
  assert.equal(readFragment("", "batna"), null);
});

test("a damaged or odd link is refused in words, never run", () => {
  assert.match(readFragment("#batna=%7Bnot json", "batna")?.error ?? "", /could not be read/);
  assert.match(readFragment("#batna=%5B1%2C2%5D", "batna")?.error ?? "", /not in the expected form/);
  assert.match(readFragment("#batna=null", "batna")?.error ?? "", /not in the expected form/);
});

test("a link's values become text, its rows renumbered, and at most so many are read", () => {
  const data = { "offers.4.amount": 5, "offers.9.name": ["<b>"], role: true };
  const found = readFragment(`#batna=${encodeURIComponent(JSON.stringify(data))}`, "batna");
  assert.deepEqual(found, { values: { "offers.0.amount": "5", "offers.1.name": '["<b>"]', role: "true" } });
  const many = Object.fromEntries(Array.from({ length: LINK_MAX_FIELDS + 50 }, (_, i) => [`f${i}`, "1"]));
  const read = readFragment(`#x=${encodeURIComponent(JSON.stringify(many))}`, "x");
  assert.equal(Object.keys(read?.values ?? {}).length, LINK_MAX_FIELDS);
});

test("an export opens back as its inputs, linked fields left empty staying empty", () => {
  const inputs = { name: "Plan", zopa: { your_walk_away: null, their_walk_away_low: 500000 } };
  const text = exportDocument("plan", inputs, { ok: 1 });
  assert.ok(text.endsWith("\n"));
  const found = inputsFromFile("plan", "plan.json", text, new Set(["name", "zopa"]));
  assert.deepEqual(found, { inputs });
  assert.equal(JSON.parse(text).inputs.zopa.your_walk_away, null);
  assert.equal(flatten(found.inputs)["zopa.your_walk_away"], "");
});

test("a file of bare inputs opens; anything else is refused naming the problem", () => {
  const fields = new Set(["offers", "role"]);
  assert.deepEqual(inputsFromFile("batna", "in.json", '{"role": "buyer"}', fields), { inputs: { role: "buyer" } });
  assert.match(inputsFromFile("batna", "x.json", "not json", fields).error ?? "", /\u201cx\.json\u201d could not be opened/);
  assert.match(inputsFromFile("batna", "x.json", "[1]", fields).error ?? "", /one JSON object/);
  assert.match(inputsFromFile("batna", "x.json", '{"calculator": "zopa", "inputs": {}}', fields).error ?? "", /\u201czopa\u201d calculator, not for this one/);
  assert.match(inputsFromFile("batna", "x.json", '{"calculator": "batna", "inputs": [1]}', fields).error ?? "", /damaged/);
  assert.match(inputsFromFile("batna", "x.json", '{"pie": 1}', fields).error ?? "", /it has \u201cpie\u201d/);
  assert.match(inputsFromFile("batna", "x.json", "{}", fields).error ?? "", /not an export/);
});

test("markdownDocument ends with exactly one added newline", () => {
  assert.equal(markdownDocument("# A"), "# A\n");
  assert.equal(markdownDocument("# A\n"), "# A\n");
});
