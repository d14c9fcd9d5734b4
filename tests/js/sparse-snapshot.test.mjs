// node --test tests/js/: the worker's reader of the published snapshot (calculators/sparse-snapshot.mjs).
// tests/test_sparse.py checks it against the build's writer (sitebuild/sparse.py) on random snapshots.
import assert from "node:assert/strict";
import { test } from "node:test";

import { expandSnapshot } from "../../docs/assets/javascripts/calculators/sparse-snapshot.mjs";

/** @param {number[]} words @param {string} data */
function packed(words, data) {
  const head = new Uint8Array(4 + words.length * 4);
  head.set([0x57, 0x53, 0x50, 0x53]); // "WSPS"
  const view = new DataView(head.buffer);
  words.forEach((w, i) => view.setUint32(4 + 4 * i, w, true));
  return new Uint8Array([...head, ...new TextEncoder().encode(data)]);
}

test("pages go back where the map says, with zeros between, and a short last page", () => {
  // version 1, length 20, pages of 8, two runs: page 0; pages 2 (short: 4 bytes)
  const out = expandSnapshot(packed([1, 20, 8, 2, 0, 1, 2, 1], "ABCDEFGHwxyz"));
  assert.deepEqual([...out], [..."ABCDEFGH"].map((c) => c.charCodeAt(0)).concat(Array(8).fill(0), [..."wxyz"].map((c) => c.charCodeAt(0))));
});

test("a map that overlaps, runs past the end or leaves bytes over is refused", () => {
  assert.throws(() => expandSnapshot(packed([1, 20, 8, 2, 0, 1, 1, 1], "ABCDEFGHIJKLMNOP")), /out of order/);
  assert.throws(() => expandSnapshot(packed([1, 20, 8, 1, 2, 2], "wxyz")), /beyond/);
  assert.throws(() => expandSnapshot(packed([1, 20, 8, 1, 0, 1], "ABCDEFGH!")), /bytes after/);
  assert.throws(() => expandSnapshot(packed([2, 20, 8, 0], "")), /sparse format/);
});
