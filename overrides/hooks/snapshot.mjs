// Make the Pyodide memory snapshot the browser boots from (called by embeds.py at build time).
//
//   node snapshot.mjs PYODIDE_DIR WHEEL OUT
//
// Boots the site's own copy of Pyodide in Node with the private, experimental
// `_makeSnapshot` option, installs the calculators wheel, imports every
// calculator and runs each once (so that every module a page needs, ours and
// the standard library's, is already imported), then writes the raw memory
// snapshot to OUT. Pyodide stamps it with its build id and refuses it on any
// other build; `__main__.walkaway_wheel` records the wheel's SHA-256, so the
// browser can refuse a snapshot made from another wheel as well.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheelPath, out] = process.argv.slice(2);
if (!out) {
  console.error("usage: node snapshot.mjs PYODIDE_DIR WHEEL OUT");
  process.exit(2);
}
const indexURL = pathToFileURL(pyodideDir.endsWith("/") ? pyodideDir : pyodideDir + "/").href;
const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
const started = performance.now();
const pyodide = await loadPyodide({ indexURL: pyodideDir.endsWith("/") ? pyodideDir : pyodideDir + "/", _makeSnapshot: true });
const wheel = readFileSync(wheelPath);
const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
pyodide.unpackArchive(new Uint8Array(wheel.buffer, wheel.byteOffset, wheel.byteLength), "zip", { extractDir: sitePackages });
pyodide.globals.set("wheel_sha256", createHash("sha256").update(wheel).digest("hex"));
const warmed = pyodide.runPython(`
import gc, importlib, json
importlib.invalidate_caches()
import calculators
from calculators import web
for _name in calculators.CALCULATORS:
    web.widget(_name, "snapshot")          # every module, every block and chart renderer
    json.loads(web.update(_name, "{}"))    # the error path too
walkaway_wheel = wheel_sha256
del wheel_sha256, _name
gc.collect()
len(calculators.CALCULATORS)
`);
const snapshot = pyodide.makeMemorySnapshot();
writeFileSync(out, snapshot);
console.log(JSON.stringify({ bytes: snapshot.length, calculators: warmed, pyodide: pyodide.version, ms: Math.round(performance.now() - started) }));
