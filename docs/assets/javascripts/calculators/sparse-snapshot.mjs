// @ts-check
// The memory snapshot as the build publishes it: only its pages that are not all zeros, with a map of where they
// go (sitebuild/sparse.py writes it, and its docstring gives the format). The worker puts the pages back into a
// zeroed buffer of the snapshot's length, which is much cheaper than inflating megabytes of zeros.

const MAGIC = 0x53505357; // "WSPS", little-endian
const VERSION = 1;
const HEAD = 20; // magic, version, length, page, count
const RUN = 8; // first page, pages

/**
 * @typedef {object} Expanded  the whole snapshot, and which of its bytes the build sent
 * @property {Uint8Array} snapshot
 * @property {[number, number][]} sent  [start, end) byte ranges, in order; everything else is zeros
 */

/**
 * The whole snapshot from its sparse form; throws on anything that is not exactly that format.
 * @param {Uint8Array} packed
 * @returns {Expanded}
 */
export function expandSnapshot(packed) {
  if (packed.byteLength < HEAD) throw new Error("snapshot: too short for its header");
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const word = (/** @type {number} */ at) => view.getUint32(at, true);
  if (word(0) !== MAGIC || word(4) !== VERSION) throw new Error("snapshot: not the sparse format this page reads");
  const length = word(8);
  const page = word(12);
  const count = word(16);
  if (page === 0 || page % 8) throw new Error("snapshot: bad page size");
  let at = HEAD + count * RUN;
  if (at > packed.byteLength) throw new Error("snapshot: runs cut short");
  const out = new Uint8Array(length); // zeros: what the build left out
  /** @type {[number, number][]} */
  const sent = [];
  let end = 0; // the first page a next run may start at
  for (let i = 0; i < count; i++) {
    const first = word(HEAD + i * RUN);
    const n = word(HEAD + i * RUN + 4);
    if (n === 0 || first < end || first * page >= length) throw new Error("snapshot: runs out of order or out of range");
    if ((first + n - 1) * page >= length) throw new Error("snapshot: a run beyond the snapshot's length");
    const start = first * page;
    const size = Math.min((first + n) * page, length) - start;
    if (at + size > packed.byteLength) throw new Error("snapshot: data cut short");
    out.set(packed.subarray(at, at + size), start);
    sent.push([start, start + size]);
    at += size;
    end = first + n + 1;
  }
  if (at !== packed.byteLength) throw new Error("snapshot: bytes after the data");
  return { snapshot: out, sent };
}

/**
 * Undoes the build's XOR of the heap with the wasm's memory as instantiated (`image`, its data segments, zero
 * above `heapBase`): the snapshot's heap is its header's second word on. Where the build sent nothing, the heap
 * is the image itself and is copied; only what it sent is XORed, byte for byte (by 32-bit words where aligned).
 * @param {Expanded} expanded
 * @param {Uint8Array} image
 * @param {number} heapBase
 */
export function undoDelta({ snapshot, sent }, image, heapBase) {
  if (snapshot.byteLength < 8) return; // Pyodide refuses it anyway (no magic number)
  const offset = new DataView(snapshot.buffer, snapshot.byteOffset, 8).getUint32(4, true);
  const limit = Math.min(heapBase, snapshot.byteLength - offset, image.byteLength); // heap addresses to undo
  let done = 0; // heap addresses below this are undone
  for (const [start, end] of [...sent, [Infinity, Infinity]]) {
    const from = Math.max(start - offset, 0);
    const to = Math.min(end - offset, limit);
    if (done < Math.min(from, limit)) snapshot.set(image.subarray(done, Math.min(from, limit)), offset + done); // sent nothing
    if (from >= limit) break;
    if (from < to) xorInto(snapshot, offset + from, image, from, to - from);
    done = Math.max(done, to);
  }
}

/**
 * target[at..at+n] ^= source[from..from+n], by 32-bit words where both line up.
 * @param {Uint8Array} target
 * @param {number} at
 * @param {Uint8Array} source
 * @param {number} from
 * @param {number} n
 */
function xorInto(target, at, source, from, n) {
  const a = target.byteOffset + at;
  const b = source.byteOffset + from;
  if (a % 4 === 0 && b % 4 === 0 && n % 4 === 0) {
    const t = new Uint32Array(target.buffer, a, n / 4);
    const s = new Uint32Array(source.buffer, b, n / 4);
    for (let i = 0; i < t.length; i++) t[i] ^= s[i];
  } else {
    for (let i = 0; i < n; i++) target[at + i] ^= source[from + i];
  }
}
