// @ts-check
// The memory snapshot as the build publishes it: only its pages that are not all zeros, with a map of where they
// go (sitebuild/sparse.py writes it, and its docstring gives the format). The worker puts the pages back into a
// zeroed buffer of the snapshot's length, which is much cheaper than inflating megabytes of zeros.

const MAGIC = 0x53505357; // "WSPS", little-endian
const VERSION = 1;
const HEAD = 20; // magic, version, length, page, count
const RUN = 8; // first page, pages

/**
 * The whole snapshot from its sparse form; throws on anything that is not exactly that format.
 * @param {Uint8Array} packed
 * @returns {Uint8Array}
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
    at += size;
    end = first + n + 1;
  }
  if (at !== packed.byteLength) throw new Error("snapshot: bytes after the data");
  return out;
}
