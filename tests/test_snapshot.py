"""The memory snapshot: Python boots from it, and falls back to a normal boot, correctly, whenever it cannot be used."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from calculators import CALCULATORS
from sitebuild import sparse
from tests.conftest import BOOT_TIMEOUT_MS, CHROMIUM, CHROMIUM_ARGS, ROOT

pytestmark = pytest.mark.browser

PAGE = "calculators/batna/"
ACCEPT = "() => JSON.parse(document.querySelector('.calc-results').dataset.result).offers[1].decision === 'accept'"


def snapshot_file(site_dir: Path) -> Path:
    (found,) = site_dir.glob("assets/snapshots/*/*.snapshot.gz")
    return found


def runtime(page: Any) -> dict[str, Any]:
    page.wait_for_selector('.calc[data-state="ready"]', timeout=BOOT_TIMEOUT_MS)
    info: dict[str, Any] = page.evaluate("() => window.walkawayRuntime")
    return info


def visit(context: Any, url: str) -> tuple[Any, list[str], list[str]]:
    """Open ``url`` in a new page of ``context``: the page, the URLs it requested, and its uncaught errors."""
    page = context.new_page()
    urls: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return page, urls, errors


def still_computes(page: Any) -> None:
    page.fill("#calc-batna-offers-1-value", "1,400,000")
    page.wait_for_function(ACCEPT)


def test_the_build_ships_a_snapshot_tied_to_the_pyodide_version_and_the_page_names_it(site_dir: Path) -> None:
    snap = snapshot_file(site_dir)
    version = re.search(r'"version":\s*"([^"]+)"', (ROOT / "node_modules/pyodide/package.json").read_text())
    assert version and snap.name == f"pyodide-{version.group(1)}-calculators.snapshot.gz"
    published = gzip.decompress(snap.read_bytes())  # the snapshot without its all-zero pages (sitebuild/sparse.py)
    raw = sparse.unpack(published)
    assert struct.unpack("<I", raw[:4])[0] == 0x706E7300  # Pyodide's snapshot magic number
    digest = hashlib.sha256(published).hexdigest()  # what the browser checks: the bytes it inflates
    assert snap.parent.name == digest[:16]
    html = (site_dir / PAGE / "index.html").read_text(encoding="utf-8")
    assert f'<meta name="walkaway-snapshot" content="{snap.relative_to(site_dir).as_posix()}#sha256={digest}">' in html
    assert f'data-snapshot="{snap.relative_to(site_dir).as_posix()}#sha256={digest}"' in html
    for name in ("pyodide.asm.wasm", "pyodide.asm.mjs", "pyodide-lock.json"):
        original = site_dir / "assets/pyodide" / name
        assert gzip.decompress((original.parent / f"{name}.gz").read_bytes()) == original.read_bytes()


def test_boots_from_the_snapshot_without_the_wheel_or_the_raw_wasm(page: Any, server: str) -> None:
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(server + PAGE)
    info = runtime(page)
    assert info["mode"] == "snapshot", info
    still_computes(page)
    assert not any(u.endswith(".whl") or u.endswith("pyodide.asm.wasm") for u in urls), urls
    assert sum(u.endswith("pyodide.asm.wasm.gz") for u in urls) == 1
    assert page.page_errors == []


@pytest.mark.parametrize("status", [404, 500])
def test_a_missing_snapshot_falls_back_to_a_normal_boot(context: Any, server: str, status: int) -> None:
    context.route("**/*.snapshot.gz", lambda r: r.fulfill(status=status, body="no"))
    page, urls, errors = visit(context, server + PAGE)
    info = runtime(page)
    assert info["mode"] == "normal" and f"HTTP {status}" in info["fallback"], info
    still_computes(page)
    # The runtime was fetched once: the failed snapshot was noticed before the boot began.
    assert sum(u.endswith("pyodide.asm.wasm.gz") for u in urls) == 1
    assert errors == []


def _corrupt_gzip(data: bytes) -> bytes:
    """Valid gzip around damaged contents, still in the sparse form: only the SHA-256 can tell."""
    raw = bytearray(gzip.decompress(data))
    raw[len(raw) // 2] ^= 0xFF
    return gzip.compress(bytes(raw), compresslevel=1)


def _other_build(published: bytes) -> bytes:
    """The snapshot stamped with another Pyodide build id."""
    raw = bytearray(sparse.unpack(published))
    raw[16:48] = bytes(b ^ 0x55 for b in raw[16:48])  # the build id Pyodide stamps after magic, offset and length
    return sparse.pack(bytes(raw))


def _broken_map(published: bytes) -> bytes:
    """A sparse snapshot whose map sends its first run past the snapshot's end."""
    raw = bytearray(published)
    raw[20:24] = struct.pack("<I", 0xFFFFFF)  # the first run's first page
    return bytes(raw)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(lambda b: b[:5000] + bytes([b[5000] ^ 0xFF]) + b[5001:], id="flipped-byte"),
        pytest.param(_corrupt_gzip, id="valid-gzip-wrong-bytes"),
    ],
)
def test_a_damaged_snapshot_is_refused_and_the_boot_falls_back(
    context: Any, server: str, site_dir: Path, damage: Any
) -> None:
    body = damage(snapshot_file(site_dir).read_bytes())
    context.route("**/*.snapshot.gz", lambda r: r.fulfill(status=200, body=body, content_type="application/gzip"))
    page, urls, errors = visit(context, server + PAGE)
    info = runtime(page)
    assert info["mode"] == "normal" and info["fallback"], info
    still_computes(page)
    assert errors == []


