// node --test tests/js/: the worker's reader of the published snapshot (calculators/sparse-snapshot.mjs).
// tests/test_sparse.py checks it against the build's writer (sitebuild/sparse.py) on random snapshots.
import assert from "node:assert/strict";
import { test } from "node:test";

import { expandSnapshot, undoDelta } from "../../docs/assets/javascripts/calculators/sparse-snapshot.mjs";

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
  const { snapshot: out, sent } = expandSnapshot(packed([1, 20, 8, 2, 0, 1, 2, 1], "ABCDEFGHwxyz"));
  assert.deepEqual(sent, [[0, 8], [16, 20]]);
  assert.deepEqual([...out], [..."ABCDEFGH"].map((c) => c.charCodeAt(0)).concat(Array(8).fill(0), [..."wxyz"].map((c) => c.charCodeAt(0))));
});

test("a map that overlaps, runs past the end or leaves bytes over is refused", () => {
  assert.throws(() => expandSnapshot(packed([1, 20, 8, 2, 0, 1, 1, 1], "ABCDEFGHIJKLMNOP")), /out of order/);
  assert.throws(() => expandSnapshot(packed([1, 20, 8, 1, 2, 2], "wxyz")), /beyond/);
  assert.throws(() => expandSnapshot(packed([1, 20, 8, 1, 0, 1], "ABCDEFGH!")), /bytes after/);
  assert.throws(() => expandSnapshot(packed([2, 20, 8, 0], "")), /sparse format/);
});

test("the XOR with the initial memory is undone below __heap_base: copied where nothing was sent", () => {
  // A snapshot of 40 bytes in pages of 8: header (magic, heap at 8), then a heap of 32 bytes; pages 0 and 3 sent.
  const header = [0, 0, 0, 0, 8, 0, 0, 0];
  const delta = [1, 2, 3, 4, 5, 6, 7, 8];
  const bytes = new Uint8Array([0x57, 0x53, 0x50, 0x53, ...new Uint8Array(new Uint32Array([1, 40, 8, 2, 0, 1, 3, 1]).buffer), ...header, ...delta]);
  const expanded = expandSnapshot(bytes);
  const image = Uint8Array.from({ length: 32 }, (_, i) => (i < 24 ? 0xf0 | (i & 15) : 0)); // zero above __heap_base = 24
  const naive = expanded.snapshot.slice();
  for (let i = 0; i < 24; i++) naive[8 + i] ^= image[i];
  undoDelta(expanded, image, 24);
  assert.deepEqual([...expanded.snapshot], [...naive]);
});
