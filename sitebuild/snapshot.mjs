// Make the Pyodide memory snapshot the browser boots from (called by the finishing step, sitebuild/finish.py).
//
//   node snapshot.mjs PYODIDE_DIR WHEEL OUT [--ballast=BYTES]
//
// Boots the site's own copy of Pyodide in Node with the private, experimental
// `_makeSnapshot` option, installs the calculators wheel, runs
// calculators.web.warm_up() (every calculator once, as a page runs it, so that
// every module a page needs, ours and the standard library's, is already
// imported), then writes the raw memory snapshot to OUT. Pyodide stamps it with
// its build id and refuses it on any other build; `__main__.walkaway_wheel`
// records the wheel's SHA-256, so the browser can refuse a snapshot made from
// another wheel as well.
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
const indexURL = pyodideDir.endsWith("/") ? pyodideDir : pyodideDir + "/";
const { loadPyodide } = await import(new URL("pyodide.mjs", pathToFileURL(indexURL)).href);
const started = performance.now();
const pyodide = await loadPyodide({
  indexURL,
  _makeSnapshot: true,
  // Without it Emscripten takes Node's script path for sys.executable, and the snapshot would carry
  // the build machine's folders to every reader; this is the value a browser boot has.
  _sysExecutable: "./this.program",
});

// Python's own functions, called through Pyodide's proxies: no Python source in this file but the warm-up call.
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
const snapshot = pyodide.makeMemorySnapshot();
writeFileSync(out, snapshot);
// The snapshot's header records where the heap starts; the heap is the rest.
const heap = snapshot.length - new DataView(snapshot.buffer, snapshot.byteOffset).getUint32(4, true);
console.log(JSON.stringify({ bytes: snapshot.length, heap, pyodide: pyodide.version, ms: Math.round(performance.now() - started) }));