def test_a_server_that_unzips_the_snapshot_itself_is_fine(context: Any, server: str, site_dir: Path) -> None:
    """Some servers send .gz files with Content-Encoding: gzip; the browser then inflates, and so must not we."""
    body = snapshot_file(site_dir).read_bytes()
    context.route(
        "**/*.snapshot.gz",
        lambda r: r.fulfill(status=200, body=body, headers={"Content-Type": "application/octet-stream", "Content-Encoding": "gzip"}),
    )
    page, urls, errors = visit(context, server + PAGE)
    assert runtime(page)["mode"] == "snapshot"
    still_computes(page)
    assert errors == []


def test_a_snapshot_of_another_calculators_package_is_refused(context: Any, server: str, site_dir: Path) -> None:
    """The page names a different (but valid) wheel than the one the snapshot was made from: a normal boot installs it."""
    html = (site_dir / PAGE / "index.html").read_text(encoding="utf-8")
    wheel_ref = re.search(r'data-wheel="([^"#]+)#sha256=([0-9a-f]{64})"', html)
    assert wheel_ref
    original = (site_dir / wheel_ref.group(1)).read_bytes()  # data-wheel is relative to the site root
    other = io.BytesIO()  # the same files, zipped again: other bytes, another SHA-256
    with zipfile.ZipFile(io.BytesIO(original)) as src, zipfile.ZipFile(other, "w", zipfile.ZIP_STORED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, src.read(item))
    other_bytes = other.getvalue()
    new_digest = hashlib.sha256(other_bytes).hexdigest()
    assert new_digest != wheel_ref.group(2)
    patched = html.replace(wheel_ref.group(2), new_digest)
    context.route("**/calculators/batna/", lambda r: r.fulfill(status=200, body=patched, content_type="text/html"))
    context.route("**/*.whl", lambda r: r.fulfill(status=200, body=other_bytes, content_type="application/octet-stream"))
    page, urls, errors = visit(context, server + PAGE)
    info = runtime(page)
    assert info["mode"] == "normal" and "another calculators package" in info["fallback"], info
    still_computes(page)
    assert errors == []


@pytest.mark.parametrize(("damage", "said"), [(_other_build, "build id"), (_broken_map, "out of order or out of range")])
def test_a_snapshot_of_another_pyodide_build_or_a_broken_one_is_refused_on_an_insecure_host(
    playwright: Any, server: str, site_dir: Path, damage: Any, said: str
) -> None:
    """No crypto.subtle on plain http: Pyodide's own build-id check still refuses a snapshot of another build, and
    the worker's reader a sparse snapshot whose map does not fit."""
    body = gzip.compress(damage(gzip.decompress(snapshot_file(site_dir).read_bytes())), compresslevel=1)
    port = urlsplit(server).port
    base = f"http://walkaway.intranet:{port}/"
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP walkaway.intranet 127.0.0.1"]
    )
    try:
        ctx = browser.new_context()
        ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
        ctx.route("**/*.snapshot.gz", lambda r: r.fulfill(status=200, body=body, content_type="application/gzip"))
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + PAGE)
        assert page.evaluate("() => window.isSecureContext") is False
        info = runtime(page)
        assert info["mode"] == "normal" and said in info["fallback"], info
        still_computes(page)
        assert errors == []
    finally:
        browser.close()


