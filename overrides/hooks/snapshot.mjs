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
const pyodide = await loadPyodide({
  indexURL: pyodideDir.endsWith("/") ? pyodideDir : pyodideDir + "/",
  _makeSnapshot: true,
  // Without it Emscripten takes Node's script path for sys.executable, and the snapshot would carry
  // the build machine's folders to every reader; this is the value a browser boot has.
  _sysExecutable: "./this.program",
});
const wheel = readFileSync(wheelPath);
const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
pyodide.unpackArchive(new Uint8Array(wheel.buffer, wheel.byteOffset, wheel.byteLength), "zip", { extractDir: sitePackages });
pyodide.globals.set("wheel_sha256", createHash("sha256").update(wheel).digest("hex"));
const warmed = pyodide.runPython(`
import gc, importlib, json
from html.parser import HTMLParser
importlib.invalidate_caches()
import calculators
from calculators import web


class _Form(HTMLParser):
    """The flat form a browser sends (data-path -> text), read from the pre-rendered widget."""

    def __init__(self):
        super().__init__()
        self.form, self._select, self._template = {}, None, 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        path = a.get("data-path")
        if tag == "template":  # the blank row that "Add" copies: not part of the form
            self._template += 1
        elif self._template:
            pass
        elif tag == "input" and path:
            self.form[path] = ("true" if "checked" in a else "false") if a.get("type") == "checkbox" else a.get("value") or ""
        elif tag == "select" and path:
            self._select = path
        elif tag == "option" and self._select and ("selected" in a or self._select not in self.form):
            self.form[self._select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "template":
            self._template -= 1


# Run each calculator as the browser will, so the first update after the boot finds every module
# imported and every cache filled: the page's own form through update(), and the error path.
_warm = []
for _name in calculators.CALCULATORS:
    _reader = _Form()
    _reader.feed(web.widget(_name, "snapshot"))
    _warm.append(json.loads(web.update(_name, json.dumps(_reader.form)))["ok"])
    json.loads(web.update(_name, "{}"))
walkaway_wheel = wheel_sha256
del wheel_sha256, _name, _reader, _Form, HTMLParser
gc.collect()
_warm
`);
const warmedOk = warmed.toJs();
warmed.destroy();
if (!warmedOk.every(Boolean)) {
  console.error(`a calculator failed on its own example while warming up: ${JSON.stringify(warmedOk)}`);
  process.exit(1);
}
const snapshot = pyodide.makeMemorySnapshot();
writeFileSync(out, snapshot);
console.log(JSON.stringify({ bytes: snapshot.length, calculators: warmedOk.length, pyodide: pyodide.version, ms: Math.round(performance.now() - started) }));
