// Make the Pyodide memory snapshot the browser boots from (called by the finishing step, sitebuild/finish.py).
//
//   node snapshot.mjs PYODIDE_DIR WHEEL OUT [--ballast=BYTES]
//
// Boots the site's own copy of Pyodide in Node with the private, experimental
// `_makeSnapshot` option, installs the calculators wheel, runs
// calculators.web.warm_up() (every calculator once, as a page runs it, so that
// every module a page needs, ours and the standard library's, is already
// imported), then writes the memory snapshot to OUT. Pyodide stamps it with
// its build id and refuses it on any other build; `__main__.walkaway_wheel`
// records the wheel's SHA-256, so the browser can refuse a snapshot made from
// another wheel as well.
//
// What a reader downloads is made small, and the snapshot is written so:
// - Python runs with PYTHONOPTIMIZE=2 and PYTHONNODEBUGRANGES=1: no docstrings,
//   asserts or column tables in the compiled code it keeps (the calculators read
//   no docstring; their asserts only narrow types).
// - The standard library is not needed after the snapshot: everything it
//   imported is in memory. The browser mounts an empty archive in its place, so
//   the snapshot forgets the archive's table of contents here, and a finder at
//   the end of the import path (calculators/stdlib_on_miss.py) fetches the full archive from
//   the worker, synchronously, the first time an import misses.
// - Memory malloc holds free is zeroed (freed memory keeps whatever it held).
// - The heap is written as its XOR with the wasm's memory as instantiated (its
//   data segments): what the build did not change is zero. The worker XORs it
//   back between instantiation and restore. The header is Pyodide's own.
//
// --ballast=BYTES keeps that many bytes alive in the snapshot: only the tests
// use it, to make a snapshot whose heap is larger than the wasm's initial memory.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const ballast = Number(args.find((a) => a.startsWith("--ballast="))?.slice("--ballast=".length) ?? 0);
const [pyodideDir, wheelPath, out] = args.filter((a) => !a.startsWith("--"));
if (!out || !Number.isSafeInteger(ballast) || ballast < 0) {
  console.error("usage: node snapshot.mjs PYODIDE_DIR WHEEL OUT [--ballast=BYTES]");
  process.exit(2);
}

// The memory as instantiated, before any code ran: the image the browser's worker sees at the same moment.
let initialMemory = null;
let heapBase = 0;
const instantiate = WebAssembly.instantiate;
WebAssembly.instantiate = async function (...call) {
  const result = await instantiate.apply(WebAssembly, call);
  const instance = result.instance ?? result;
  if (!initialMemory && instance.exports?.memory) {
    initialMemory = new Uint8Array(instance.exports.memory.buffer.slice(0));
    heapBase = instance.exports.__heap_base?.value ?? initialMemory.length;
  }
  return result;
};

const indexURL = pyodideDir.endsWith("/") ? pyodideDir : pyodideDir + "/";
const { loadPyodide } = await import(new URL("pyodide.mjs", pathToFileURL(indexURL)).href);
const started = performance.now();
const pyodide = await loadPyodide({
  indexURL,
  _makeSnapshot: true,
  // Without it Emscripten takes Node's script path for sys.executable, and the snapshot would carry
  // the build machine's folders to every reader; this is the value a browser boot has.
  _sysExecutable: "./this.program",
  env: { PYTHONOPTIMIZE: "2", PYTHONNODEBUGRANGES: "1" },
});
if (!initialMemory) {
  console.error("the wasm's initial memory was not seen: Pyodide no longer instantiates through WebAssembly.instantiate");
  process.exit(1);
}

// Python's own functions, called through Pyodide's proxies.
function callPython(module, name, ...args) {
  const mod = pyodide.pyimport(module);
  try {
    const result = mod[name](...args);
    const value = result?.toJs ? result.toJs() : result;
    result?.destroy?.();
    return value;
  } finally {
    mod.destroy();
  }
}

const wheel = readFileSync(wheelPath);
const [sitePackages] = callPython("site", "getsitepackages");
pyodide.unpackArchive(new Uint8Array(wheel.buffer, wheel.byteOffset, wheel.byteLength), "zip", { extractDir: sitePackages });
callPython("importlib", "invalidate_caches");
pyodide.globals.set("walkaway_wheel", createHash("sha256").update(wheel).digest("hex"));
if (ballast) {
  const builtins = pyodide.pyimport("builtins");
  const kept = builtins.bytearray(ballast);
  pyodide.globals.set("walkaway_ballast", kept);
  kept.destroy();
  builtins.destroy();
}
try {
  pyodide.runPython("from calculators.web import warm_up; warm_up()");
} catch (error) {
  console.error(`the calculators could not be warmed up for the snapshot: ${error.message}`);
  process.exit(1);
}

// After the snapshot, the standard library's archive is empty until an import misses (calculators/stdlib_on_miss.py).
callPython("calculators.stdlib_on_miss", "install");

// Zero what malloc holds free: take every free block (no new memory: the footprint limit), clear it, give it back.
const m = pyodide._module;
const footprint = m._malloc_footprint();
m._malloc_set_footprint_limit(footprint);
const held = [];
for (let size = 1 << 24; size >= 8; size >>>= 1) {
  for (let p = m._malloc(size); p; p = m._malloc(size)) {
    m.HEAPU8.fill(0, p, p + m._malloc_usable_size(p));
    held.push(p);
  }
}
for (const p of held) m._free(p);
m._malloc_set_footprint_limit(-1 >>> 0);
if (m._malloc_footprint() !== footprint) {
  console.error("zeroing free memory grew the heap");
  process.exit(1);
}

const snapshot = pyodide.makeMemorySnapshot();
// The snapshot's header records where the heap starts; the heap is the rest.
const offset = new DataView(snapshot.buffer, snapshot.byteOffset).getUint32(4, true);
const heap = snapshot.length - offset;
for (let i = heapBase; i < initialMemory.length; i++) {
  if (initialMemory[i]) {
    console.error(`the wasm's initial memory is not zero above __heap_base (${heapBase}): the worker XORs below it only`);
    process.exit(1);
  }
}
const end = Math.min(heapBase, heap);
for (let i = 0; i < end; i++) snapshot[offset + i] ^= initialMemory[i];
writeFileSync(out, snapshot);
console.log(
  JSON.stringify({ bytes: snapshot.length, heap, heapBase, pyodide: pyodide.version, ms: Math.round(performance.now() - started) }),
);