def test_without_the_gzipped_wasm_the_original_is_fetched(context: Any, server: str) -> None:
    context.route("**/pyodide.asm.wasm.gz", lambda r: r.fulfill(status=404, body="no"))
    page, urls, errors = visit(context, server + PAGE)
    assert runtime(page)["mode"] == "snapshot"
    still_computes(page)
    assert sum(u.endswith("pyodide.asm.wasm") for u in urls) == 1
    assert errors == []


def test_the_snapshot_carries_nothing_of_the_build_machine(site_dir: Path) -> None:
    """It is shipped to every reader: no folder of the machine that built it, no path of its tools."""
    raw = sparse.unpack(gzip.decompress(snapshot_file(site_dir).read_bytes()))
    project = str(ROOT).encode()  # the site may be built anywhere (WALKAWAY_SITE): the sources are here
    assert project not in raw
    assert b"snapshot.mjs" not in raw and b"walkaway-wheel-" not in raw


def test_a_browser_without_decompression_streams_boots_normally(context: Any, server: str) -> None:
    """Older browsers lack DecompressionStream: no snapshot, the uncompressed wasm, and the wheel."""

    def worker_without_it(route: Any) -> None:
        original = route.fetch()
        body = "delete self.DecompressionStream;\n" + original.text()
        route.fulfill(response=original, body=body)

    context.route("**/calculators-worker.mjs*", worker_without_it)
    page, urls, errors = visit(context, server + PAGE)
    assert runtime(page)["mode"] == "normal"
    still_computes(page)
    assert not any(u.endswith(".gz") for u in urls), urls
    assert sum(u.endswith("pyodide.asm.wasm") for u in urls) == 1 and any(u.endswith(".whl") for u in urls)
    assert errors == []


def page_of(doc: str) -> str:
    """The site path of a guide page from its Markdown source: ``cases/joint-venture.md#x`` -> ``cases/joint-venture/``."""
    return doc.partition("#")[0].removesuffix(".md") + "/"


def test_every_calculator_page_boots_from_the_snapshot(context: Any, server: str) -> None:
    """A snapshot that stopped fitting, or any other refusal, would fall back quietly: the mode says which boot ran."""
    for name, calc in CALCULATORS.items():
        page, urls, errors = visit(context, server + page_of(calc.doc))
        assert page.locator(f'.calc[data-calc="{name}"]').count() == 1, name
        info = runtime(page)
        assert info["mode"] == "snapshot" and not info["fallback"], (name, info)
        assert not any(u.endswith(".whl") for u in urls), (name, urls)
        assert errors == [], (name, errors)
        page.close()


def _leb128(data: bytes, at: int) -> tuple[int, int]:
    """An unsigned LEB128 number in a wasm binary: (value, offset after it)."""
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def initial_memory(wasm: bytes) -> int:
    """The bytes of memory a wasm module declares it starts with (its memory section's minimum, in 64 KiB pages)."""
    assert wasm[:4] == b"\0asm"
    at = 8
    while at < len(wasm):
        section, at = wasm[at], at + 1
        size, at = _leb128(wasm, at)
        if section == 5:  # memory: a count, then limits (a flag byte, the minimum, maybe a maximum)
            count, limits = _leb128(wasm, at)
            assert count == 1 and wasm[limits] in (0, 1), "one plain 32-bit memory"
            pages, _ = _leb128(wasm, limits + 1)
            return pages * 65536
        at += size
    raise AssertionError("the wasm declares no memory of its own")


def test_a_snapshot_larger_than_the_initial_memory_still_boots_from_the_snapshot(
    context: Any, server: str, site_dir: Path, tmp_path: Path
) -> None:
    """Pyodide copies a snapshot's heap into the memory as compiled (pyodide/pyodide#6254); the worker grows it first.

    The snapshot is made by the build's own snapshot.mjs, from the page's wheel and Pyodide, with 16 MB kept alive in
    Python: a heap of about 46 MiB, against the 30 MiB the wasm starts with.
    """
    if shutil.which("node") is None:
        pytest.fail("Node.js is missing: the snapshot is made with node, as in the build")
    html = (site_dir / PAGE / "index.html").read_text(encoding="utf-8")
    wheel = re.search(r'data-wheel="([^"#]+)#sha256=', html)
    old = re.search(r'data-snapshot="[^"#]+#sha256=([0-9a-f]{64})"', html)
    assert wheel and old
    made = subprocess.run(
        ["node", str(ROOT / "sitebuild/snapshot.mjs"), str(site_dir / "assets/pyodide"), str(site_dir / wheel.group(1)),
         str(tmp_path / "big.snapshot"), "--ballast=16000000"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr[-2000:]
    raw = (tmp_path / "big.snapshot").read_bytes()
    heap = len(raw) - struct.unpack("<I", raw[4:8])[0]
    assert json.loads(made.stdout)["heap"] == heap
    assert heap > initial_memory((site_dir / "assets/pyodide/pyodide.asm.wasm").read_bytes()) + 15_000_000
    published = sparse.pack(raw)  # as the build publishes it
    body = gzip.compress(published, compresslevel=1)
    patched = html.replace(old.group(1), hashlib.sha256(published).hexdigest())  # the page names the snapshot it expects
    context.route("**/calculators/batna/", lambda r: r.fulfill(status=200, body=patched, content_type="text/html"))
    context.route("**/*.snapshot.gz", lambda r: r.fulfill(status=200, body=body, content_type="application/gzip"))
    page, urls, errors = visit(context, server + PAGE)
    info = runtime(page)
    assert info["mode"] == "snapshot" and not info["fallback"], info
    still_computes(page)
    assert errors == []


def test_a_snapshot_boot_downloads_at_most_0_65_of_the_floors_bytes(context: Any, server: str, site_dir: Path) -> None:
    """First visit to a calculator page on a server that does not compress: every file it fetches, by its size on disk,
    against the five files a bare ``loadPyodide()`` fetches. Sizes are deterministic, so the bound is exact."""
    page, urls, errors = visit(context, server + PAGE)
    assert runtime(page)["mode"] == "snapshot"
    page.wait_for_load_state("networkidle")
    paths = {urlsplit(u).path.lstrip("/") for u in urls if u.startswith(server)}
    files = [site_dir / (p + "index.html" if p.endswith("/") or not p else p) for p in paths]
    assert all(f.is_file() for f in files), [str(f) for f in files if not f.is_file()]
    site_bytes = sum(f.stat().st_size for f in files)
    floor = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
    floor_bytes = sum((site_dir / "assets/pyodide" / name).stat().st_size for name in floor)
    assert site_bytes <= 0.65 * floor_bytes, (site_bytes, floor_bytes, sorted(paths))
    # None of the large originals: their gzipped copies, and no standard library at all.
    assert not any(p.endswith(("pyodide.asm.wasm", "pyodide.asm.mjs", "python_stdlib.zip", "pyodide-lock.json")) for p in paths)
    assert errors == []


INJECT_RUN = """
self.addEventListener("message", (event) => {
  if (event.data?.type !== "test-run") return;
  let reply;
  try { reply = { type: "test-ran", value: String(python.runPython(event.data.code)) }; }
  catch (error) { reply = { type: "test-ran", error: String(error) }; }
  self.postMessage(reply);
});
"""
KEEP_WORKERS = """
const NativeWorker = window.Worker;
window.__workers = [];
window.Worker = class extends NativeWorker { constructor(...args) { super(...args); window.__workers.push(this); } };
"""


def run_in_worker(page: Any, code: str) -> dict[str, str]:
    result: dict[str, str] = page.evaluate(
        """(code) => new Promise((resolve) => {
            const worker = window.__workers[0];
            worker.addEventListener("message", (e) => { if (e.data?.type === "test-ran") resolve(e.data); });
            worker.postMessage({ type: "test-run", code });
        })""",
        code,
    )
    return result


def test_after_a_snapshot_boot_a_module_not_in_the_snapshot_still_imports(context: Any, server: str) -> None:
    """The snapshot boot mounts an empty standard library; the first import that misses fetches the full one, once."""

    def worker_with_a_test_hook(route: Any) -> None:
        original = route.fetch()
        route.fulfill(response=original, body=original.text() + INJECT_RUN)

    context.route("**/calculators-worker.mjs*", worker_with_a_test_hook)
    context.add_init_script(KEEP_WORKERS)
    page, urls, errors = visit(context, server + PAGE)
    assert runtime(page)["mode"] == "snapshot"
    assert run_in_worker(page, "import sys; str('difflib' in sys.modules)") == {"type": "test-ran", "value": "False"}
    assert not any(u.endswith("python_stdlib.zip") for u in urls)
    reply = run_in_worker(page, "import difflib; difflib.SequenceMatcher(None, 'walk away', 'walk-away').ratio()")
    assert float(reply["value"]) == pytest.approx(2 * 8 / 18), reply  # 8 matching characters of 9 + 9
    reply = run_in_worker(page, "import email.utils, html.entities; email.utils.__name__")  # a submodule, a cached package
    assert reply.get("value") == "email.utils", reply
    assert sum(u.endswith("python_stdlib.zip") for u in urls) == 1
    still_computes(page)
    assert errors == []
